"""The one error base. Every error a person can cause (a bad file, a bad date, a busy
registry) is a :class:`ListguardError` and carries the exit code the command line ends with;
anything else is a fault of listguard's own (exit 1, see ``listguard.cli``).

Each layer raises its own kind, all of them this one underneath:

===============================  ==========================================================
``sources.errors.SourceError``   a list file that cannot be imported as it stands
``limits.LimitError``            a file or value over a stated limit
``timeutil.BadWhen``             an instant that cannot be read
``registry.BadQuery``            a query or database that cannot be looked up
``registry.store.RegistryBusy``  another writer holds the registry
``registry.migrations.SchemaTooNew``  a registry migrated by a newer listguard
``screening.errors.ScreeningInputError``  a file to screen that cannot be read
``registry.outbox.BadWebhookURL``         a webhook that is not http(s)
``errors.UsageError``            any other bad value given to listguard
``errors.AmbiguousQuery``        a query naming several entities where one is needed
``errors.NotFound``              an id that names nothing
===============================  ==========================================================
"""

from __future__ import annotations

EXIT_BAD_INPUT = 2
"""The caller's mistake: one line on stderr says what and where."""


class ListguardError(Exception):
    """An error a person can act on; ``str()`` is one line; ``exit_code`` ends the command."""

    exit_code: int = EXIT_BAD_INPUT


class UsageError(ListguardError):
    """A bad value given to listguard (an option, an argument, a request field): exit 2.
    ``field`` names the request field at fault, where there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


EXIT_AMBIGUOUS = 3
"""The same code as a ``review`` answer: a person must choose."""


class AmbiguousQuery(UsageError):
    """A query that names several entities where one is needed: exit 3, the candidates named."""

    exit_code = EXIT_AMBIGUOUS

    def __init__(self, query: str, candidates: list[tuple[str, str]]) -> None:
        self.query = query
        self.candidates = candidates
        ids = ", ".join(c[0] for c in candidates)
        super().__init__(f"{query!r} names {len(candidates)} listed entities ({ids}); "
                         "be more specific", field="query")


class NotFound(UsageError):
    """A thing asked for by its id (an entity, a list, a job, an audit record) that does not
    exist: exit 2, HTTP 404."""
