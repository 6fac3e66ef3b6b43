"""Build the demo data set: the organisation, its officials, one account per role, and a little content.

Everything is planned in memory from the seeded definitions in this package, then only what is missing is
written. Running the loader again therefore changes nothing and creates no duplicates; it also fills in what a
newer version of the definitions adds.
"""

import datetime
import importlib
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from proactive.accounts.enums import MEMBERSHIP_ROLES, OfficialStatus, OrgUnitKind, Role, UserKind
from proactive.accounts.models import Official, OrgUnit, RoleMembership, User
from proactive.accounts.services.org import PATH_STEP
from proactive.audit.enums import AccessAction
from proactive.audit.services import record_access, record_event
from proactive.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount, base32_secret, totp_key_hex
from proactive.demo.names import random_name
from proactive.demo.org import CITY, CITY_HEADQUARTERS, UnitDef
from proactive.programme.queries import current_settings
from proactive.programme.services import update_settings

SEED = "proactive-demo"
STAFF_POSITION = "주무관"

# Job series of city and district officials (weights); a unit's ``series`` hint takes most of the weight.
CIVIL_SERIES = {
    "행정": 66,
    "세무": 4,
    "전산": 4,
    "사회복지": 5,
    "시설": 7,
    "환경": 3,
    "보건": 3,
    "공업": 3,
    "녹지": 2,
    "농업": 1,
    "해양수산": 1,
    "사서": 1,
}
BODY_SERIES = {"사무": 75, "기술": 20, "전산": 5}  # public corporations and affiliated bodies
BODY_HINTS = {"시설": "기술", "환경": "기술", "공업": "기술", "전산": "전산", "연구": "연구", "사회복지": "사회복지"}

# Grade weights of staff below team leaders: most officials are 6–8급.
CITY_STAFF_GRADES = {6: 32, 7: 36, 8: 20, 9: 12}
DISTRICT_STAFF_GRADES = {6: 22, 7: 36, 8: 27, 9: 15}
BODY_STAFF_GRADES = {5: 20, 6: 30, 7: 30, 8: 20}
BODY_POSITIONS = {4: "팀장", 5: "차장", 6: "대리", 7: "주임", 8: "사원"}
STATUS_WEIGHTS = {OfficialStatus.ACTIVE: 94, OfficialStatus.ON_LEAVE: 4, OfficialStatus.RETIRED: 2}


@dataclass
class PlannedUnit:
    definition: UnitDef
    code: str
    parent_code: str | None
    sort_order: int
    context: str  # "root", "city", "district", "corporation", "affiliate"
    series: str
    email_domain: str
    phone_prefix: str


@dataclass
class PlannedOfficial:
    employee_no: str
    name: str
    name_en: str
    rank: str
    grade: int
    position: str
    job_series: str
    unit_code: str
    status: str
    email: str
    phone: str


@dataclass
class AccountRow:
    username: str
    role: str
    role_label: str
    name: str
    unit: str
    password: str
    totp_secret: str


@dataclass
class LoadResult:
    units_total: int = 0
    units_created: int = 0
    officials_total: int = 0
    officials_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    devices_created: int = 0
    notifications_created: int = 0
    nominations_created: int = 0
    mileage_claims_created: int = 0
    reports_created: int = 0
    report_receipts: list[tuple[str, str]] = field(default_factory=list)  # (receipt, what it is), see demo.reporting
    committee_created: int = 0
    opinions_created: int = 0
    consultings_created: int = 0
    exemptions_created: int = 0
    legal_support_created: int = 0
    notifications_available: bool = False
    accounts: list[AccountRow] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return any(
            (
                self.units_created,
                self.officials_created,
                self.users_created,
                self.memberships_created,
                self.devices_created,
                self.notifications_created,
                self.nominations_created,
                self.mileage_claims_created,
                self.reports_created,
                self.committee_created,
                self.opinions_created,
                self.consultings_created,
                self.exemptions_created,
                self.legal_support_created,
            )
        )


# --- Planning (pure, deterministic) -------------------------------------------------------------------------


