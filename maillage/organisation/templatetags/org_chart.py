"""The organigram's tree, written in Python.

Each service was one include of ``_org_node.html``: at 80 services the includes were two
thirds of the page's time. The markup is the same as the template's was.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from ..selectors import OrgNode
from ..urls import service_url_prefix

register = template.Library()


@register.simple_tag
def org_tree(roots: list[OrgNode]) -> SafeString:
    url = service_url_prefix()
    labels = {
        "referent": escape(gettext("Référent")),
        "substitute": escape(gettext("suppl.")),
        "none": escape(gettext("Sans référent")),
    }
    parts: list[str] = ["<ul>"]
    # An explicit stack rather than recursion: a deep (or corrupted) tree cannot overflow it.
    stack: list[OrgNode | None] = list(reversed(roots))
    while stack:
        node = stack.pop()
        if node is None:
            parts.append("</ul>\n</li>")
            continue
        _open_node(parts, node, url, labels)
        if node.children:
            parts.append("\n<ul>")
            stack.append(None)
            stack.extend(reversed(node.children))
        else:
            parts.append("\n</li>")
    parts.append("</ul>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _open_node(parts: list[str], node: OrgNode, url: str, labels: dict[str, str]) -> None:
    service = node.service
    agents = ngettext("%(counter)s agent", "%(counter)s agents", node.agent_count) % {
        "counter": node.agent_count
    }
    parts.append(
        f'<li class="{"" if node.covered else "maillage-uncovered"}" data-service="{service.pk}">'
        f'\n<a href="{url}{service.pk}/">{escape(service.name)}</a>'
        f' <span class="small">— {escape(service.get_kind_display())}, {escape(agents)}</span>'
    )
    if node.covered:
        holders = escape(", ".join(node.holders)) or "—"
        substitutes = (
            f" ({labels['substitute']} {escape(', '.join(node.substitutes))})"
            if node.substitutes
            else ""
        )
        parts.append(
            f'\n<p class="badge text-bg-success">{labels["referent"]} : {holders}{substitutes}</p>'
        )
    else:
        parts.append(f'\n<p class="badge text-bg-warning">{labels["none"]}</p>')
