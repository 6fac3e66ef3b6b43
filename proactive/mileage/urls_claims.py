from django.urls import path

from proactive.mileage.views import claims as views

urlpatterns = [
    path("claims/new/", views.claim_create, name="claim-create"),
    path("claims/propose/", views.claim_propose, name="claim-propose"),
    path("claims/propose/split/", views.partial_claim_split, name="partial-claim-split"),
    path("claims/mine/", views.claim_mine, name="claim-mine"),
    path("claims/queue/", views.claim_queue, name="claim-queue"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/transition/", views.claim_transition, name="claim-transition"),
    path("claims/<int:pk>/evidence/", views.claim_evidence, name="claim-evidence"),
]
