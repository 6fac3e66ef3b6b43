from django.urls import path

from proactive.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.partial_mark_read, name="partial-mark-read"),
    path("read-all/", views.mark_all_read_view, name="mark-all-read"),
    path("preferences/", views.preferences, name="preferences"),
]