def plan_units() -> list[PlannedUnit]:
    """Every unit in pre-order (a parent before its children), with its code and inherited attributes."""
    planned: list[PlannedUnit] = []
    headquarters = set(CITY_HEADQUARTERS)

    def visit(defn: UnitDef, code: str, parent: PlannedUnit | None, order: int, context: str) -> None:
        unit = PlannedUnit(
            definition=defn,
            code=code,
            parent_code=parent.code if parent else None,
            sort_order=order,
            context=context,
            series=defn.series or (parent.series if parent else ""),
            email_domain=defn.email_domain or (parent.email_domain if parent else ""),
            phone_prefix=defn.phone_prefix or (parent.phone_prefix if parent else ""),
        )
        planned.append(unit)
        for index, child in enumerate(defn.children, start=1):
            if parent is None:  # children of the city: headquarters units get 626NN00, the others own codes
                child_context = "city" if child in headquarters else str(child.kind)
                child_code = child.code or f"626{index:02d}00"
            else:
                child_context = context
                child_code = child.code or f"{code}{index:02d}"
            visit(child, child_code, unit, index, child_context)

    visit(CITY, CITY.code, None, 0, "root")
    return planned


def _weighted(rng: random.Random, weights: dict) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _series_weights(unit: PlannedUnit) -> dict[str, int]:
    if unit.context in {"corporation", "affiliate"}:
        hint = BODY_HINTS.get(unit.series, "")
        return {**BODY_SERIES, hint: 60} if hint else BODY_SERIES
    if unit.series:
        return {**CIVIL_SERIES, unit.series: 55, "행정": 40}
    return CIVIL_SERIES


def _head_position(unit: PlannedUnit) -> tuple[int, str] | None:
    """(grade, position) of the unit's head, or None where the head is not on the officials register."""
    defn = unit.definition
    if unit.context == "root" or defn.kind in {OrgUnitKind.CORPORATION, OrgUnitKind.AFFILIATE}:
        return None  # the mayor and the bodies' chief executives are appointed, not graded officials
    if defn.kind == OrgUnitKind.DISTRICT:
        return 4, defn.head
    if defn.kind == OrgUnitKind.OFFICE:
        return 3, defn.head or ("실장" if defn.name.endswith("실") else "본부장")
    if defn.kind == OrgUnitKind.BUREAU:
        return 3, defn.head or "국장"
    if defn.kind == OrgUnitKind.TEAM:
        return 5, "팀장"
    # Departments.
    if unit.context in {"corporation", "affiliate"}:
        for suffix, position in (
            ("본부", "본부장"),
            ("처", "처장"),
            ("실", "실장"),
            ("단", "단장"),
            ("부", "부장"),
            ("팀", "팀장"),
        ):
            if defn.name.endswith(suffix):
                return 3, position
        return 3, "부장"
    grade = 4 if unit.context == "city" else 5
    if defn.name.endswith("담당관"):
        return grade, "담당관"
    return grade, "실장" if defn.name.endswith("실") else "과장"


def _members(unit: PlannedUnit, rng: random.Random) -> list[tuple[int, str]]:
    """(grade, position) of everyone in the unit, the head first."""
    people: list[tuple[int, str]] = []
    head = _head_position(unit)
    if head:
        people.append(head)
    kind = unit.definition.kind
    if kind == OrgUnitKind.TEAM:
        people += [(_weighted(rng, CITY_STAFF_GRADES), STAFF_POSITION) for _ in range(rng.randint(4, 8))]
    elif kind == OrgUnitKind.DEPARTMENT and unit.context == "district":
        people += [(6, "팀장")] * rng.randint(2, 3)
        people += [(_weighted(rng, DISTRICT_STAFF_GRADES), STAFF_POSITION) for _ in range(rng.randint(6, 9))]
    elif kind == OrgUnitKind.DEPARTMENT and unit.context in {"corporation", "affiliate"}:
        people += [(4, "팀장")] * 2
        for _ in range(rng.randint(5, 7)):
            grade = _weighted(rng, BODY_STAFF_GRADES)
            people.append((grade, BODY_POSITIONS[grade]))
    return people


