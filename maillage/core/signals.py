"""Signals of the core app, answered by the apps above it (which core may not import)."""

from django.dispatch import Signal

# Sent hourly by ``manage.py purge_personal_data`` with ``now``. Each receiver removes the
# personal data its app must not keep any longer (audit-trail values of departed people,
# files waiting for a confirmation) and returns [(label, count)] for the command's output.
personal_data_purge = Signal()
