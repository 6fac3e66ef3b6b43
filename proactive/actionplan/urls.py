"""Action plan lives under ``/action-plan/`` (namespace ``actionplan:``)."""

from django.urls import path

from proactive.actionplan.views import plans, progress, public, structure

app_name = "actionplan"

urlpatterns = [
    # Public.
    path("public/", public.public_list, name="public-list"),
    path("public/<int:year>/", public.public_detail, name="public-detail"),
    # Plans (the secretariat writes them; officials read them once adopted).
    path("", plans.plan_list, name="plans"),
    path("new/", plans.plan_create, name="plan-create"),
    path("<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("<int:pk>/edit/", plans.plan_edit, name="plan-edit"),
    path("<int:pk>/state/", plans.plan_transition, name="plan-transition"),
    path("<int:pk>/copy/", plans.plan_copy, name="plan-copy"),
    path("<int:pk>/report/<str:review>.<str:fmt>", plans.plan_report, name="plan-report"),
    # Structure.
    path("<int:pk>/directions/new/", structure.direction_add, name="direction-add"),
    path("directions/<int:pk>/edit/", structure.direction_edit, name="direction-edit"),
    path("directions/<int:pk>/remove/", structure.direction_remove, name="direction-remove"),
    path("directions/<int:pk>/move/<str:where>/", structure.direction_move, name="direction-move"),
    path("directions/<int:pk>/tasks/new/", structure.task_add, name="task-add"),
    path("tasks/<int:pk>/edit/", structure.task_edit, name="task-edit"),
    path("tasks/<int:pk>/remove/", structure.task_remove, name="task-remove"),
    path("tasks/<int:pk>/move/<str:where>/", structure.task_move, name="task-move"),
    # Progress.
    path("tasks/<int:pk>/", progress.task_detail, name="task-detail"),
    path("tasks/<int:pk>/q<int:quarter>/", progress.report, name="report"),
    path("tasks/<int:pk>/reporters/", progress.reporter_add, name="reporter-add"),
    path("reporters/<int:pk>/end/", progress.reporter_end, name="reporter-end"),
    path("reports/<int:pk>/review/", progress.review, name="review"),
    path("mine/", progress.mine, name="mine"),
    path("reviews/", progress.reviews, name="reviews"),
]
