"""One authority's worth of every kind of object, for the URL matrix and tenancy tests.

Every name carries ``marker`` so a test can check that none of it leaks to another authority.
Add the objects of new features here and name them in ``tests/urls_catalog.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from maillage.core.models import CodeListItem, PolicyArea
from maillage.governance.models import WatchItem
from maillage.news.models import FeedSettings, NewsItem, Newsletter, NewsletterItem, SuggestionUse
from maillage.organisation.models import HrImportRun
from maillage.portal.models import LegalPage
from maillage.projects.models import (
    AgreementDocument,
    Deadline,
    DeclaredActivity,
    PartnerContact,
    ProjectCarrier,
)
from maillage.projects.partners.services import delete_partner
from maillage.reporting.models import AnnualReport

from .factories import (
    AgentFactory,
    AgreementFactory,
    BudgetLineFactory,
    BusinessMeetingFactory,
    CommitmentFactory,
    CompanyFactory,
    ContributionFactory,
    DelegationFactory,
    ElectedOfficialFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InstalmentFactory,
    MissionCompanyFactory,
    MissionCostFactory,
    MissionFactory,
    MissionVisitorFactory,
    MobilisationFactory,
    PartnerFactory,
    PaymentFactory,
    ProgrammeItemFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ReferentFactory,
    ResultFactory,
    ServiceFactory,
    WorkedDaysFactory,
    png_bytes,
)
from .governance.factories import (
    ActionFactory,
    AgendaItemFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
    MemberFactory,
)
from .skills.factories import (
    CallResponseFactory,
    ProfileFactory,
    SkillCallFactory,
    knows,
    speaks,
    tagged,
)


def build_world(authority, marker: str = "Zyxqwv") -> dict[str, object]:
    direction = ServiceFactory(authority=authority, name=f"Direction {marker}", kind="directorate")
    service = ServiceFactory(authority=authority, name=f"Service {marker}", parent=direction)
    agent = AgentFactory(service=service, last_name=f"Agent{marker}", job_title=f"Poste {marker}")
    referent = ReferentFactory(agent=agent)
    official = ElectedOfficialFactory(authority=authority, last_name=f"Élu{marker}")
    delegation = DelegationFactory(elected_official=official, label=f"Délégation {marker}")
    partner = PartnerFactory(authority=authority, name=f"Partenaire {marker}")
    partner_contact = PartnerContact.objects.create(partner=partner, name=f"Contact {marker}")
    agreement = AgreementFactory(authority=authority, title=f"Convention {marker}")
    agreement.partners.add(partner)
    document = AgreementDocument.objects.create(
        agreement=agreement, title=f"Document {marker}", file=_world_file()
    )
    project = ProjectFactory(
        authority=authority, title=f"Projet {marker}", lead_service=service, apd_channel="12002"
    )
    # Every cell of its e-APD lines filled: the declaration's files download.
    project.dac_sectors.set(CodeListItem.objects.filter(codelist="Sector", code="15110"))
    project.policy_areas.set(PolicyArea.objects.filter(code="044"))
    # The authority publishes, and one project is public: the public pages answer 200.
    authority.publishes = True
    # Its logo, served to its members at /theme/<id>-<version>/logo.
    authority.logo = _world_file("identity/world/logo.png", png_bytes(4, 2))
    authority.save(update_fields=["publishes", "logo"])
    public_project = ProjectFactory(
        authority=authority, title=f"Projet public {marker}", visibility="public"
    )
    ProjectPartnerFactory(project=project, partner=partner)
    project_carrier = ProjectCarrier.objects.create(project=project, official=official)
    mobilisation = MobilisationFactory(
        project=project, service=service, contribution=f"Apport {marker}"
    )
    budget_line = BudgetLineFactory(project=project, label=f"Ligne {marker}")
    contribution = ContributionFactory(project=project, funder_name=f"Financeur {marker}")
    # Money as it moves: a commitment to the partner paid once, a granted co-funding received
    # in part, a month of worked days of the mobilised service.
    commitment = CommitmentFactory(
        project=project,
        label=f"Engagement {marker}",
        beneficiary_kind="partner",
        partner=partner,
        budget_line=budget_line,
    )
    payment = PaymentFactory(commitment=commitment, reference=f"M-{marker}")
    instalment = InstalmentFactory(
        contribution__project=project,
        contribution__funder_name=f"Cofinanceur {marker}",
        note=f"Versement {marker}",
    )
    worked_days = WorkedDaysFactory(mobilisation=mobilisation, agent=agent, note=f"Jours {marker}")
    result = ResultFactory(project=project, title=f"Résultat {marker}")
    indicator = IndicatorFactory(result=result, title=f"Indicateur {marker}")
    period = IndicatorPeriodFactory(indicator=indicator)
    mission = MissionFactory(authority=authority, project=project, title=f"Mission {marker}")
    # The company directory, a mission's company, meeting and cost; a delegation received,
    # its visitor and its programme visiting the service.
    company = CompanyFactory(authority=authority, name=f"Entreprise {marker}")
    mission_company = MissionCompanyFactory(mission=mission, company=company)
    mission_meeting = BusinessMeetingFactory(
        mission=mission, company=company, subject=f"Rendez-vous {marker}"
    )
    mission_cost = MissionCostFactory(mission=mission, label=f"Coût {marker}")
    delegation_received = MissionFactory(
        authority=authority,
        project=project,
        direction="incoming",
        title=f"Délégation {marker}",
    )
    mission_visitor = MissionVisitorFactory(mission=delegation_received, name=f"Visiteur {marker}")
    programme_item = ProgrammeItemFactory(
        mission=delegation_received, service=service, activity=f"Visite {marker}"
    )
    # Skills: a published profile open to the whole authority, a call and an answer to it.
    profile = ProfileFactory(agent=agent, about=f"Profil {marker}")
    speaks(profile, "wo", "C1")
    knows(profile, "SN", regions=f"Région {marker}")
    tagged(profile, f"Compétence {marker}")
    skill_call = SkillCallFactory(
        project=project, title=f"Appel {marker}", language_id="wo", min_level_id="B2"
    )
    call_response = CallResponseFactory(call=skill_call, agent=agent, message=f"Message {marker}")
    # Governance: a committee following the project, with a member, a meeting and its records.
    committee = CommitteeFactory(authority=authority, name=f"Comité {marker}")
    committee.projects.add(project)
    committee_member = MemberFactory(committee=committee, external_name=f"Membre {marker}")
    meeting = MeetingFactory(committee=committee, place=f"Salle {marker}")
    agenda_item = AgendaItemFactory(meeting=meeting, title=f"Point {marker}", project=project)
    decision = DecisionFactory(meeting=meeting, text=f"Décision {marker}", project=project)
    action_item = ActionFactory(
        meeting=meeting,
        decision=decision,
        title=f"Action {marker}",
        owner_agent=agent,
        owner_text="",  # an agent or a text, as the form wants
    )
    # A deadline of the project (a report due), on the project page and the calendar.
    deadline = Deadline.objects.create(
        authority=authority,
        project=project,
        kind=Deadline.Kind.REPORT,
        date=meeting.starts_at.date(),
        title=f"Rapport {marker}",
    )
    # An item of the DRI's watch (veille), shareable to the committee's next agenda.
    watch_item = WatchItem.objects.create(
        authority=authority, title=f"Appel {marker}", link="https://example.org/appel"
    )
    watch_item.policy_areas.set(PolicyArea.objects.filter(code="044"))
    # The trash: a deleted partner with its contact, restorable.
    trashed = PartnerFactory(authority=authority, name=f"Partenaire supprimé {marker}")
    PartnerContact.objects.create(partner=trashed, name=f"Contact {marker}")
    trash_entry = delete_partner(trashed, by=None)
    # A large HR file imported in the background: its progress page.
    hr_import_run = HrImportRun.objects.create(
        authority=authority, filename=f"rh-{marker}.csv", status=HrImportRun.Status.APPLIED
    )
    # Development aid declared outside a project (e-APD): an awareness week.
    declared_activity = DeclaredActivity.objects.create(
        authority=authority,
        year=2025,
        kind=DeclaredActivity.Kind.AWARENESS,
        title=f"Sensibilisation {marker}",
        amount=Decimal("800"),
        purpose_code="99820",
        channel="11002",
    )
    # The authority's own accessibility statement: shown to its members only.
    legal_page = LegalPage.objects.create(
        authority=authority,
        kind=LegalPage.Kind.ACCESSIBILITY,
        non_accessible_content=f"Non-conformité {marker}",
        contact_email="accessibilite@example.fr",
    )
    # The DRI's introduction to the annual report of 2025 (the catalogue's year).
    annual_report = AnnualReport.objects.create(
        authority=authority, year=2025, introduction=f"Introduction {marker}"
    )
    # News: a published item for all agents, linked to the project and the committee; the
    # intranet's feeds exposed under a known key (tests/urls_catalog.py: WORLD_FEED_KEY).
    news_item = NewsItem.objects.create(
        authority=authority,
        title=f"Actualité {marker}",
        body=f"Texte {marker}",
        body_html=f"<p>Texte {marker}</p>",
        image=_world_file("news/world/photo.png", png_bytes(4, 2)),
        image_alt=f"Photo {marker}",
        status=NewsItem.Status.PUBLISHED,
        published_at=meeting.starts_at,
    )
    news_item.projects.add(project)
    news_item.committees.add(committee)
    news_for_direction = NewsItem.objects.create(
        authority=authority,
        title=f"Actualité de direction {marker}",
        kind=NewsItem.Kind.LEARNING,
        learning_service=service,
        audience="services",
        status=NewsItem.Status.DRAFT,
    )
    news_for_direction.services.add(direction)
    # The mission back was turned into that draft: it is no longer suggested.
    SuggestionUse.objects.create(
        authority=authority, key=f"mission:{mission.pk}", news_item=news_for_direction
    )
    # Newsletters: one sent to all agents with the published item, one draft for the directorate.
    newsletter = Newsletter.objects.create(
        authority=authority,
        title=f"Lettre {marker}",
        period_start=meeting.starts_at.date().replace(day=1),
        period_end=meeting.starts_at.date(),
        intro=f"Introduction de la lettre {marker}",
        figures={"projects": 1, "services": 1, "days": "2", "benefits": 0},
        status=Newsletter.Status.SENT,
        sent_at=meeting.starts_at,
        recipient_count=1,
        sent_count=1,
    )
    NewsletterItem.objects.create(newsletter=newsletter, news_item=news_item)
    newsletter_draft = Newsletter.objects.create(
        authority=authority,
        title=f"Lettre en préparation {marker}",
        period_start=meeting.starts_at.date().replace(day=1),
        period_end=meeting.starts_at.date(),
        audience="services",
    )
    newsletter_draft.services.add(direction)
    NewsletterItem.objects.create(newsletter=newsletter_draft, news_item=news_item)
    FeedSettings.objects.update_or_create(  # the demo authority has its own already
        authority=authority,
        defaults={"enabled": True, "key": f"cle-{authority.slug}", "expose_services": True},
    )
    return {
        "authority": authority,
        "news_item": news_item,
        "newsletter": newsletter,
        "newsletter_draft": newsletter_draft,
        "annual_report": annual_report,
        "hr_import_run": hr_import_run,
        "legal_page": legal_page,
        "direction": direction,
        "service": service,
        "agent": agent,
        "referent": referent,
        "official": official,
        "delegation": delegation,
        "partner": partner,
        "partner_contact": partner_contact,
        "agreement": agreement,
        "document": document,
        "project": project,
        "public_project": public_project,
        "project_carrier": project_carrier,
        "mobilisation": mobilisation,
        "budget_line": budget_line,
        "contribution": contribution,
        "commitment": commitment,
        "payment": payment,
        "co_funding": instalment.contribution,
        "instalment": instalment,
        "worked_days": worked_days,
        "result": result,
        "indicator": indicator,
        "period": period,
        "mission": mission,
        "company": company,
        "mission_company": mission_company,
        "mission_meeting": mission_meeting,
        "mission_cost": mission_cost,
        "delegation_received": delegation_received,
        "mission_visitor": mission_visitor,
        "programme_item": programme_item,
        "profile": profile,
        "skill_call": skill_call,
        "call_response": call_response,
        "committee": committee,
        "committee_member": committee_member,
        "meeting": meeting,
        "agenda_item": agenda_item,
        "decision": decision,
        "action_item": action_item,
        "deadline": deadline,
        "watch_item": watch_item,
        "trash_entry": trash_entry,
        "declared_activity": declared_activity,
    }


def _world_file(
    name: str = "agreements/world/convention.pdf", content: bytes = b"%PDF-1.4 convention signee"
) -> str:
    # One small file reused by every world, rather than a new copy in MEDIA_ROOT per test.
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(content))
    return name
