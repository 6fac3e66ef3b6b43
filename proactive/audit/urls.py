from django.urls import path

from proactive.audit import views

app_name = "audit"
urlpatterns = [
    path("events/", views.event_list, name="event-list"),
    path("access/", views.access_list, name="access-list"),
    path("access/export/", views.access_export, name="access-export"),
]
