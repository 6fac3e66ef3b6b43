from django.urls import path

from proactive.programme import views

app_name = "programme"
urlpatterns = [
    path("settings/", views.settings_edit, name="settings"),
]
