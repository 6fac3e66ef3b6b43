"""proactive.core.staticfiles.StaticFilesStorage: WhiteNoise's hashed names, each address worked out once."""

import json

import pytest
from django.test import override_settings

from proactive.core.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"web/a.css": "web/a.0123456789ab.css"}, "hash": "x"})
    )
    with override_settings(STATIC_URL="/static/", DEBUG=False):
        yield StaticFilesStorage(location=str(tmp_path))


def test_the_hashed_address_is_kept_per_name(storage, monkeypatch):
    assert storage.url("web/a.css") == "/static/web/a.0123456789ab.css"
    monkeypatch.setattr(storage, "stored_name", lambda name: pytest.fail("worked out again"))
    assert storage.url("web/a.css") == "/static/web/a.0123456789ab.css"


def test_a_missing_file_still_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("web/missing.css")


def test_the_site_uses_it():
    from config.settings import base

    assert base.STORAGES["staticfiles"]["BACKEND"] == "proactive.core.staticfiles.StaticFilesStorage"
