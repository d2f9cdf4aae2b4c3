"""A mail backend that stops the process on its Nth message, as a crash mid-batch would."""

from __future__ import annotations

from django.core.mail.backends.locmem import EmailBackend


class Crash(BaseException):
    """Not an Exception: nothing in the send loop catches it, as with a killed worker."""


class CrashingBackend(EmailBackend):
    crash_on: int | None = None  # the 1-based number of the message that crashes
    count = 0

    def send_messages(self, messages):
        for _message in messages:
            type(self).count += 1
            if type(self).count == type(self).crash_on:
                raise Crash(f"crash on message {type(self).count}")
        return super().send_messages(messages)


class FailingBackend(EmailBackend):
    """Refuses every message (an SMTP server that answers with an error)."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")
