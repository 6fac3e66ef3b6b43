"""Publications lives under ``/publications/`` (namespace ``publications:``)."""

from django.urls import path

from proactive.publications.views import cardsets, casebooks, public

app_name = "publications"

urlpatterns = [
    # Public.
    path("", public.public_list, name="public-list"),
    path("casebooks/<int:pk>/", public.public_casebook, name="public-casebook"),
    path("card-news/<int:pk>/", public.public_cardset, name="public-cardset"),
    path("casebooks/<int:pk>/og.png", public.og_casebook, name="og-casebook"),
    path("card-news/<int:pk>/og.png", public.og_cardset, name="og-cardset"),
    path("cases/<int:nomination_pk>/og.png", public.og_case, name="og-case"),
    path("casebooks/<int:pk>/casebook.pdf", casebooks.pdf, name="casebook-pdf"),
    path("card-news/<int:pk>/cards/<int:position>.png", cardsets.image, name="card-image"),
    path("card-news/<int:pk>/cards.zip", cardsets.download_zip, name="cardset-zip"),
    # The secretariat.
    path("edit/", casebooks.index, name="index"),
    path("edit/casebooks/new/", casebooks.create, name="casebook-create"),
    path("edit/casebooks/<int:pk>/", casebooks.detail, name="casebook"),
    path("edit/casebooks/<int:pk>/progress/", casebooks.progress, name="casebook-progress"),
    path("edit/casebooks/<int:pk>/details/", casebooks.edit, name="casebook-edit"),
    path("edit/casebooks/<int:pk>/cases/", casebooks.add_case, name="casebook-add"),
    path("edit/casebooks/<int:pk>/cases/<int:entry_pk>/move/", casebooks.move, name="entry-move"),
    path("edit/casebooks/<int:pk>/cases/<int:entry_pk>/remove/", casebooks.remove, name="entry-remove"),
    path("edit/casebooks/<int:pk>/cases/<int:entry_pk>/photos/", casebooks.photos, name="entry-photos"),
    path("edit/casebooks/<int:pk>/masks/<int:mask_pk>/", casebooks.mask, name="mask-decide"),
    path("edit/casebooks/<int:pk>/generate/", casebooks.generate, name="casebook-generate"),
    path("edit/casebooks/<int:pk>/step/", casebooks.transition, name="casebook-transition"),
    path("edit/casebooks/<int:pk>/correct/", casebooks.correct, name="casebook-correct"),
    path("edit/card-news/new/", cardsets.create, name="cardset-create"),
    path("edit/card-news/<int:pk>/", cardsets.detail, name="cardset"),
    path("edit/card-news/<int:pk>/progress/", cardsets.progress, name="cardset-progress"),
    path("edit/card-news/<int:pk>/texts/", cardsets.edit, name="cardset-edit"),
    path("edit/card-news/<int:pk>/generate/", cardsets.generate, name="cardset-generate"),
    path("edit/card-news/<int:pk>/step/", cardsets.transition, name="cardset-transition"),
    path("edit/card-news/<int:pk>/correct/", cardsets.correct, name="cardset-correct"),
]
