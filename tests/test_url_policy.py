"""Deny by default (SECURITY.md AC-01): every named URL has an explicit access policy here.

A new URL without an entry makes ``test_every_url_has_a_policy`` fail, so nobody adds a page without deciding
who may open it. For parameterless URLs the policy is also exercised as an anonymous visitor.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.policy import merged

PUBLIC = "public"  # anyone, signed in or not
LOGIN = "login"  # anonymous visitors are sent to the sign-in page
POST_ONLY = "post-only"  # state-changing endpoints refuse GET
ANON_FLOW = "anon-flow"  # steps of a sign-in flow: reachable without an account, but may redirect

POLICY: dict[str, str] = {
    "web:home": PUBLIC,
    "web:dashboard": LOGIN,
    "web:set-language": POST_ONLY,
    "web:privacy": PUBLIC,
    "web:accessibility": PUBLIC,
    "core:healthz": PUBLIC,
    "programme:settings": LOGIN,
    "accounts:login": PUBLIC,
    "accounts:logout": POST_ONLY,
    "accounts:session-extend": LOGIN,
    "accounts:otp-verify": ANON_FLOW,
    "accounts:otp-setup": ANON_FLOW,
    "accounts:password-change": LOGIN,
    "accounts:password-reset": PUBLIC,
    "accounts:password-reset-sent": PUBLIC,
    "accounts:password-reset-confirm": ANON_FLOW,
    "accounts:password-reset-complete": PUBLIC,
    "accounts:citizen-start": PUBLIC,
    "accounts:citizen-verify": ANON_FLOW,
    "accounts:profile": LOGIN,
    "accounts:org-tree": LOGIN,
    "accounts:unit-detail": LOGIN,
    "accounts:official-list": LOGIN,
    "accounts:official-detail": LOGIN,
    "accounts:org-import": LOGIN,
    "accounts:org-export": LOGIN,
    "accounts:membership-list": LOGIN,
    "accounts:membership-create": LOGIN,
    "accounts:membership-end": LOGIN,
    "audit:event-list": LOGIN,
    "audit:access-list": LOGIN,
    "audit:access-export": LOGIN,
    "notifications:inbox": LOGIN,
    "notifications:partial-mark-read": LOGIN,
    "notifications:mark-all-read": LOGIN,
    "notifications:preferences": LOGIN,
    "documents:list": LOGIN,
    "documents:download": LOGIN,
    "nominations:nomination-create": LOGIN,
    "nominations:nomination-list": LOGIN,
    "nominations:my-nominations": LOGIN,
    "nominations:nomination-detail": LOGIN,
    "nominations:nomination-edit": LOGIN,
    "nominations:nomination-evidence": LOGIN,
    "nominations:nomination-submit": POST_ONLY,
    "nominations:nomination-withdraw": POST_ONLY,
    "nominations:nomination-verify": LOGIN,
    "nominations:nomination-match": LOGIN,
    "nominations:nomination-merge": LOGIN,
    "nominations:nomination-not-duplicate": POST_ONLY,
    "nominations:nomination-consent": LOGIN,
    "nominations:board": PUBLIC,
    "nominations:round-public": PUBLIC,
    "nominations:round-list": LOGIN,
    "nominations:round-create": LOGIN,
    "nominations:round-detail": LOGIN,
    "nominations:round-edit": LOGIN,
    "nominations:round-publish": LOGIN,
    "nominations:round-close": LOGIN,
    "nominations:review-list": LOGIN,
    "nominations:review-score": LOGIN,
    "nominations:review-recuse": LOGIN,
    "nominations:review-assignments": LOGIN,
    "nominations:review-balance": POST_ONLY,
    "nominations:review-progress": LOGIN,
    "nominations:review-ranking": LOGIN,
    "nominations:review-confirm": POST_ONLY,
    "nominations:vote": PUBLIC,
    "nominations:vote-results": LOGIN,
    "nominations:vote-freeze": POST_ONLY,
    "nominations:committee-list": LOGIN,
    "nominations:committee-score": LOGIN,
    "nominations:committee-recuse": LOGIN,
    "nominations:committee-assign": POST_ONLY,
    "nominations:committee-meeting": LOGIN,
    "nominations:committee-ranking": LOGIN,
    "nominations:committee-propose": POST_ONLY,
    "nominations:committee-confirm": LOGIN,
    "nominations:committee-adjust": POST_ONLY,
}

POLICY |= merged("URLS", {})  # per-area fragments in tests/policy/

IGNORED_NAMESPACES = {"admin"}  # the support console: superusers only, at a non-default path


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in IGNORED_NAMESPACES:
                continue
            yield from _names(p.url_patterns, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", p


def all_urls() -> dict[str, URLPattern]:
    return dict(_names(get_resolver().url_patterns))


def test_every_url_has_a_policy():
    names = set(all_urls())
    names.discard("set_language")  # Django's own i18n view; our web:set-language wraps it
    missing = sorted(names - POLICY.keys())
    assert missing == [], f"URLs without an access policy in tests/test_url_policy.py: {missing}"


def test_policy_lists_no_url_that_does_not_exist():
    assert sorted(POLICY.keys() - set(all_urls())) == []


def _parameterless():
    return [name for name, pattern in all_urls().items() if name in POLICY and not pattern.pattern.regex.groups]


@pytest.mark.django_db
@pytest.mark.parametrize("name", _parameterless())
def test_anonymous_access_follows_the_policy(client, name):
    url = reverse(name)
    response = client.get(url)
    policy = POLICY[name]
    if policy == PUBLIC:
        assert response.status_code == 200, (name, response.status_code)
    elif policy == LOGIN:
        assert response.status_code == 302, (name, response.status_code)
        assert response.url.startswith(reverse("accounts:login")), (name, response.url)
    elif policy == POST_ONLY:
        assert response.status_code == 405, (name, response.status_code)
    elif policy == ANON_FLOW:
        assert response.status_code in (200, 302), (name, response.status_code)
