"""Reads of the certificates of commendation (상장): a round's list, the winner's own, lookup by serial and the
public verification answer (a masked name and the frozen facts, nothing else)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from proactive.nominations.models import Award, Certificate, NominationMember, SelectionRound
from proactive.nominations.services.certificates import normalise_serial

VALID = "valid"
REVOKED = "revoked"
NOT_FOUND = "not_found"


def round_certificates(selection_round: SelectionRound) -> QuerySet[Certificate]:
    """The round's certificates in serial order, with what the secretariat's list shows (one query)."""
    return (
        Certificate.objects.filter(award__nomination__round=selection_round)
        .select_related("member__official")
        .order_by("serial")
    )


def rounds_with_awards() -> QuerySet[SelectionRound]:
    """Rounds with confirmed grades, newest first, with their number of certificates (issued, revoked, rendered)
    and of winning officials (one query)."""
    confirmed = Award.objects.filter(nomination__round=OuterRef("pk"), confirmed_at__isnull=False).exclude(grade="")
    certificates = Certificate.objects.filter(award__nomination__round=OuterRef("pk"))
    winners = NominationMember.objects.filter(
        nomination__round=OuterRef("pk"), nomination__award__confirmed_at__isnull=False
    ).exclude(nomination__award__grade="")
    return (
        SelectionRound.objects.filter(Exists(confirmed))
        .annotate(
            winner_count=_count(winners),
            certificate_count=_count(certificates),
            revoked_count=_count(certificates.filter(revoked_at__isnull=False)),
            rendered_count=_count(certificates.filter(document__isnull=False)),
        )
        .order_by("-year", "-half")
    )


def _count(queryset: QuerySet) -> Any:
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def my_certificates(user: Any) -> QuerySet[Certificate]:
    """The signed-in official's own certificates, newest first (none for someone who is not an official)."""
    if not user.is_authenticated or getattr(user, "official_id", None) is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(member__official_id=user.official_id).order_by("-issued_at", "serial")


def get_certificate(serial: str) -> Certificate | None:
    return Certificate.objects.select_related("member").filter(serial=normalise_serial(serial)).first()


def members_without_certificate(selection_round: SelectionRound) -> int:
    """How many winning officials of the round (confirmed, graded awards) have no certificate yet."""
    awards = Award.objects.filter(nomination__round=selection_round, confirmed_at__isnull=False).exclude(grade="")
    return NominationMember.objects.filter(nomination__award__in=awards, certificate__isnull=True).count()


def mask_name(name: str) -> str:
    """김*수 for 김민수, 김* for 김수, 남**수 for 남궁민수; a Latin name keeps its first and last letter."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


@dataclass(frozen=True)
class Verification:
    status: str  # VALID, REVOKED or NOT_FOUND
    serial: str
    certificate: Certificate | None = None

    @property
    def masked_name(self) -> str:
        return mask_name(self.certificate.recipient_name) if self.certificate else ""


def verify(serial: str) -> Verification:
    """The public answer for a serial number: valid, revoked (with the date) or not found."""
    normalised = normalise_serial(serial)
    certificate = Certificate.objects.filter(serial=normalised).first() if normalised else None
    if certificate is None:
        return Verification(NOT_FOUND, normalised)
    return Verification(REVOKED if certificate.revoked_at else VALID, normalised, certificate)
