"""Every setting listguard reads from the environment, in one place: name, default, meaning.

Code asks this module (``settings.db_path()``, ``settings.cache_dir()`` …) instead of reading
``os.environ`` itself. The README's settings table is checked against :data:`SETTINGS` by the
test suite, so the two cannot drift apart. The reading limits (``LISTGUARD_MAX_*``) are
listed here and explained in :mod:`listguard.limits`, which applies them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from listguard.limits import ENV as LIMIT_ENV
from listguard.limits import Limits


@dataclass(frozen=True, slots=True)
class Setting:
    """One environment variable."""

    name: str
    default: str
    meaning: str


_LIMIT_DEFAULTS = Limits()

SETTINGS: tuple[Setting, ...] = (
    Setting("LISTGUARD_DB", "$XDG_DATA_HOME/listguard/registry.sqlite (XDG_DATA_HOME: "
            "~/.local/share)", "the registry: a SQLite file, or a PostgreSQL database as "
            "`postgresql://user@host:port/db`; `--db` overrides it"),
    Setting("LISTGUARD_CACHE_DIR", "$XDG_CACHE_HOME/listguard (~/.cache/listguard)",
            "where the built screening index is kept between runs"),
    Setting("LISTGUARD_ERROR_LOG", "$XDG_STATE_HOME/listguard/errors.log "
            "(~/.local/state/listguard/errors.log)",
            "where a fault of listguard's own writes its traceback"),
    Setting("LISTGUARD_WEBHOOK_SECRET", "(none: webhook POSTs unsigned)",
            "the HMAC-SHA256 key that signs alert webhooks (`X-Listguard-Signature`)"),
    Setting("LISTGUARD_JOBS_DIR", "$XDG_DATA_HOME/listguard/jobs",
            "where the service keeps uploaded files and the results of screening jobs"),
    Setting("LISTGUARD_RATE_LIMIT", "600",
            "requests a service key may make per minute (each worker process counts its own); "
            "over it: 429 with Retry-After"),
    Setting("LISTGUARD_MAX_UPLOAD_BYTES", "67,108,864",
            "the largest file the service accepts in one request (413 over it)"),
    Setting("LISTGUARD_SCREEN_BATCH", "1,000",
            "the most rows one `POST /v1/screen` may carry (413 over it; larger files go "
            "to `POST /v1/screenings`)"),
    Setting(LIMIT_ENV["max_file_bytes"], f"{_LIMIT_DEFAULTS.max_file_bytes:,}",
            "the largest file any reader accepts, in bytes"),
    Setting(LIMIT_ENV["max_rows"], f"{_LIMIT_DEFAULTS.max_rows:,}",
            "the most rows (entries, holdings, names) in one file"),
    Setting(LIMIT_ENV["max_line_chars"], f"{_LIMIT_DEFAULTS.max_line_chars:,}",
            "the longest line in a text file, in characters"),
    Setting(LIMIT_ENV["max_field_chars"], f"{_LIMIT_DEFAULTS.max_field_chars:,}",
            "the longest field, JSON string or XML text, in characters"),
)
"""Every ``LISTGUARD_*`` variable the product reads."""


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def _xdg(variable: str, fallback: str) -> Path:
    return Path(_env(variable) or Path.home() / fallback)


def db_path() -> Path:
    """``$LISTGUARD_DB``, else ``$XDG_DATA_HOME/listguard/registry.sqlite``."""
    explicit = _env("LISTGUARD_DB")
    return Path(explicit) if explicit else _xdg("XDG_DATA_HOME", ".local/share") / \
        "listguard" / "registry.sqlite"


def db_target() -> str:
    """The registry as ``--db`` takes it: ``$LISTGUARD_DB`` as given (a file path or a
    ``postgresql://`` URL, which a ``Path`` would mangle), else :func:`db_path`."""
    return _env("LISTGUARD_DB") or str(db_path())


def cache_dir() -> Path:
    """``$LISTGUARD_CACHE_DIR``, else ``$XDG_CACHE_HOME/listguard``."""
    explicit = _env("LISTGUARD_CACHE_DIR")
    return Path(explicit) if explicit else _xdg("XDG_CACHE_HOME", ".cache") / "listguard"


def error_log_path() -> Path:
    """``$LISTGUARD_ERROR_LOG``, else ``$XDG_STATE_HOME/listguard/errors.log``."""
    explicit = _env("LISTGUARD_ERROR_LOG")
    return Path(explicit) if explicit else _xdg("XDG_STATE_HOME", ".local/state") / \
        "listguard" / "errors.log"


def webhook_secret() -> str | None:
    """``$LISTGUARD_WEBHOOK_SECRET``, or None (webhooks unsigned)."""
    return _env("LISTGUARD_WEBHOOK_SECRET")


def jobs_dir() -> Path:
    """``$LISTGUARD_JOBS_DIR``, else ``$XDG_DATA_HOME/listguard/jobs``."""
    explicit = _env("LISTGUARD_JOBS_DIR")
    return Path(explicit) if explicit else _xdg("XDG_DATA_HOME", ".local/share") / \
        "listguard" / "jobs"


def _int(name: str, default: int) -> int:
    raw = _env(name)
    try:
        return int(raw.replace(",", "").replace("_", "")) if raw else default
    except ValueError:
        from listguard.errors import UsageError

        raise UsageError(f"${name}={raw!r} is not a whole number") from None


def rate_limit() -> int:
    """``$LISTGUARD_RATE_LIMIT``: requests per key per minute."""
    return _int("LISTGUARD_RATE_LIMIT", 600)


def max_upload_bytes() -> int:
    """``$LISTGUARD_MAX_UPLOAD_BYTES``: the largest upload the service accepts."""
    return _int("LISTGUARD_MAX_UPLOAD_BYTES", 64 * 1024 * 1024)


def screen_batch() -> int:
    """``$LISTGUARD_SCREEN_BATCH``: the most rows in one ``POST /v1/screen``."""
    return _int("LISTGUARD_SCREEN_BATCH", 1000)