def plan_officials(units: list[PlannedUnit]) -> list[PlannedOfficial]:
    """Everyone on the officials register. Each unit draws from its own seeded generator, so adding a unit
    later does not change the people already planned for the others."""
    officials: list[PlannedOfficial] = []
    used_emails: Counter[str] = Counter()
    for unit in units:
        rng = random.Random(f"{SEED}/{unit.code}")
        series_weights = _series_weights(unit)
        for index, (grade, position) in enumerate(_members(unit, rng), start=1):
            name, name_en, local = random_name(rng)
            address = f"{local}@{unit.email_domain}"
            used_emails[address] += 1
            if used_emails[address] > 1:
                address = f"{local}{used_emails[address]}@{unit.email_domain}"
            is_head = index == 1 and position != STAFF_POSITION
            status = OfficialStatus.ACTIVE if is_head else _weighted(rng, STATUS_WEIGHTS)
            officials.append(
                PlannedOfficial(
                    employee_no=f"{unit.code}-{index:03d}",
                    name=name,
                    name_en=name_en,
                    rank=f"{grade}급",
                    grade=grade,
                    position=position,
                    job_series=_weighted(rng, series_weights),
                    unit_code=unit.code,
                    status=str(status),
                    email=address,
                    phone=f"051-{unit.phone_prefix}-{rng.randint(1000, 9999)}",
                )
            )
    return officials


# --- Writing ------------------------------------------------------------------------------------------------


def _write_units(planned: list[PlannedUnit], result: LoadResult) -> dict[str, OrgUnit]:
    """Create missing units level by level with bulk inserts, then set their materialised paths."""
    by_code = {u.code: u for u in OrgUnit.objects.all()}
    missing = [p for p in planned if p.code not in by_code]
    depth_of: dict[str, int] = {}
    for p in planned:
        depth_of[p.code] = 0 if p.parent_code is None else depth_of[p.parent_code] + 1
    for depth in sorted({depth_of[p.code] for p in missing}):
        level = [
            OrgUnit(
                code=p.code,
                name=p.definition.name,
                name_en=p.definition.name_en,
                kind=p.definition.kind,
                parent=by_code[p.parent_code] if p.parent_code else None,
                sort_order=p.sort_order,
            )
            for p in missing
            if depth_of[p.code] == depth
        ]
        OrgUnit.objects.bulk_create(level, batch_size=500)
        if any(u.pk is None for u in level):  # back ends that return no ids from bulk inserts
            ids = dict(OrgUnit.objects.filter(code__in=[u.code for u in level]).values_list("code", "pk"))
            for u in level:
                u.pk = ids[u.code]
        for u in level:
            # Same rule as accounts.services.org.refresh_paths: the parent's path plus our zero-padded id.
            parent = u.parent if u.parent_id else None
            u.path = f"{parent.path if parent else ''}{u.pk:0{PATH_STEP}d}/"
            u.depth = parent.depth + 1 if parent else 0
            by_code[u.code] = u
        OrgUnit.objects.bulk_update(level, ["path", "depth"], batch_size=500)
        result.units_created += len(level)
    result.units_total = len(by_code)
    if result.units_created:
        record_event(
            actor=None,
            verb="accounts.org_imported",
            target=by_code[CITY.code],
            data={"source": "demo", "units_created": result.units_created},
        )
    return by_code


def _write_officials(planned: list[PlannedOfficial], units: dict[str, OrgUnit], result: LoadResult) -> None:
    existing = set(Official.objects.values_list("employee_no", flat=True))
    new = [
        Official(
            employee_no=p.employee_no,
            name=p.name,
            name_en=p.name_en,
            rank=p.rank,
            grade=p.grade,
            position=p.position,
            job_series=p.job_series,
            unit=units[p.unit_code],
            status=p.status,
            email=p.email,
            phone=p.phone,
        )
        for p in planned
        if p.employee_no not in existing
    ]
    Official.objects.bulk_create(new, batch_size=500)
    result.officials_created = len(new)
    result.officials_total = len(existing) + len(new)
    if new:
        root = units[CITY.code]
        record_event(
            actor=None,
            verb="accounts.officials_imported",
            target=root,
            data={"source": "demo", "officials_created": len(new)},
        )
        # Creating personal data of officials is itself an access to it (안전조치 §8).
        record_access(
            actor=None,
            ip_address=None,
            action=AccessAction.CREATE,
            subject=root,
            resource=f"officials register: {len(new)} demo records",
        )


def _official_for(
    account: DemoAccount, planned_units: list[PlannedUnit], planned: list[PlannedOfficial], taken: set[str]
) -> PlannedOfficial | None:
    if not account.unit_key:
        return None
    unit = next(u for u in planned_units if u.definition.key == account.unit_key)
    if account.pick == "head":
        candidates = [p for p in planned if p.unit_code == unit.code and p.employee_no.endswith("-001")]
    else:
        candidates = [
            p
            for p in planned
            if p.unit_code.startswith(unit.code)
            and p.position == STAFF_POSITION
            and p.grade in (6, 7)
            and p.status == OfficialStatus.ACTIVE
        ]
    return next(p for p in candidates if p.employee_no not in taken)


