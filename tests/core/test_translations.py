"""The English catalogue: every entry translated, the .mo in step with the .po, pages in English.

Message ids are French; locale/en/LC_MESSAGES/django.po holds their English translation. These
tests check the entries the .po holds, not that it covers every string of the code: a new French
string only shows up here (as untranslated) after the catalogue is refreshed with

    .venv/bin/python manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=.tools \
        --ignore=staticfiles --ignore=tests --ignore=bench

then, once the new entries are translated and their fuzzy flags removed,

    .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=.tools
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"django.po:{self.line} {self.msgid!r}"


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), token.strip()[1:-1])


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file, obsolete ones (#~) left out. Just enough of the format for tests."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := KEYWORD.match(line):
            keyword, index, token = match.groups()
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index or 0))
                entry.msgstr[target[1]] = _unquote(token)
            else:
                target = (keyword, 0)
                setattr(entry, keyword, _unquote(token))
        elif line.startswith('"') and target is not None:
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += _unquote(line)
            else:
                setattr(entry, target[0], getattr(entry, target[0]) + _unquote(line))
        else:
            raise AssertionError(f"django.po:{number}: unexpected line {raw!r}")
    return [e for e in entries if e.msgid is not None]


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO.exists(), f"{PO} is missing: run makemessages (see this module's docstring)"
    return parse_po(PO.read_text(encoding="utf-8"))


def _messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid != ""]


def test_catalogue_is_parsed(entries):
    messages = _messages(entries)
    assert len(messages) > 500
    assert any(e.msgid == "Organigramme" for e in messages)
    assert any(e.msgid_plural for e in messages)


def test_every_entry_is_translated(entries):
    untranslated = [
        e.label
        for e in _messages(entries)
        if not e.msgstr
        or len(e.msgstr) != (2 if e.msgid_plural is not None else 1)
        or any(not text.strip() for text in e.msgstr.values())
    ]
    assert not untranslated, f"{len(untranslated)} untranslated entries:\n" + "\n".join(
        untranslated
    )


def test_no_fuzzy_entry(entries):
    fuzzy = [e.label if e.msgid else "header" for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, "Check these translations, then remove their #, fuzzy flag:\n" + "\n".join(
        fuzzy
    )


def test_header_declares_english_and_plural_forms(entries):
    header = next(e for e in entries if e.msgid == "").msgstr[0]
    assert "Language: en\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header


def test_placeholders_are_kept(entries):
    wrong = []
    for e in _messages(entries):
        source = e.msgid_plural if e.msgid_plural is not None else e.msgid
        expected = sorted(PLACEHOLDER.findall(source))
        for index, text in e.msgstr.items():
            found = sorted(PLACEHOLDER.findall(text))
            # A singular form may leave the count out ("Its attached document…").
            ok = set(found) <= set(expected) if e.msgid_plural and index == 0 else found == expected
            if not ok or ("%%" in source) != ("%%" in text):
                wrong.append(f"{e.label} [{index}]: {text!r}")
    assert not wrong, "Placeholders differ from the French:\n" + "\n".join(wrong)


def _mo_catalog(path: Path) -> dict:
    with path.open("rb") as fp:
        catalog = dict(gettext.GNUTranslations(fp)._catalog)
    catalog.pop("", None)  # the header: compared by the msgfmt test only
    return catalog


def test_mo_matches_po(entries):
    """The committed .mo holds exactly the .po translations (run compilemessages after edits)."""
    assert MO.exists(), f"{MO} is missing: run compilemessages"
    expected = {}
    for e in _messages(entries):
        if "fuzzy" in e.flags or not all(e.msgstr.values()):
            continue  # msgfmt leaves these out
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            expected[key] = e.msgstr[0]
        else:
            expected.update({(key, i): text for i, text in e.msgstr.items()})
    compiled = _mo_catalog(MO)
    missing = sorted(str(k) for k in expected.keys() - compiled.keys())
    stale = sorted(str(k) for k in compiled.keys() - expected.keys())
    changed = sorted(
        str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k]
    )
    assert not (missing or stale or changed), (
        "django.mo is out of date with django.po: run compilemessages.\n"
        f"Not in the .mo: {missing[:10]}\nOnly in the .mo: {stale[:10]}\nDiffer: {changed[:10]}"
    )


def test_po_compiles_with_msgfmt_into_the_committed_mo(tmp_path):
    """msgfmt --check-format accepts the .po, and compiles it into what the .mo holds."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI=true and msgfmt is missing: install GNU gettext (apt package gettext).")
        pytest.skip("msgfmt (GNU gettext) is not installed")
    out = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check-format", "--check-header", "-o", str(out), str(PO)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with out.open("rb") as fresh, MO.open("rb") as committed:
        fresh_catalog = gettext.GNUTranslations(fresh)._catalog
        committed_catalog = gettext.GNUTranslations(committed)._catalog
    differ = sorted(
        str(key)
        for key in fresh_catalog.keys() | committed_catalog.keys()
        if fresh_catalog.get(key) != committed_catalog.get(key)
    )
    assert not differ, f"django.mo is out of date, run compilemessages; differing: {differ[:10]}"


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_login_page_in_english(client):
    response = _english(client).get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert "Sign in to Maillage" in html
    assert "Sign in" in html
    assert "Username" in html
    assert "Password" in html
    assert "Connexion à Maillage" not in html
    assert "Se connecter" not in html


def test_org_chart_in_english(users, client_for):
    client = _english(client_for(users["dri"]))
    response = client.get(reverse("org_chart"))
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert "Org chart and international contact network" in html
    assert "The org chart is empty" in html
    assert "Sign out" in html
    assert "Organigramme et réseau des référents" not in html
    assert "Se déconnecter" not in html


def test_org_chart_stays_french_without_the_cookie(users, client_for):
    response = client_for(users["dri"]).get(reverse("org_chart"))
    html = response.content.decode()
    assert "Organigramme et réseau des référents" in html
    assert "Org chart" not in html
