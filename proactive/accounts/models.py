"""People and the organisation: accounts, org units, officials and role memberships."""

from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.accounts.enums import OfficialStatus, OrgUnitKind, Role, UserKind
from proactive.core.models import TimeStampedModel


class OrgUnit(TimeStampedModel):
    """A unit of the organisation tree: the city, its offices, bureaus, departments and teams, the 16 구·군,
    public corporations and affiliated bodies.

    ``path`` is a materialised path of zero-padded ids ("000001/000007/") kept by the org services, so a whole
    subtree is one indexed ``path__startswith`` query.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str = "ko") -> str:
        return self.name_en if language == "en" and self.name_en else self.name


class Official(TimeStampedModel):
    """An official as the HR system hands them over. Not every official has a sign-in account."""

    employee_no = models.CharField(_("employee number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    rank = models.CharField(
        pgettext_lazy("civil-service rank", "rank"), max_length=30, help_text=_("e.g. 6급, 7급, 4급")
    )
    grade = models.PositiveSmallIntegerField(
        _("grade number"), null=True, blank=True, help_text=_("1–9 for graded officials; empty otherwise")
    )
    position = models.CharField(_("position"), max_length=60, blank=True)
    job_series = models.CharField(_("job series"), max_length=60, blank=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="officials", verbose_name=_("unit"))
    status = models.CharField(_("status"), max_length=20, choices=OfficialStatus.choices, default=OfficialStatus.ACTIVE)
    email = models.EmailField(_("work e-mail"), blank=True)
    phone = models.CharField(_("work phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["unit__path", "name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.rank})"


class User(AbstractUser):
    """A sign-in account: an official's (linked to their HR record) or a citizen's (verified by e-mail code)."""

    name = models.CharField(_("name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UserKind.choices, default=UserKind.OFFICIAL)
    official = models.OneToOneField(
        Official, on_delete=models.PROTECT, null=True, blank=True, related_name="user", verbose_name=_("official")
    )
    preferred_language = models.CharField(_("language"), max_length=8, blank=True)
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=Q(kind=UserKind.CITIZEN), name="unique_citizen_email"),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def is_citizen(self) -> bool:
        return self.kind == UserKind.CITIZEN

    @property
    def is_verified_citizen(self) -> bool:
        return self.kind == UserKind.CITIZEN and self.email_verified_at is not None


class RoleMembershipQuerySet(models.QuerySet["RoleMembership"]):
    def active(self, on=None):
        day = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class RoleMembership(TimeStampedModel):
    """A user holds a role from ``starts_on`` to ``ends_on`` (inclusive), optionally within an org unit.

    Grants, changes and ends are recorded on the audit trail (안전조치 §5③). Memberships are never deleted:
    ending one sets ``ends_on``.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships", verbose_name=_("unit")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = RoleMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["role", "starts_on"]
        verbose_name = _("role membership")
        verbose_name_plural = _("role memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class CitizenCode(models.Model):
    """A one-time code sent to a citizen's e-mail address. Only a hash of the code is stored."""

    email = models.EmailField()
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email", "created_at"])]
