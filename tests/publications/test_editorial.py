"""The shared editorial workflow (publications.editorial), also used by the bulletin."""

import pytest

from proactive.core.exceptions import DomainError
from proactive.publications import editorial
from proactive.publications.editorial import EditorialPermissions
from proactive.publications.editorial import EditorialState as S


def test_the_table_has_no_way_out_of_published():
    table = editorial.editorial_transitions(EditorialPermissions.for_entity("x", "thing"))
    assert table[S.DRAFT] == {S.REVIEW: "x.submit_thing"}
    assert table[S.REVIEW] == {S.DRAFT: "x.return_thing", S.APPROVED: "x.approve_thing"}
    assert table[S.APPROVED] == {S.PUBLISHED: "x.publish_thing", S.DRAFT: "x.reopen_thing"}
    assert S.PUBLISHED not in table


def test_returning_needs_a_reason_and_published_is_immutable():
    with pytest.raises(DomainError):
        editorial.require_reason(S.REVIEW, S.DRAFT, " ")
    editorial.require_reason(S.DRAFT, S.REVIEW, "")

    class Obj:
        state = S.PUBLISHED
        version = 2

    with pytest.raises(DomainError) as exc:
        editorial.require_editable(Obj())
    assert exc.value.code == "immutable"
    assert editorial.next_version(Obj()) == 3


def test_korean_labels():
    from django.utils import translation

    with translation.override("ko"):
        assert [str(s.label) for s in S] == ["초안", "검토 중", "승인", "발행"]
