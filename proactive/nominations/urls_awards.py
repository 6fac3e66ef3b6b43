from django.urls import path

from proactive.nominations.views import awards as views

urlpatterns = [
    path("<int:year>/<int:half>/results/", views.round_results, name="round-results"),
    path("cases/", views.gallery, name="gallery"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("renominations/", views.renomination_list, name="renomination-list"),
    path("renominations/mine/", views.renomination_mine, name="renomination-mine"),
    path("renominations/<int:pk>/", views.renomination_decide, name="renomination-decide"),
    path("nominations/<int:pk>/renominate/", views.renomination_create, name="renomination-create"),
]
