"""Panels: blocks that an app above fills into a page of an app below it.

A page exposes a named *slot* (``"organisation.service_detail"``) and renders whatever is
registered there; the app that owns the data registers a :class:`Panel` from its
``AppConfig.ready``. The lower app thus shows the upper app's data without importing it (the
same direction as ``organisation.signals.departure_preview``). In the template::

    {% load panels %}{% for panel in panels %}{% render_panel panel %}{% endfor %}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

# (request, obj) -> the panel's template context, or None to leave the panel out.
ContextFn = Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context_fn: ContextFn
    order: int = 100


_SLOTS: dict[str, dict[str, Panel]] = {}


def register(slot: str, panel: Panel) -> None:
    """Show ``panel`` on the pages of ``slot`` (registering a name again replaces it)."""
    _SLOTS.setdefault(slot, {})[panel.name] = panel


def panels_for(slot: str, request: HttpRequest, obj: Any) -> list[dict[str, Any]]:
    """The slot's panels in order, each ``{"name", "template", "context"}`` ready to render."""
    ready = []
    for panel in sorted(_SLOTS.get(slot, {}).values(), key=lambda p: (p.order, p.name)):
        context = panel.context_fn(request, obj)
        if context is not None:
            ready.append({"name": panel.name, "template": panel.template, "context": context})
    return ready
