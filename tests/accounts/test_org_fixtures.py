"""Shared helpers for the organisation tests (no tests here): a small city, signed-in clients by role."""

import io

from proactive.accounts.enums import OrgUnitKind
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import OfficialFactory, OrgUnitFactory, UserFactory


class City:
    """시청 ─ 기획관(국) ─ 혁신정책과 ─ 적극행정팀, 시청 ─ 안전국 ─ 안전정책과, plus a 구 and a 공사."""

    def __init__(self):
        self.city = OrgUnitFactory(code="C0", name="부산광역시", name_en="Busan", kind=OrgUnitKind.CITY)
        self.bureau = OrgUnitFactory(
            code="B1", name="기획관", name_en="Planning Bureau", kind=OrgUnitKind.BUREAU, parent=self.city
        )
        self.dept = OrgUnitFactory(
            code="D11",
            name="혁신정책과",
            name_en="Innovation Policy Division",
            kind=OrgUnitKind.DEPARTMENT,
            parent=self.bureau,
        )
        self.team = OrgUnitFactory(
            code="T111", name="적극행정팀", name_en="Proactive Team", kind=OrgUnitKind.TEAM, parent=self.dept
        )
        self.other_bureau = OrgUnitFactory(
            code="B2", name="안전국", name_en="Safety Bureau", kind=OrgUnitKind.BUREAU, parent=self.city
        )
        self.other_dept = OrgUnitFactory(
            code="D21",
            name="안전정책과",
            name_en="Safety Policy Division",
            kind=OrgUnitKind.DEPARTMENT,
            parent=self.other_bureau,
        )
        self.district = OrgUnitFactory(
            code="G1", name="해운대구", name_en="Haeundae-gu", kind=OrgUnitKind.DISTRICT, parent=self.city
        )
        self.corporation = OrgUnitFactory(
            code="P1",
            name="부산교통공사",
            name_en="Busan Transportation Corporation",
            kind=OrgUnitKind.CORPORATION,
            parent=self.city,
        )


def official_user(unit=None, **kwargs):
    """A plain official with a sign-in account (no staff role)."""
    official = OfficialFactory(unit=unit) if unit is not None else OfficialFactory()
    return UserFactory(official=official, **kwargs)


def signed_in(client, role=None, unit=None, user=None):
    """``client`` signed in as a user holding ``role`` (in ``unit``), with the second factor done."""
    if user is None:
        user = make_staff(role, unit=unit) if role else official_user()
    login_verified(client, user)
    return user


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)
