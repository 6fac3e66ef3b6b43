"""Fixtures of the protection tests."""

import pytest

from tests.protection.support import arrange


@pytest.fixture
def world(db):
    return arrange()


@pytest.fixture
def fake_pdf(monkeypatch):
    """Rendering a decision without a browser: a tiny valid PDF, so tests that run the commit callbacks stay fast."""
    from tests.factories.documents import pdf_bytes

    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", lambda html, **kwargs: pdf_bytes())
