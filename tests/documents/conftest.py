from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def private_root() -> Path:
    """The folder the (per-test) private storage writes to."""
    return Path(settings.STORAGES["private"]["OPTIONS"]["location"])


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
