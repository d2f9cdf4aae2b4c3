"""Signals of the organisation app, for the apps above it (which it may not import)."""

from django.dispatch import Signal

# Sent inside the HR import's transaction with ``authority`` and ``agent_ids``: the agents the
# new HR file no longer lists. Receivers erase what must not outlive an agent's departure.
agents_departed = Signal()
