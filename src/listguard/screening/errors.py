"""The screening front-end's one error type, in a module of its own so the command line can
catch it without importing pandas."""

from __future__ import annotations

from listguard.errors import ListguardError


class ScreeningInputError(ListguardError, ValueError):
    """A file or column that cannot be screened; the message is one line."""
