from django.urls import path

from proactive.mileage.views import catalogue as views

urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/policy/<int:year>/", views.policy_edit, name="policy-edit"),
    path("catalogue/activities/new/", views.activity_create, name="activity-create"),
    path("catalogue/activities/<int:pk>/revise/", views.activity_revise, name="activity-revise"),
    path("catalogue/activities/<int:pk>/active/", views.activity_toggle, name="activity-toggle"),
    path("catalogue/rewards/new/", views.reward_create, name="reward-create"),
    path("catalogue/rewards/<int:pk>/edit/", views.reward_edit, name="reward-edit"),
    path("catalogue/rewards/<int:pk>/active/", views.reward_toggle, name="reward-toggle"),
]
