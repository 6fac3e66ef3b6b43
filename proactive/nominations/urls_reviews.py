from django.urls import path

from proactive.nominations.views import reviews as views

urlpatterns = [
    path("reviews/", views.review_list, name="review-list"),
    path("reviews/<int:pk>/", views.review_score, name="review-score"),
    path("reviews/<int:pk>/recuse/", views.review_recuse, name="review-recuse"),
    path("rounds/<int:round_pk>/reviews/", views.review_assignments, name="review-assignments"),
    path("rounds/<int:round_pk>/reviews/balance/", views.review_balance, name="review-balance"),
    path("rounds/<int:round_pk>/reviews/progress/", views.review_progress, name="review-progress"),
    path("rounds/<int:round_pk>/reviews/ranking/", views.review_ranking, name="review-ranking"),
    path("rounds/<int:round_pk>/reviews/confirm/", views.review_confirm, name="review-confirm"),
]
