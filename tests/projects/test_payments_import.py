"""The import of payments from the finance software: each mandat's project, errors by line
and column, all or nothing, idempotent re-run; the page, its permissions and tenancy."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.funding.payments.apply import import_payments
from maillage.projects.funding.payments.format import (
    AMBIGUOUS,
    BY_CHOICE,
    BY_COLUMN,
    BY_TEXT,
    EXCLUDE,
    EXCLUDED,
    UNASSIGNED,
)
from maillage.projects.funding.payments.read import parse_amount, parse_date
from maillage.projects.models import Commitment, Payment

from ..factories import (
    CommitmentFactory,
    PaymentFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
URL = "/import-paiements/"
DRY_RUN_QUERIES = 9
HEADER = "date;numero_mandat;montant;imputation;objet;beneficiaire"


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\n".join([header, *lines]).encode(encoding)


def run(authority, data: bytes, *, dry_run: bool, name: str = "mandats.csv", **options):
    return import_payments(
        authority, by=None, source=io.BytesIO(data), filename=name, dry_run=dry_run, **options
    )


def errors_of(result) -> list[tuple[int, str]]:
    return [(e.line, e.column) for e in result.errors]


@pytest.fixture
def thies(authority):
    return ProjectFactory(authority=authority, title="Caen – Thiès", analytic_code="COOP-SN-01")


@pytest.fixture
def hue(authority):
    return ProjectFactory(authority=authority, title="Caen – Huê", analytic_code="VN02")


@pytest.fixture
def plain(authority):
    return ProjectFactory(authority=authority, title="Jumelage sans code")


# --- Reading -----------------------------------------------------------------------------------


def test_dates_and_amounts_as_finance_software_writes_them():
    assert parse_date("05/03/2025") == datetime.date(2025, 3, 5)
    assert parse_date("2025-03-05") == datetime.date(2025, 3, 5)
    assert parse_date("2025-03-05T00:00:00") == datetime.date(2025, 3, 5)
    assert parse_date("31/02/2025") is None
    assert parse_date("mars 2025") is None
    assert parse_amount("1 234,56") == D("1234.56")
    assert parse_amount("1\u202f234,56 €") == D("1234.56")
    assert parse_amount("1.234,56") == D("1234.56")
    assert parse_amount("1,234.56") == D("1234.56")
    assert parse_amount("1234.5") == D("1234.5")
    assert parse_amount("-12,00") == D("-12")
    assert parse_amount("12,345") is None
    assert parse_amount("douze") is None


# --- Dry run: the project of each row ----------------------------------------------------------


def test_dry_run_proposes_the_project_by_each_rule(authority, thies, hue, plain):
    data = csv_bytes(
        "05/03/2025;101;1 000,00;65748-048;Subvention Thiès;ADM Thiès;COOP-SN-01",
        "06/03/2025;102;250,50;6256-044;Mission 2025/VN02 à Huê;Agence Voyages;",
        "07/03/2025;103;80;6228-044;Frais divers;Imprimerie;",
        "08/03/2025;104;90;6228-044;COOP-SN-01 et VN02;Imprimerie;",
        header=HEADER + ";code_analytique",
    )
    result = run(authority, data, dry_run=True)
    assert result.valid, result.errors
    rows = {p.row.number: p for p in result.plan.rows}
    assert (rows["101"].project_id, rows["101"].how) == (thies.pk, BY_COLUMN)
    assert (rows["102"].project_id, rows["102"].how) == (hue.pk, BY_TEXT)
    assert (rows["103"].project_id, rows["103"].how) == (None, UNASSIGNED)
    assert (rows["104"].project_id, rows["104"].how) == (None, AMBIGUOUS)
    # The imputation read as M57 nature and function.
    assert (rows["101"].row.nature, rows["101"].row.function) == ("65748", "048")
    counts = result.plan.counts
    assert (counts.created, counts.to_assign, counts.amount) == (2, 2, D("1250.50"))
    assert not Payment.objects.exists()


def test_code_found_in_the_imputation_without_the_column(authority, thies):
    data = csv_bytes("05/03/2025;101;10;011-6228-044 COOP-SN-01;Frais;Imprimerie")
    result = run(authority, data, dry_run=True)
    planned = result.plan.rows[0]
    assert (planned.project_id, planned.how) == (thies.pk, BY_TEXT)
    assert (planned.row.nature, planned.row.function) == ("6228", "044")


def test_a_code_inside_another_word_is_not_a_match(authority, hue):
    # "VN02" is not a separate part of "XVN02": the row is left to assign.
    data = csv_bytes("05/03/2025;101;10;6228;Dossier XVN02;Imprimerie")
    result = run(authority, data, dry_run=True)
    assert result.plan.rows[0].how == UNASSIGNED


# --- Errors by line and column; nothing written ------------------------------------------------


def test_errors_by_row_and_column_and_nothing_written(authority, thies):
    data = csv_bytes(
        "05/03/2025;101;100;6574-048;Subvention;ADM;COOP-SN-01",
        "32/03/2025;102;100;6574-048;Subvention;ADM;COOP-SN-01",
        "05/03/2025;103;cent euros;6574-048;Subvention;ADM;COOP-SN-01",
        "05/03/2025;104;100;6574-048;Subvention;ADM;INCONNU-9",
        "07/03/2025;101;100;6574-048;Subvention;ADM;COOP-SN-01",
        "05/03/2025;105;-50,00;6574-048;Annulation;ADM;COOP-SN-01",
        header=HEADER + ";code_analytique",
    )
    result = run(authority, data, dry_run=False)
    assert not result.applied
    assert errors_of(result) == [
        (3, "date"),
        (4, "montant"),
        (5, "code_analytique"),
        (6, "numero_mandat"),
        (7, "montant"),
    ]
    messages = {e.line: e.message for e in result.errors}
    assert "32/03/2025" in messages[3]
    assert "cent euros" in messages[4]
    assert "INCONNU-9" in messages[5]
    assert "ligne 2" in messages[6]
    assert not Payment.objects.exists()
    assert not Commitment.objects.exists()
    assert not AuditEvent.objects.filter(kind="payments.imported").exists()


def test_missing_columns_are_named(authority):
    result = run(authority, b"date;objet\n05/03/2025;x\n", dry_run=True)
    assert errors_of(result) == [(1, "numero_mandat"), (1, "montant")]


def test_windows_1252_csv_and_usual_headers(authority, thies):
    data = csv_bytes(
        "05/03/2025;7;1 500,00;Réfection école COOP-SN-01;Coopérative",
        header="Date mandat;N° mandat;Montant TTC;Libellé;Tiers",
        encoding="cp1252",
    )
    result = run(authority, data, dry_run=False)
    assert result.applied, result.errors
    payment = Payment.objects.get()
    assert payment.commitment.beneficiary_name == "Coopérative"
    assert "Réfection école" in payment.note


def test_xlsx_file(authority, thies):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Mandat", "Montant", "Imputation", "Objet", "Bénéficiaire"])
    sheet.append([datetime.datetime(2025, 3, 5), 101, 1250.5, "65748-048", "COOP-SN-01", "ADM"])
    stream = io.BytesIO()
    workbook.save(stream)
    result = run(authority, stream.getvalue(), dry_run=False, name="mandats.xlsx")
    assert result.applied, result.errors
    payment = Payment.objects.get()
    assert (payment.reference, payment.amount, payment.date) == (
        "101",
        D("1250.50"),
        datetime.date(2025, 3, 5),
    )


# --- Apply: all or nothing, idempotent ----------------------------------------------------------


def test_apply_writes_payments_under_imported_commitments(authority, thies):
    partner = ProjectPartnerFactory(project=thies, partner__name="ADM Thiès").partner
    data = csv_bytes(
        "05/03/2025;101;1 000,00;65748-048;Subvention tranche 1 COOP-SN-01;ADM Thiès",
        "05/06/2025;140;500,00;65748-048;Subvention tranche 2 COOP-SN-01;ADM Thiès",
        "06/06/2025;141;80,00;6228-044;Frais COOP-SN-01;Imprimerie",
    )
    result = run(authority, data, dry_run=False)
    assert result.applied, result.errors
    grant, costs = Commitment.objects.filter(project=thies).order_by("m57_nature")
    assert (grant.m57_nature, grant.m57_function_id, grant.amount) == ("6228", "044", D("80"))
    grant, costs = costs, grant
    assert grant.imported and grant.partner == partner
    assert grant.beneficiary_kind == Commitment.Beneficiary.PARTNER
    assert (grant.m57_nature, grant.m57_function_id) == ("65748", "048")
    assert grant.amount == D("1500.00") and grant.date == datetime.date(2025, 3, 5)
    assert costs.beneficiary_kind == Commitment.Beneficiary.PROVIDER
    assert sorted(grant.payments.values_list("reference", flat=True)) == ["101", "140"]
    event = AuditEvent.objects.get(kind="payments.imported")
    assert event.changes["created"] == 3 and event.authority == authority
    history = AuditEvent.objects.get(kind="project.payments_imported")
    assert history.object_id == str(thies.pk) and history.changes["payments"] == 3


def test_rerun_writes_nothing_new(authority, thies):
    data = csv_bytes("05/03/2025;101;1 000,00;65748-048;COOP-SN-01;ADM")
    assert run(authority, data, dry_run=False).applied
    again = run(authority, data, dry_run=False)
    assert again.applied
    assert (again.counts.created, again.counts.already) == (0, 1)
    assert Payment.objects.count() == 1
    assert Commitment.objects.get().amount == D("1000")


def test_a_new_mandat_grows_the_imported_commitment(authority, thies):
    run(authority, csv_bytes("05/03/2025;101;1000;65748-048;COOP-SN-01;ADM"), dry_run=False)
    data = csv_bytes(
        "05/03/2025;101;1000;65748-048;COOP-SN-01;ADM",
        "05/09/2025;230;400;65748-048;COOP-SN-01;ADM",
    )
    result = run(authority, data, dry_run=False)
    assert (result.counts.created, result.counts.already) == (1, 1)
    commitment = Commitment.objects.get()
    assert commitment.amount == D("1400") and commitment.version == 2


def test_same_number_another_year_is_another_mandat(authority, thies):
    run(authority, csv_bytes("05/03/2024;101;1000;6574;COOP-SN-01;ADM"), dry_run=False)
    result = run(authority, csv_bytes("05/03/2025;101;700;6574;COOP-SN-01;ADM"), dry_run=False)
    assert result.applied and result.counts.created == 1
    assert Payment.objects.count() == 2


def test_mandat_recorded_with_another_amount_is_reported_not_overwritten(authority, thies):
    commitment = CommitmentFactory(project=thies, amount=D("5000"))
    PaymentFactory(
        commitment=commitment, date=datetime.date(2025, 2, 1), amount=D("900"), reference="101"
    )
    data = csv_bytes(
        "05/03/2025;101;1 000,00;65748-048;COOP-SN-01;ADM",
        "05/03/2025;102;10;65748-048;COOP-SN-01;ADM",
    )
    result = run(authority, data, dry_run=False)
    assert not result.applied
    assert errors_of(result) == [(2, "montant")]
    assert "900,00" in result.errors[0].message
    assert Payment.objects.get().amount == D("900")


def test_rows_to_assign_block_the_apply_until_chosen_or_excluded(authority, thies, plain):
    data = csv_bytes(
        "05/03/2025;101;100;6574;COOP-SN-01;ADM",
        "05/03/2025;102;200;6228;Frais;Imprimerie",
        "05/03/2025;103;300;6228;Frais;Imprimerie",
    )
    refused = run(authority, data, dry_run=False)
    assert not refused.applied
    assert errors_of(refused) == [(3, "projet"), (4, "projet")]
    assert not Payment.objects.exists()
    result = run(authority, data, dry_run=False, assignments={3: plain.pk, 4: EXCLUDE})
    assert result.applied
    hows = {p.row.number: p.how for p in result.plan.rows}
    assert hows == {"101": BY_TEXT, "102": BY_CHOICE, "103": EXCLUDED}
    assert sorted(Payment.objects.values_list("reference", "commitment__project")) == [
        ("101", thies.pk),
        ("102", plain.pk),
    ]
    # "Exclude the rest" places what was not chosen.
    data = csv_bytes("05/03/2025;104;20;6228;Frais;Imprimerie")
    assert run(authority, data, dry_run=False, exclude_rest=True).counts.excluded == 1


def test_another_authoritys_project_is_refused_by_the_service(authority, other_authority):
    theirs = ProjectFactory(authority=other_authority, analytic_code="COOP-SN-01")
    data = csv_bytes("05/03/2025;101;100;6574;Frais;ADM")
    result = run(authority, data, dry_run=False, assignments={2: theirs.pk})
    assert errors_of(result) == [(2, "projet")]
    # Nor is its analytic code known here.
    result = run(authority, csv_bytes("05/03/2025;101;100;6574;COOP-SN-01;ADM"), dry_run=True)
    assert result.plan.rows[0].how == UNASSIGNED
    assert not Payment.objects.exists()


# --- The analytic code on the project -----------------------------------------------------------


def test_analytic_code_is_unique_per_authority_on_the_form(authority, other_authority, thies):
    from maillage.projects.registry.forms import ProjectForm

    ProjectFactory(authority=other_authority, analytic_code="VN02")
    form = ProjectForm(instance=ProjectFactory(authority=authority), authority=authority)
    field = form.fields["analytic_code"]
    assert field.clean("coop-sn-01") == "coop-sn-01"  # the model field accepts the shape
    data = {"analytic_code": "coop-sn-01"}
    form.cleaned_data = data
    with pytest.raises(Exception, match="Caen – Thiès"):
        form.clean_analytic_code()
    form.cleaned_data = {"analytic_code": " vn02 "}
    assert form.clean_analytic_code() == "VN02"  # another authority's code is free here


# --- The page ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(data: bytes, name: str = "mandats.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ADMIN, 200), (Role.DRI, 200), (Role.REFERENT, 403), (Role.AGENT, 403)],
)
def test_who_may_import(role, status, users, client_for):
    assert client_for(users[role]).get(URL).status_code == status


def test_page_dry_run_then_confirm(dri, authority, thies, plain):
    data = csv_bytes(
        "05/03/2025;101;1 000,00;65748-048;COOP-SN-01;ADM",
        "05/03/2025;102;200;6228-044;Frais;Imprimerie",
    )
    page = dri.post(URL, {"file": upload(data)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Caen – Thiès" in html and 'name="ligne_3"' in html
    assert not Payment.objects.exists()
    token = page.context["token"]
    # A project of another authority, posted in place of one of ours, is refused.
    other = ProjectFactory(title="Ailleurs")
    refused = dri.post(URL, {"action": "confirm", "token": token, "ligne_3": str(other.pk)})
    assert refused.status_code == 200
    assert "pas un projet de la collectivité" in refused.content.decode()
    assert not Payment.objects.exists()
    done = dri.post(URL, {"action": "confirm", "token": token, "ligne_3": str(plain.pk)})
    assert done.status_code == 302
    assert sorted(Payment.objects.values_list("reference", "commitment__project")) == [
        ("101", thies.pk),
        ("102", plain.pk),
    ]
    # The token is spent.
    again = dri.post(URL, {"action": "confirm", "token": token, "ligne_3": str(plain.pk)})
    assert [str(m) for m in get_messages(again.wsgi_request)][-1].startswith("Cet import")
    assert Payment.objects.count() == 2


def test_page_rerun_says_nothing_new(dri, authority, thies):
    data = csv_bytes("05/03/2025;101;1 000,00;65748-048;COOP-SN-01;ADM")
    token = dri.post(URL, {"file": upload(data)}).context["token"]
    dri.post(URL, {"action": "confirm", "token": token})
    page = dri.post(URL, {"file": upload(data)})
    assert "déjà tous enregistrés" in page.content.decode()
    token = page.context["token"]
    response = dri.post(URL, {"action": "confirm", "token": token}, follow=True)
    assert "Aucun nouveau mandat" in response.content.decode()
    assert Payment.objects.count() == 1


def test_page_shows_errors_and_offers_no_confirmation(dri, authority, thies):
    data = csv_bytes("32/13/2025;101;abc;65748-048;COOP-SN-01;ADM")
    page = dri.post(URL, {"file": upload(data)})
    html = page.content.decode()
    assert page.context["token"] is None
    assert "payments-import-errors" in html and "32/13/2025" in html and "abc" in html
    assert 'value="confirm"' not in html


def test_token_of_another_authority_is_refused(dri, authority, other_authority, users, thies):
    from maillage.core.tenancy import SESSION_KEY

    from ..factories import member  # noqa: PLC0415

    data = csv_bytes("05/03/2025;101;100;6574;COOP-SN-01;ADM")
    token = dri.post(URL, {"file": upload(data)}).context["token"]
    # The same user, now working in another authority, cannot apply the file there.
    member(other_authority, Role.DRI, username="x")  # keeps the other authority populated
    from maillage.core.models import Membership

    Membership.objects.create(user=users[Role.DRI], authority=other_authority, role=Role.DRI)
    session = dri.session
    session[SESSION_KEY] = other_authority.pk
    session.save()
    response = dri.post(URL, {"action": "confirm", "token": token})
    assert response.status_code == 302
    assert not Payment.objects.exists()


def test_dry_run_page_query_count_is_flat(dri, authority, thies):
    def count(rows: int) -> int:
        lines = [f"05/03/2025;{i};10;65748-048;COOP-SN-01;ADM" for i in range(rows)]
        lines += [f"05/03/2025;x{i};10;6228;Frais;Imprimerie" for i in range(rows)]
        with CaptureQueriesContext(connection) as ctx:
            response = dri.post(URL, {"file": upload(csv_bytes(*lines))})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small = count(3)
    assert small == count(40)
    # The request's own (session, user, memberships, authority, saving the session), then
    # the projects, the M57 functions and the payments already recorded: whatever the rows.
    assert small <= DRY_RUN_QUERIES, small


def test_project_form_edits_the_analytic_code(dri, authority, thies):
    page = dri.get(reverse("project_edit", kwargs={"pk": thies.pk}))
    assert 'name="analytic_code"' in page.content.decode()


def test_page_confirm_without_a_choice_asks_for_one_then_excludes_the_rest(dri, authority, thies):
    data = csv_bytes(
        "05/03/2025;101;1 000,00;65748-048;COOP-SN-01;ADM",
        "05/03/2025;102;200;6228-044;Frais;Imprimerie",
    )
    token = dri.post(URL, {"file": upload(data)}).context["token"]
    page = dri.post(URL, {"action": "confirm", "token": token})
    assert page.status_code == 200
    assert [(e.line, e.column) for e in page.context["result"].errors] == [(3, "projet")]
    assert "choisissez son projet" in page.content.decode()
    assert not Payment.objects.exists()
    # The same file is still pending: "exclude the rest" places the row left.
    done = dri.post(URL, {"action": "confirm", "token": token, "exclude_rest": "on"})
    assert done.status_code == 302
    assert list(Payment.objects.values_list("reference", flat=True)) == ["101"]
