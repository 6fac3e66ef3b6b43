"""URLs of the reporting centre's intake area: the public reporter pages (namespace ``report:``, at ``/report/``).

No URL here carries a receipt or anything a reporter typed: the receipt travels only in POST bodies.
"""

from django.urls import path

from proactive.reporting.views import intake as views

urlpatterns: list = [
    path("", views.home, name="home"),
    path("new/", views.file_report, name="file"),
    path("follow/", views.follow, name="follow"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.mine_detail, name="mine-detail"),
]
