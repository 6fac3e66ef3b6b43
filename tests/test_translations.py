"""Korean first, English complete: every user-visible string has a Korean translation.

Message ids are English (docs/decisions: English msgids, Korean default). For each app we re-extract the
strings from a copy of its source (so the check sees strings added since the catalog was last updated) and
require a non-empty, non-fuzzy Korean translation for every one.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

APPS_DIR = Path(settings.BASE_DIR) / "proactive"
APPS = sorted(p.name for p in APPS_DIR.iterdir() if (p / "apps.py").exists())


def _entries(po_text: str):
    """Yield (msgid, msgstr, flags) for each entry of a .po file (plural entries yield their first form)."""
    entry = {"msgid": None, "msgstr": None, "flags": ""}
    field = None
    for line in po_text.splitlines() + [""]:
        if line.startswith("#,"):
            entry["flags"] = line
        elif line.startswith("msgid "):
            entry["msgid"], field = line[6:].strip('"'), "msgid"
        elif line.startswith("msgid_plural "):
            field = "plural"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            entry["msgstr"], field = line.split(" ", 1)[1].strip('"'), "msgstr"
        elif line.startswith("msgstr["):
            field = "other"
        elif line.startswith('"') and field in ("msgid", "msgstr"):
            entry[field] += line.strip('"')
        elif not line.strip():
            if entry["msgid"]:
                yield entry["msgid"], entry["msgstr"], entry["flags"]
            entry, field = {"msgid": None, "msgstr": None, "flags": ""}, None


@pytest.mark.parametrize("app", APPS)
def test_every_string_has_a_korean_translation(app, tmp_path):
    source = APPS_DIR / app
    copy = tmp_path / app
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "migrations"))
    cwd = os.getcwd()
    try:
        os.chdir(copy)
        (copy / "locale").mkdir(exist_ok=True)
        call_command("makemessages", locale=["ko"], verbosity=0, no_obsolete=True)
    finally:
        os.chdir(cwd)
    po = copy / "locale" / "ko" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        pytest.skip(f"{app} has no translatable strings")
    problems = [
        msgid for msgid, msgstr, flags in _entries(po.read_text(encoding="utf-8")) if not msgstr or "fuzzy" in flags
    ]
    assert problems == [], f"{app}: untranslated or fuzzy Korean entries: {problems[:20]} (total {len(problems)})"


def _keyed(po_text: str) -> dict[tuple[str, str], str]:
    """(msgctxt, msgid) → msgstr (first form) of a .po file."""
    out: dict[tuple[str, str], str] = {}
    context = ""
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        context, msgid, msgstr, field = "", "", "", None
        for line in lines:
            if line.startswith("msgctxt "):
                context, field = line[8:].strip('"'), "ctx"
            elif line.startswith("msgid "):
                msgid, field = line[6:].strip('"'), "id"
            elif line.startswith(("msgstr ", "msgstr[0] ")):
                msgstr, field = line.split(" ", 1)[1].strip('"'), "str"
            elif line.startswith(("msgid_plural", "msgstr[")):
                field = None
            elif line.startswith('"'):
                if field == "ctx":
                    context += line.strip('"')
                elif field == "id":
                    msgid += line.strip('"')
                elif field == "str":
                    msgstr += line.strip('"')
        if msgid and msgstr:
            out[(context, msgid)] = msgstr
    return out


def test_no_message_is_translated_two_ways_across_apps():
    """Django merges every app's catalogue into one: a msgid translated differently in two apps shows whichever
    app comes first everywhere (e.g. 'Department' as the org-unit kind 과 on a nomination page). Same meaning:
    use the same Korean; different meanings: give one of them a context (pgettext / translate … context …)."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for app in APPS:
        po = APPS_DIR / app / "locale" / "ko" / "LC_MESSAGES" / "django.po"
        if po.exists():
            for key, msgstr in _keyed(po.read_text(encoding="utf-8")).items():
                seen.setdefault(key, {})[app] = msgstr
    clashes = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert clashes == {}