def _grant_role(user: User, role: str, unit: OrgUnit | None, starts_on: datetime.date) -> bool:
    """Give ``user`` ``role`` unless they already hold it there. True if a membership was created."""
    held = RoleMembership.objects.active().filter(user=user, role=role, unit=unit)
    if held.exists():
        return False
    try:
        memberships = importlib.import_module("proactive.accounts.services.memberships")
    except ModuleNotFoundError as exc:
        if exc.name != "proactive.accounts.services.memberships":
            raise
        memberships = None
    if memberships is not None:
        memberships.grant_role(actor=None, user=user, role=role, unit=unit, starts_on=starts_on, note="demo")
    else:  # the memberships service is not there yet: write the row and its audit event ourselves
        membership = RoleMembership.objects.create(user=user, role=role, unit=unit, starts_on=starts_on, note="demo")
        record_event(
            actor=None,
            verb="accounts.membership_granted",
            target=membership,
            data={"user": user.username, "role": role, "unit": unit.code if unit else None},
        )
    return True


def _write_accounts(
    planned_units: list[PlannedUnit], planned: list[PlannedOfficial], units: dict[str, OrgUnit], result: LoadResult
) -> list[tuple[User, DemoAccount]]:
    # Held since the start of last year: the mileage demo stages last year's claims with these roles (decision 0024).
    starts_on = datetime.date(timezone.localdate().year - 1, 1, 1)
    taken: set[str] = set()
    users = []
    for account in DEMO_ACCOUNTS:
        person = _official_for(account, planned_units, planned, taken)
        if person:
            taken.add(person.employee_no)
        official = Official.objects.get(employee_no=person.employee_no) if person else None
        user = User.objects.filter(username=account.username).first()
        if user is None:
            is_citizen = account.role == Role.CITIZEN
            user = User(
                username=account.username,
                name=official.name if official else account.name,
                email=official.email if official else account.email,
                kind=UserKind.CITIZEN if is_citizen else UserKind.OFFICIAL,
                official=official,
                preferred_language="ko",
                email_verified_at=timezone.now() if is_citizen else None,
            )
            if is_citizen:
                user.set_unusable_password()  # citizens sign in with a one-time code sent to their e-mail
            else:
                user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            record_event(
                actor=None,
                verb="accounts.user_created",
                target=user,
                data={"source": "demo", "kind": user.kind, "official": person.employee_no if person else None},
            )
            result.users_created += 1
        if account.role in MEMBERSHIP_ROLES:
            scope = units[official.unit.code] if account.scoped and official else None
            if _grant_role(user, account.role, scope, starts_on):
                result.memberships_created += 1
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(
                    user=user, name="default", key=totp_key_hex(account.username), confirmed=True
                )
                record_event(actor=None, verb="accounts.totp_confirmed", target=user, data={"source": "demo"})
                result.devices_created += 1
            secret = base32_secret(device.key)
        else:
            secret = ""
        unit_label = official.unit.name if official else ("" if account.role == Role.CITIZEN else "(external)")
        if account.scoped and official:
            unit_label += " (scope)"
        result.accounts.append(
            AccountRow(
                username=account.username,
                role=str(account.role),
                role_label=str(Role(account.role).label),
                name=user.name,
                unit=unit_label,
                password="" if account.role == Role.CITIZEN else DEMO_PASSWORD,
                totp_secret=secret,
            )
        )
        users.append((user, account))
    return users


def _set_programme_unit(units: dict[str, OrgUnit], planned_units: list[PlannedUnit]) -> None:
    settings = current_settings()
    if settings.programme_unit_id is None:
        programme = next(u for u in planned_units if u.definition.key == "programme")
        update_settings(
            actor=None,
            data={"programme_unit": units[programme.code], "contact_email": "proactive@busan.example"},
        )


def _notify_function():
    """``notifications.services.notify`` if that app provides it, else None (no notifications are created)."""
    try:
        module = importlib.import_module("proactive.notifications.services")
    except ModuleNotFoundError as exc:
        if exc.name != "proactive.notifications.services":
            raise
        return None
    return getattr(module, "notify", None)


