from django.urls import path

from proactive.nominations.views import incentives as views

urlpatterns = [
    path("my-awards/", views.my_awards, name="my-awards"),
    path("my-awards/<int:pk>/choose/", views.incentive_choose, name="incentive-choose"),
    path("incentives/", views.incentive_rounds, name="incentive-rounds"),
    path("rounds/<int:round_pk>/incentives/", views.incentive_list, name="incentive-list"),
    path("rounds/<int:round_pk>/incentives/create/", views.incentive_create, name="incentive-create"),
    path(
        "rounds/<int:round_pk>/incentives/payments.<str:fmt>",
        views.incentive_payments,
        name="incentive-payments",
    ),
    path("incentives/<int:pk>/eligibility/", views.incentive_eligibility, name="incentive-eligibility"),
    path("incentives/<int:pk>/decide/", views.incentive_decide, name="incentive-decide"),
    path("incentives/<int:pk>/applied/", views.incentive_applied, name="incentive-applied"),
]
