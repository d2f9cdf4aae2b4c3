"""E-mail subjects are one line, bounded, whatever they are built from."""

from __future__ import annotations

from maillage.core.mail import SUBJECT_LENGTH, subject


def test_line_breaks_and_control_characters_become_one_space():
    assert subject("Appel\r\nwolof\x00 \tà\u2028Thiès ") == "Appel wolof à Thiès"


def test_long_subject_is_cut_with_an_ellipsis():
    cut = subject("x" * 500)
    assert len(cut) == SUBJECT_LENGTH
    assert cut.endswith("…")


def test_ordinary_subject_is_unchanged():
    assert subject("[Maillage] Invitation : Locuteur wolof") == (
        "[Maillage] Invitation : Locuteur wolof"
    )
