"""How a write is written: the convention of every service function.

A write service is ``verb_noun(target, *, by, …)``: the object it acts on (or the authority it
creates in) first, then keyword-only arguments, the acting user first of them as ``by`` (None
for the system: commands, scheduled jobs, the demo). Views, commands, the demo and tests call
the same functions. For example::

    @write_service
    def answer_mobilisation(mobilisation, *, by, confirm, comment=""): ...

    answer_mobilisation(mobilisation, by=request.user, confirm=True)

Each public write service runs in its own transaction, opened by :func:`write_service` with
``durable=True``: when it returns, its work is committed, and its ``on_commit`` mails are sent.
A service called by another service joins the caller's transaction instead (the outer one is
durable); a caller that deliberately commits several services together (a create form saved
once, the demo) says so with :func:`composing`. Any other enclosing transaction makes the
service fail loudly, rather than let a caller's rollback silently undo a write reported as done.

Errors a user can correct raise Django's ``ValidationError`` with a French message (or a
subclass, such as ``projects.services.InvalidTransition``): forms and views already show it as
a form or page error (``form.add_error(None, exc)``, ``messages.error``), and ``full_clean``
raises the same type, so a service and a model agree. ``TypeError``/``ValueError`` are kept
for programming errors that no user input can cause (an unknown field name). "Someone saved
first" is ``core.concurrency.ConcurrentEditError``, raised by ``claim_version``, the one
version bump.

Every write records an ``AuditEvent`` whose ``kind`` names what happened (``core.audit``).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction

from .models import User

# How many write services (or composing blocks) enclose the current code, in this thread.
_depth: contextvars.ContextVar[int] = contextvars.ContextVar("write_service_depth", default=0)


def write_service[**P, T](func: Callable[P, T]) -> Callable[P, T]:
    """Run ``func`` in a transaction of its own (durable), or in its calling service's."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        depth = _depth.get()
        token = _depth.set(depth + 1)
        try:
            with transaction.atomic(durable=depth == 0):
                return func(*args, **kwargs)
        finally:
            _depth.reset(token)

    run.is_write_service = True  # type: ignore[attr-defined]
    return run


@contextmanager
def composing(*, durable: bool = True) -> Iterator[None]:
    """One transaction for several write services, which join it.

    Durable unless the caller already runs in a transaction it does not own (``durable=False``:
    the Django admin's views, which open their own).
    """
    depth = _depth.get()
    token = _depth.set(depth + 1)
    try:
        with transaction.atomic(durable=durable and depth == 0):
            yield
    finally:
        _depth.reset(token)


def actor(by: User | None) -> User | None:
    """The user to store as author of a row: None for the system or an anonymous request."""
    return by if by is not None and by.is_authenticated else None
