from django.urls import path

from proactive.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("<uuid:pk>/", views.document_download, name="download"),
]
