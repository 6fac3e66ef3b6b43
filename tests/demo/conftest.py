"""The whole demo, loaded once per test run for every module here.

Loading the demo takes minutes (381 units, 2,430 officials, four selection rounds, every route of issues 4–6), so
the modules of tests/demo share one load instead of loading it each: they form the xdist group ``demo``, which runs
on one worker, one test after another. The first demo test loads it (committed, outside the tests' transactions);
after the last one the database is flushed (``pytest_runtest_teardown`` below), so no other test sees demo rows.
The decisions' PDFs are rendered as the demo writes them (the tests' immediate task backend), by the one browser
the process keeps (``documents.pdf``).
"""

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command

_loaded: dict[str, SimpleNamespace] = {}
HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo's ``load_demo`` output and accounts file (``output``, ``path``: the folder of the file)."""
    if "demo" not in _loaded:
        path = tmp_path_factory.mktemp("demo")
        out = io.StringIO()
        with django_db_blocker.unblock():
            call_command("load_demo", accounts_file=str(path / "demo-accounts.txt"), stdout=out)
        _loaded["demo"] = SimpleNamespace(output=out.getvalue(), path=path, blocker=django_db_blocker)
    return _loaded["demo"]


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last demo test (the next test is elsewhere, or none), empty the database the demo filled."""
    if "demo" not in _loaded:
        return
    if nextitem is not None and Path(nextitem.path).parent == HERE:
        return
    if nextitem is None:
        # The run's last test: its teardown has already destroyed the test database and pointed the connection
        # back at the configured one (a developer's demo database, say), which must not be flushed.
        _loaded.pop("demo")
        return
    with _loaded.pop("demo").blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
