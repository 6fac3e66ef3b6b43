"""Monthly bulletin lives under ``/bulletin/`` (namespace ``bulletins:``)."""

from django.urls import path

from proactive.bulletins.views import public, staff, subscriptions

app_name = "bulletins"

urlpatterns = [
    # Everyone.
    path("", public.archive, name="archive"),
    path("<int:year>/<int:month>/", public.edition, name="edition"),
    path("<int:year>/<int:month>/v<int:version>/", public.edition, name="edition-version"),
    path("<int:year>/<int:month>/v<int:version>/pdf/", public.edition_pdf, name="edition-pdf"),
    path("images/<int:pk>/", public.image, name="image"),
    path("subscribe/", subscriptions.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", subscriptions.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    # Signed-in officials.
    path("my-subscription/", subscriptions.my_subscription, name="my-subscription"),
    # The secretariat.
    path("subscribers/", subscriptions.subscribers, name="subscribers"),
    path("editions/", staff.staff_list, name="staff-list"),
    path("editions/<int:pk>/", staff.staff_edition, name="staff-edition"),
    path("editions/<int:pk>/progress/", staff.partial_progress, name="partial-progress"),
    path("editions/<int:pk>/editorial/", staff.editorial, name="editorial"),
    path("editions/<int:pk>/statistics/", staff.statistics, name="statistics"),
    path("editions/<int:pk>/news/", staff.news_add, name="news-add"),
    path("editions/<int:pk>/items/", staff.item_add, name="item-add"),
    path("editions/<int:pk>/items/<int:item_pk>/edit/", staff.news_edit, name="news-edit"),
    path("editions/<int:pk>/items/<int:item_pk>/move/", staff.item_move, name="item-move"),
    path("editions/<int:pk>/items/<int:item_pk>/remove/", staff.item_remove, name="item-remove"),
    path("editions/<int:pk>/transition/", staff.transition, name="transition"),
    path("editions/<int:pk>/correct/", staff.correct, name="correct"),
    path("editions/<int:pk>/retry/", staff.retry, name="retry"),
]
