"""The markup of a select's options, written in Python (see ``templatetags.maillage_forms``
and ``forms.ListSelect``): Django's templates draw one sub-template per option."""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Any

from django.utils.functional import Promise


def option_text(value: Any) -> str:
    """``conditional_escape(value)``, without the lazy-argument check Django wraps it in: that
    check cost as much as the escaping itself, on 700 options a page (the profile search)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def option_attrs(attrs: dict[str, Any]) -> str:
    """Attributes as Django's ``attrs.html`` writes them: True alone, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {name}" if value is True else f' {name}="{escape(str(value))}"')
    return "".join(parts)


def choices_key(choices: list) -> tuple:
    """A select's choices as a hashable key: values and labels as text, groups as tuples."""

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return tuple(
        (text(value), tuple((text(sub), str(sublabel)) for sub, sublabel in label))
        if isinstance(label, list | tuple)
        else (text(value), str(label))
        for value, label in choices
    )


@lru_cache(maxsize=256)
def options_markup(choices: tuple) -> str:
    """The options of ``choices_key(choices)``, none selected, as ``select_options`` writes
    them; cached, since the long lists are the same on every page."""
    parts = []
    for value, label in choices:
        if isinstance(label, tuple):
            parts.append(f'<optgroup label="{option_text(value)}">')
            parts.extend(
                f'<option value="{escape(sub)}">{option_text(sublabel)}</option>'
                for sub, sublabel in label
            )
            parts.append("</optgroup>")
        else:
            parts.append(f'<option value="{escape(value)}">{option_text(label)}</option>')
    return "".join(parts)
