"""Signals of the organisation app, for the apps above it (which it may not import)."""

from django.dispatch import Signal

# Sent by the HR import's check with ``authority`` and ``agent_ids`` (the agents the new file
# no longer lists, in batches). Receivers read only and return [(label, count)]: what they will
# erase if the agents are still gone after HR_DEPARTURE_GRACE_DAYS, e.g. [("profils
# internationaux", 12)]. Nothing is erased on deactivation itself: each app's scheduled command
# does it after the grace period (skills: erase_departed_profiles).
departure_preview = Signal()
