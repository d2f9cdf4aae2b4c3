"""``{% render_panel panel %}``: one panel of ``core.panels.panels_for`` in the page's context.

Keyword arguments are added to the panel's context: a list page draws a panel in each row
(``{% render_panel panel official=official %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context: template.Context, panel: dict[str, Any], **extra: Any) -> SafeString:
    # Rendered like {% include %}: the page's context (``can``, the request) plus the panel's own.
    panel_template = context.template.engine.get_template(panel["template"])
    with context.push(**panel["context"], **extra):
        return panel_template.render(context)
