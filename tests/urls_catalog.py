"""Every URL of the project, with example arguments, for the matrix and tenancy tests.

A new URL that is not listed here makes ``test_every_url_is_in_the_catalog`` fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from maillage.core.models import Role

ALL = frozenset(Role.values)
ANON_LOGIN = "login"  # anonymous users are sent to the login page


@dataclass(frozen=True)
class Url:
    name: str
    # Which object the URL needs, built by the ``world`` fixture: kwargs name -> key in world.
    objects: dict[str, str] = field(default_factory=dict)
    allowed: frozenset[str] = ALL
    method: str = "get"
    anonymous: str = ANON_LOGIN  # "login" (redirect), or an HTTP status as text
    tenant_scoped: bool = True


CATALOG: list[Url] = [
    Url("home"),
    Url("switch_authority"),
    Url("org_chart"),
    Url("service_detail", objects={"pk": "service"}),
    Url("agent_list"),
    Url("elected_list"),
    Url("hr_import", allowed=frozenset({Role.ADMIN, Role.DRI})),
    Url("healthz", anonymous="200", tenant_scoped=False),
    Url("login", anonymous="200", tenant_scoped=False),
    Url("logout", method="post", anonymous="302", tenant_scoped=False),
]

# URLs that are not application pages: Django admin (tested on its own), the language switch.
IGNORED_PREFIXES = ("admin:",)
IGNORED_NAMES = {"set_language"}


def project_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return {n for n in names if not n.startswith(IGNORED_PREFIXES) and n not in IGNORED_NAMES}
