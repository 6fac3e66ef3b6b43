"""URLs of the mileage appeals area (namespace ``mileage:``; the app is mounted at ``/mileage/``).

Claim and ledger-entry pages elsewhere link to ``appeals/new/?claim=<pk>`` and ``appeals/new/?entry=<pk>``.
"""

from django.urls import path

from proactive.mileage.views import appeals as views

urlpatterns: list = [
    path("appeals/", views.appeal_list, name="appeal-list"),
    path("appeals/new/", views.appeal_create, name="appeal-create"),
    path("appeals/mine/", views.appeal_mine, name="appeal-mine"),
    path("appeals/review/", views.appeal_panel, name="appeal-panel"),
    path("appeals/<int:pk>/", views.appeal_detail, name="appeal-detail"),
    path("appeals/<int:pk>/assign/", views.appeal_assign, name="appeal-assign"),
    path("appeals/<int:pk>/decide/", views.appeal_decide, name="appeal-decide"),
    path("appeals/<int:pk>/withdraw/", views.appeal_withdraw, name="appeal-withdraw"),
    path("appeals/<int:pk>/evidence/", views.appeal_evidence, name="appeal-evidence"),
]
