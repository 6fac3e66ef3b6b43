"""The organisation chart and unit pages: permissions, one-query tree, search, pagination, languages."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import OfficialStatus, OrgUnitKind, Role
from tests.accounts.test_org_fixtures import City, official_user, signed_in
from tests.factories.accounts import CitizenFactory, OfficialFactory, OrgUnitFactory, RoleMembershipFactory

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle=", re.I)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


# --- Permissions -------------------------------------------------------------------------------------------------


def test_tree_and_unit_need_sign_in(client):
    city = City()
    for url in (reverse("accounts:org-tree"), reverse("accounts:unit-detail", args=[city.dept.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_citizen_may_not_see_the_organisation(client):
    city = City()
    signed_in(client, user=CitizenFactory())
    assert client.get(reverse("accounts:org-tree")).status_code == 403
    assert client.get(reverse("accounts:unit-detail", args=[city.dept.pk])).status_code == 403


def test_an_official_sees_the_tree_and_a_unit(client):
    city = City()
    signed_in(client)
    assert client.get(reverse("accounts:org-tree")).status_code == 200
    assert client.get(reverse("accounts:unit-detail", args=[city.dept.pk])).status_code == 200


def test_unknown_unit_is_404(client):
    signed_in(client)
    assert client.get(reverse("accounts:unit-detail", args=[999999])).status_code == 404


# --- The tree ----------------------------------------------------------------------------------------------------


def test_tree_shows_nested_units_with_kinds_and_counts(client):
    city = City()
    OfficialFactory.create_batch(2, unit=city.dept)
    OfficialFactory(unit=city.dept, status=OfficialStatus.RETIRED)
    signed_in(client, Role.HR_OFFICER)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accounts:org-tree")).content.decode()

    assert html.index("Busan") < html.index("Planning Bureau") < html.index("Innovation Policy Division")
    assert "<details open>" in html
    assert "<summary>" in html
    assert 'class="krds-badge bg-light-primary">District (gu/gun)' in html
    assert "2 officials" in html  # the retired one is not counted
    assert reverse("accounts:unit-detail", args=[city.team.pk]) in html
    assert reverse("accounts:org-export", args=["units", "csv"]) in html  # HR may export
    assert not INLINE_SCRIPT.search(html)
    assert not STYLE_ATTR.search(html)


def test_tree_search_keeps_matches_and_their_ancestors(client):
    City()
    signed_in(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("accounts:org-tree"), {"q": "적극"}).content.decode()

    assert "1 unit matches" in html
    assert "Proactive Team" in html
    assert "Innovation Policy Division" in html
    assert "Busan" in html
    assert "Safety Bureau" not in html
    assert "Haeundae-gu" not in html


def test_tree_search_without_match(client):
    City()
    signed_in(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("accounts:org-tree"), {"q": "없는부서"}).content.decode()
    assert "No unit matches your search." in html


def test_tree_uses_the_same_number_of_queries_for_1_and_3_units(client):
    root = OrgUnitFactory(kind=OrgUnitKind.CITY)
    signed_in(client, Role.SYSADMIN)
    url = reverse("accounts:org-tree")
    client.get(url)  # warm up (settings row, sessions)

    one = count_queries(client, url)
    dept = OrgUnitFactory(parent=root)
    OrgUnitFactory(parent=dept, kind=OrgUnitKind.TEAM)
    OfficialFactory.create_batch(3, unit=dept)
    three = count_queries(client, url)

    assert one == three


# --- Unit detail -------------------------------------------------------------------------------------------------


def test_unit_detail_shows_ancestors_children_holders_and_officials(client):
    city = City()
    head = official_user(unit=city.dept, name="과장님")
    RoleMembershipFactory(user=head, role=Role.DEPARTMENT_HEAD, unit=city.dept)
    OfficialFactory(unit=city.dept, name="김주무관")
    OfficialFactory(unit=city.team, name="팀원은안보임")
    signed_in(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(reverse("accounts:unit-detail", args=[city.dept.pk])).content.decode()

    breadcrumb = html[html.index('id="breadcrumb"') : html.index("</nav>", html.index('id="breadcrumb"'))]
    assert "Busan" in breadcrumb
    assert "Planning Bureau" in breadcrumb
    assert "Proactive Team" in html  # child
    assert "Department head" in html
    assert "과장님" in html
    assert "김주무관" in html
    assert "팀원은안보임" not in html
    assert "<caption>" in html
    assert 'scope="col"' in html
    # A plain official cannot open register entries, so names are not links.
    assert reverse("accounts:official-list") not in html


def test_unit_detail_paginates_officials_by_50(client):
    city = City()
    OfficialFactory.create_batch(51, unit=city.dept)
    signed_in(client, Role.SECRETARIAT)
    url = reverse("accounts:unit-detail", args=[city.dept.pk])

    html = client.get(url).content.decode()
    assert 'class="krds-pagination"' in html
    assert len(re.findall(r'href="/accounts/org/officials/\d+/"', html)) == 50

    second = client.get(url, {"page": 2})
    assert second.status_code == 200
    assert second.context["page_obj"].number == 2
    assert len(second.context["page_obj"].object_list) == 1


def test_unit_detail_uses_the_same_number_of_queries_for_1_and_3_rows(client):
    city = City()
    signed_in(client, Role.SECRETARIAT)
    url = reverse("accounts:unit-detail", args=[city.dept.pk])
    OfficialFactory(unit=city.dept)
    RoleMembershipFactory(role=Role.DEPARTMENT_HEAD, unit=city.dept)
    client.get(url)

    one = count_queries(client, url)
    OfficialFactory.create_batch(2, unit=city.dept)
    OrgUnitFactory.create_batch(2, parent=city.dept)
    RoleMembershipFactory.create_batch(2, role=Role.BUREAU_CHIEF, unit=city.dept)
    three = count_queries(client, url)

    assert one == three


# --- Languages ---------------------------------------------------------------------------------------------------


def test_tree_renders_in_korean_by_default_and_in_english_on_request(client):
    City()
    signed_in(client)
    url = reverse("accounts:org-tree")

    korean = client.get(url).content.decode()
    assert '<html lang="ko">' in korean
    assert "<title>조직 |" in korean
    assert "혁신정책과" in korean

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert '<html lang="en">' in english
    assert "<title>Organisation |" in english
    assert "Innovation Policy Division" in english


def test_organisation_pages_have_no_inline_script_or_style_and_fill_the_breadcrumb(client):
    city = City()
    official = OfficialFactory(unit=city.dept)
    membership = RoleMembershipFactory(role=Role.REVIEWER)
    signed_in(client, Role.SYSADMIN)
    urls = [
        reverse("accounts:org-tree"),
        reverse("accounts:unit-detail", args=[city.dept.pk]),
        reverse("accounts:official-list"),
        reverse("accounts:official-detail", args=[official.pk]),
        reverse("accounts:org-import"),
        reverse("accounts:org-export", args=["officials", "xlsx"]),
        reverse("accounts:membership-list"),
        reverse("accounts:membership-create"),
        reverse("accounts:membership-end", args=[membership.pk]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not STYLE_ATTR.search(html), url
        breadcrumb = html[html.index('id="breadcrumb"') : html.index("</nav>", html.index('id="breadcrumb"'))]
        assert breadcrumb.count("<li") >= 2, url
        assert " | " in html[html.index("<title>") : html.index("</title>")], url


def test_tree_markup_is_well_nested(client):
    """The tree renders in one flat loop; its lists, items and disclosures must still nest correctly."""
    from html.parser import HTMLParser

    from proactive.accounts.enums import OrgUnitKind, Role
    from tests.conftest import login_verified, make_staff
    from tests.factories.accounts import OrgUnitFactory

    city = OrgUnitFactory(kind=OrgUnitKind.CITY)
    bureau = OrgUnitFactory(parent=city, kind=OrgUnitKind.BUREAU)
    OrgUnitFactory(parent=bureau)
    last_dept = OrgUnitFactory(parent=bureau)
    OrgUnitFactory(parent=last_dept, kind=OrgUnitKind.TEAM)
    OrgUnitFactory(parent=city, kind=OrgUnitKind.DISTRICT)
    OrgUnitFactory(kind=OrgUnitKind.CORPORATION)
    login_verified(client, make_staff(Role.SECRETARIAT))
    html = client.get("/accounts/org/").content.decode()
    start = html.index('<ul class="proactive-tree"')
    end = html.index("</main>")

    class Nesting(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[str] = []
            self.max_depth = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("ul", "li", "details"):
                self.stack.append(tag)
                self.max_depth = max(self.max_depth, self.stack.count("ul"))

        def handle_endtag(self, tag):
            if tag in ("ul", "li", "details"):
                assert self.stack, tag
                assert self.stack[-1] == tag, (tag, self.stack)
                self.stack.pop()

    parser = Nesting()
    parser.feed(html[start:end])
    assert parser.stack == []
    assert parser.max_depth == 4  # city → bureau → department → team
