"""Reminders: the feature apps register what to remind, ``send_reminders`` runs them daily.

A reminder function takes ``today`` and calls ``notify(…, key=…)`` for each object that needs
a reminder; the key (kind, object and the date it is about) makes each reminder happen once,
however often the command runs. Registered from the apps' ``AppConfig.ready``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

Reminder = Callable[[datetime.date], int]
_REMINDERS: dict[str, Reminder] = {}


def register(name: str) -> Callable[[Reminder], Reminder]:
    def decorator(func: Reminder) -> Reminder:
        _REMINDERS[name] = func
        return func

    return decorator


def registered() -> dict[str, Reminder]:
    return dict(_REMINDERS)


def run_all(today: datetime.date | None = None) -> int:
    """Run every registered reminder; returns how many notifications' events were new."""
    today = today or timezone.localdate()
    return sum(func(today) for _name, func in sorted(_REMINDERS.items()))
