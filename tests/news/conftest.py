import pytest
from django.utils import timezone

from maillage.core.models import Role
from maillage.news import services
from maillage.news.models import Audience
from tests.factories import AgentFactory, ServiceFactory, member


@pytest.fixture
def org(authority):
    """A directorate with two services, an agent in each, and the DRI."""
    direction = ServiceFactory(
        authority=authority, kind="directorate", name="Direction Environnement"
    )
    waste = ServiceFactory(authority=authority, parent=direction, name="Service Déchets")
    culture = ServiceFactory(authority=authority, name="Service Culture")
    inside = member(authority, Role.AGENT, username="inside")
    outside = member(authority, Role.AGENT, username="outside")
    AgentFactory(authority=authority, service=waste, user=inside)
    AgentFactory(authority=authority, service=culture, user=outside)
    dri = member(authority, Role.DRI, username="dri")
    return {
        "direction": direction,
        "waste": waste,
        "culture": culture,
        "inside": inside,
        "outside": outside,
        "dri": dri,
    }


@pytest.fixture
def make_item(authority):
    def make(title="Une actualité", *, publish=True, audience=Audience.ALL, services_=(), **data):
        item = services.create_news_item(
            authority,
            by=None,
            data={
                "title": title,
                "body": data.pop("body", "Un **texte**."),
                "audience": audience,
                "services": list(services_),
                **data,
            },
        )
        if publish:
            services.publish_news_item(item, by=None)
        return item

    return make


def now():
    return timezone.now()
