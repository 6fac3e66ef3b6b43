"""Choices for the accounts domain. Imports nothing from the project."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UserKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    CITIZEN = "citizen", _("Citizen")


class OrgUnitKind(models.TextChoices):
    CITY = "city", _("City")
    OFFICE = "office", _("Office")  # 실·본부 / 직속기관
    BUREAU = "bureau", _("Bureau")  # 국
    DEPARTMENT = "department", pgettext_lazy("kind of organisational unit", "Department")  # 과·담당관
    TEAM = "team", pgettext_lazy("kind of organisational unit", "Team")  # 팀
    DISTRICT = "district", _("District (gu/gun)")  # 구·군
    CORPORATION = "corporation", _("Public corporation")  # 공사·공단
    AFFILIATE = "affiliate", _("Affiliated body")  # 출자·출연기관 / 사업소


class OfficialStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ON_LEAVE = "on_leave", _("On leave")
    RETIRED = "retired", _("Retired")


class Role(models.TextChoices):
    """Every role in the programme.

    ``citizen`` and ``official`` are base roles that follow from the kind of account; every other role is held
    through a dated RoleMembership, optionally scoped to an org unit.
    """

    CITIZEN = "citizen", _("Citizen")
    OFFICIAL = "official", _("Official")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    BUREAU_CHIEF = "bureau_chief", _("Bureau chief")
    SECRETARIAT = "secretariat", _("Programme secretariat")
    REVIEWER = "reviewer", _("Working-level reviewer")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    COMMITTEE_CHAIR = "committee_chair", _("Committee chair")
    AUDIT_OFFICER = "audit_officer", _("Audit officer")
    PROTECTION_OFFICER = "protection_officer", _("Protection officer")
    HR_OFFICER = "hr_officer", _("HR officer")
    APPEALS_PANEL = "appeals_panel", _("Mileage appeals panel member")
    # 적극행정 책임관: receives legal-support applications and checks their facts (DOMAIN.md §3, §4.8).
    ACCOUNTABLE_OFFICER = "accountable_officer", _("Accountable officer for proactive administration")
    # A member of the exemption review board (면책심사위원회) of the audit office (DOMAIN.md §4.7).
    EXEMPTION_BOARD = "exemption_board", _("Exemption review board member")
    SYSADMIN = "sysadmin", _("System administrator")


BASE_ROLES = frozenset({Role.CITIZEN, Role.OFFICIAL})
# Roles held by membership. All of them handle others' data, so they need two-factor sign-in (TOTP).
MEMBERSHIP_ROLES = [r for r in Role if r not in BASE_ROLES]
STAFF_ROLES = frozenset(MEMBERSHIP_ROLES)
# Roles whose membership is meaningful only within an org unit.
UNIT_SCOPED_ROLES = frozenset({Role.DEPARTMENT_HEAD, Role.BUREAU_CHIEF})
