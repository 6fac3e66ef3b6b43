from django.urls import path

from proactive.nominations.views import nominations as views

urlpatterns = [
    path("<int:round_pk>/nominate/", views.nomination_create, name="nomination-create"),
    path("<int:round_pk>/nominations/", views.nomination_list, name="nomination-list"),
    path("nominations/mine/", views.my_nominations, name="my-nominations"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination-detail"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination-edit"),
    path("nominations/<int:pk>/evidence/", views.nomination_evidence, name="nomination-evidence"),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination-submit"),
    path("nominations/<int:pk>/withdraw/", views.nomination_withdraw, name="nomination-withdraw"),
    path("nominations/<int:pk>/verify/", views.nomination_verify, name="nomination-verify"),
    path("nominations/<int:pk>/merge/", views.nomination_merge, name="nomination-merge"),
    path("nominations/<int:pk>/not-duplicate/", views.nomination_not_duplicate, name="nomination-not-duplicate"),
    path("nominations/<int:pk>/match/", views.nomination_match, name="nomination-match"),
    path("nominations/consent/<int:member_pk>/", views.nomination_consent, name="nomination-consent"),
]
