from django.urls import path

from proactive.mileage.views import redemptions as views

urlpatterns = [
    path("redeem/", views.redeem, name="redeem"),
    path("rewards/", views.redemption_mine, name="redemption-mine"),
    path("rewards/<int:pk>/cancel/", views.redemption_cancel_mine, name="redemption-cancel-mine"),
    path("reward-requests/", views.redemption_queue, name="redemption-queue"),
    path("reward-requests/<int:pk>/fulfil/", views.redemption_fulfil, name="redemption-fulfil"),
    path("reward-requests/<int:pk>/cancel/", views.redemption_cancel, name="redemption-cancel"),
    path("payouts/", views.payout_batch_list, name="payout-batch-list"),
    path("payouts/create/", views.payout_batch_create, name="payout-batch-create"),
    path("payouts/<int:pk>/", views.payout_batch_detail, name="payout-batch-detail"),
    path("payouts/<int:pk>/export/", views.payout_batch_export, name="payout-batch-export"),
    path("payouts/<int:pk>/import/", views.payout_batch_import, name="payout-batch-import"),
]