WELCOME_TITLE = "적극행정 통합관리 시스템 시연 계정입니다"
ROLE_MESSAGES: dict[str, tuple[str, str]] = {
    Role.SECRETARIAT: (
        "하반기 적극행정 우수공무원 선발 공고를 준비해 주세요",
        "추천 기간, 심사 일정(실무심사 → 온라인 심사 → 적극행정위원회)을 확인해 주세요.",
    ),
    Role.DEPARTMENT_HEAD: ("부서 추천 기간이 곧 시작됩니다", "우리 부서의 적극행정 우수사례를 추천해 주세요."),
    Role.AUDIT_OFFICER: (
        "소극행정 신고 처리 현황을 확인해 주세요",
        "처리 기한이 다가오는 신고가 있는지 확인해 주세요.",
    ),
    Role.COMMITTEE_CHAIR: (
        "적극행정위원회 회의 안건을 확인해 주세요",
        "다음 회의 전에 안건과 위원 회피 신청을 확인해 주세요.",
    ),
}


def _write_notifications(users: list[tuple[User, DemoAccount]], result: LoadResult) -> None:
    notify = _notify_function()
    result.notifications_available = notify is not None
    if notify is None:
        return
    notification_model = apps.get_model("notifications", "Notification")
    for user, account in users:
        messages = [(WELCOME_TITLE, f"이 계정({account.username})은 시연용입니다. 역할: {Role(account.role).label}.")]
        if account.role in ROLE_MESSAGES:
            messages.append(ROLE_MESSAGES[account.role])
        for title, body in messages:
            if notification_model.objects.filter(recipient=user, kind="system.message", title=title).exists():
                continue
            notify(recipient=user, kind="system.message", title=title, body=body, url="/dashboard/")
            result.notifications_created += 1


@transaction.atomic
def load_demo() -> LoadResult:
    """Write whatever part of the demo data set is missing and describe the demo accounts.

    Side effects (only for what is created): org units and officials in bulk, each batch with one audit event
    and one access record; demo users with their role memberships and confirmed TOTP devices, each audited;
    the programme's lead department in the programme settings; a few in-app notifications if that app has them.
    """
    result = LoadResult()
    planned_units = plan_units()
    planned_officials = plan_officials(planned_units)
    units = _write_units(planned_units, result)
    _write_officials(planned_officials, units, result)
    _set_programme_unit(units, planned_units)
    users = _write_accounts(planned_units, planned_officials, units, result)
    _write_notifications(users, result)
    from proactive.demo.history import write_history  # after the accounts it uses exist
    from proactive.demo.selection import write_selection_demo

    result.nominations_created = write_history() + write_selection_demo()
    from proactive.demo.mileage import write_mileage_demo  # after the selection bonus it builds on

    result.mileage_claims_created = write_mileage_demo()
    from proactive.demo.reporting import write_reporting_demo  # after the audit officers' accounts exist

    reporting = write_reporting_demo()
    result.reports_created, result.report_receipts = reporting.created, reporting.receipts
    # Issue 6: the committee first (its roster and meetings), then the routes that put matters before it; the
    # exemption reviews last, since they cite the officials' earlier opinions and pre-consulting answers.
    from proactive.demo.committee import write_committee_demo
    from proactive.demo.consulting import write_consulting_demo
    from proactive.demo.legalsupport import write_legalsupport_demo
    from proactive.demo.opinions import write_opinions_demo
    from proactive.demo.protection import write_protection_demo

    result.committee_created = write_committee_demo()
    result.opinions_created = write_opinions_demo()
    result.consultings_created = write_consulting_demo()
    result.exemptions_created = write_protection_demo()
    result.legal_support_created = write_legalsupport_demo()
    # Issue 7: what the programme publishes (casebooks and card news first: the bulletin's approver is their
    # programme lead), the action plan and outreach; the search index last, over everything written before it.
    from proactive.demo.actionplan import write_actionplan_demo
    from proactive.demo.bulletins import write_bulletins_demo
    from proactive.demo.outreach import write_outreach_demo
    from proactive.demo.publications import write_publications_demo
    from proactive.demo.search import write_search_demo

    write_publications_demo()
    write_bulletins_demo()
    write_actionplan_demo()
    write_outreach_demo()
    write_search_demo()
    return result


def group_counts() -> dict[str, int]:
    """Units per kind, for the summary line."""
    counts: dict[str, int] = defaultdict(int)
    for kind in OrgUnit.objects.values_list("kind", flat=True):
        counts[kind] += 1
    return dict(counts)
