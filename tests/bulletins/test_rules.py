"""Every object permission of the bulletin denies whoever is not the secretariat (or the programme lead where the
rules say so), and each one follows the edition's state."""

import pytest

from tests.bulletins.support import arrange, assembled, in_review, published

pytestmark = pytest.mark.django_db

OBJECT = [
    "bulletins.view_edition",
    "bulletins.edit_edition",
    "bulletins.submit_edition",
    "bulletins.return_edition",
    "bulletins.approve_edition",
    "bulletins.publish_edition",
    "bulletins.reopen_edition",
    "bulletins.correct_edition",
    "bulletins.retry_jobs",
]


@pytest.mark.parametrize("perm", OBJECT)
def test_nobody_outside_the_secretariat_holds_it(perm):
    people = arrange()
    edition = assembled(people)
    for who in (people.official, people.citizen, people.sysadmin):
        assert not who.has_perm(perm, edition), (perm, who)


def test_state_decides_what_the_secretariat_may_do():
    people = arrange()
    draft = assembled(people)
    assert people.editor.has_perm("bulletins.edit_edition", draft)
    assert not people.editor.has_perm("bulletins.correct_edition", draft)
    assert not people.editor.has_perm("bulletins.retry_jobs", draft)


def test_edit_and_approve_follow_the_state_and_the_author():
    people = arrange()
    edition = in_review(people)
    assert not people.editor.has_perm("bulletins.edit_edition", edition)
    assert not people.editor.has_perm("bulletins.approve_edition", edition)  # the author
    assert people.approver.has_perm("bulletins.approve_edition", edition)


def test_a_published_edition_is_corrected_not_edited():
    people = arrange()
    edition = published(people)
    assert not people.editor.has_perm("bulletins.edit_edition", edition)
    assert not people.approver.has_perm("bulletins.approve_edition", edition)
    assert people.editor.has_perm("bulletins.correct_edition", edition)
    assert people.editor.has_perm("bulletins.retry_jobs", edition)
