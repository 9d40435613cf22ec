"""A throwaway PostgreSQL server for the test suite (``conftest.pg_server`` starts one per
test process).

The server binaries are looked for on ``PATH``, then in ``/usr/lib/postgresql/*/bin`` (where
Debian's ``postgresql`` package puts them, off ``PATH``), then where ``pg_config --bindir``
says. ``initdb`` makes a cluster in a new folder under the system's temporary folder; ``pg_ctl
start`` runs it on a free port, listening on 127.0.0.1 and on a unix socket in that folder,
with durability off (``fsync``, ``synchronous_commit``, ``full_page_writes``: a test cluster
need not survive a power cut); ``stop`` stops it and deletes the folder.

The cluster's default collation is ICU's ``en-US`` where the server has ICU, not byte order,
so the registry's own ``COLLATE "C"`` (see ``listguard.registry.migrations``) is what keeps
its sort order SQLite's: a test on this server would catch a column that forgot it.

``initdb`` and ``postgres`` refuse to run as root, which is how CI (and a container) runs:
as root the server runs as an unprivileged user instead - ``postgres`` if the system has
that user (the package makes it), else ``nobody`` - and the cluster's folder is given to that
user. The superuser of the cluster is ``listguard`` (trusted on the unix socket; over TCP it
needs a password, which lets the tests try a wrong one).

A test process that is killed (``kill -9``, a CI timeout) cannot stop its server: the folder
records the process that made it (``owner``), and the next ``start`` stops and deletes every
server whose owner is gone.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

SUPERUSER = "listguard"
PASSWORD_ROLE, PASSWORD = "listguard_pw", "right-password"
"""A role that logs in over TCP with a password (for the wrong-password test)."""

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH, in "
    "/usr/lib/postgresql/*/bin or by pg_config: the postgresql tests need them. Install them "
    "(Debian/Ubuntu: `apt-get install postgresql`, which `make sysdeps` does as root; macOS: "
    "`brew install postgresql`) and run the tests again"
)


def is_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def database_of(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]


def find_bindir() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or None."""
    wanted = ("initdb", "pg_ctl", "postgres")
    candidates: list[Path] = []
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += [Path(p) for p in sorted(versions, key=_version, reverse=True)]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                             check=True, timeout=10).stdout.strip()
        candidates.append(Path(out))
    for folder in candidates:
        if all((folder / name).is_file() for name in wanted):
            return folder
    return None


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _runner() -> tuple[dict[str, Any], int | None, int | None]:
    """How to run the server's programs: as an unprivileged user when this process is root."""
    if os.geteuid() != 0:
        return {}, None, None
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        return ({"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []},
                user.pw_uid, user.pw_gid)
    raise RuntimeError("running as root, and neither a 'postgres' nor a 'nobody' user exists "
                       "to run the test PostgreSQL server as; create one (useradd postgres)")


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    as_user: dict[str, Any] = field(default_factory=dict)
    _made: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str, *, tcp: bool = False, user: str = SUPERUSER,
            password: str | None = None) -> str:
        """A libpq URL for ``database``: over the unix socket, or over TCP."""
        auth = quote(user) + (f":{quote(password)}" if password is not None else "")
        if tcp:
            return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{auth}@/{database}?host={quote(str(self.root))}&port={self.port}"

    def run(self, *args: str, timeout: float = 120) -> None:
        proc = subprocess.run([str(self.bindir / args[0]), *args[1:]], capture_output=True,
                              text=True, timeout=timeout, check=False, **self.as_user)
        if proc.returncode:
            raise RuntimeError(f"{args[0]} failed ({proc.returncode}): "
                               f"{(proc.stderr or proc.stdout).strip()[-2000:]}")

    def sql(self, *statements: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement.encode())

    def new_database(self, template: str | None = None, prefix: str = "t") -> str:
        """A new database (a copy of ``template``, if given); returns its name."""
        self._made += 1
        name = f"{prefix}_{os.getpid()}_{self._made}"
        copy = f" TEMPLATE {template}" if template else ""
        self.sql(f"CREATE DATABASE {name}{copy}")
        return name

    def drop_database(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self.data.exists():
            with contextlib.suppress(RuntimeError, subprocess.SubprocessError):
                self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.root, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_orphans(bindir: Path, where: str | None, as_user: dict[str, Any]) -> None:
    """Stop and delete the servers of test processes that are gone (module doc)."""
    for folder in glob.glob(os.path.join(where or tempfile.gettempdir(), "listguard-pg-*")):
        try:
            owner = int((Path(folder) / "owner").read_text())
        except (OSError, ValueError):
            continue  # being made, or not ours
        if not _alive(owner):
            PgServer(bindir, Path(folder), 0, as_user).stop()


def start() -> PgServer:
    """Make and start a cluster (module doc). Raises RuntimeError with the reason."""
    bindir = find_bindir()
    if bindir is None:
        raise FileNotFoundError(INSTALL_HINT)
    as_user, uid, gid = _runner()
    # as root, where the server's user can reach it (not a root-only $TMPDIR)
    where = "/tmp" if uid is not None and Path("/tmp").is_dir() else None
    reap_orphans(bindir, where, as_user)
    root = Path(tempfile.mkdtemp(prefix="listguard-pg-", dir=where))
    (root / "owner").write_text(str(os.getpid()))
    if uid is not None and gid is not None:
        os.chown(root, uid, gid)
    server = PgServer(bindir, root, free_port(), as_user)
    atexit.register(server.stop)
    try:
        _initdb(server)
        options = " ".join(f"-c {k}={v}" for k, v in {
            "port": server.port, "listen_addresses": "127.0.0.1",
            "unix_socket_directories": f"'{root}'", "fsync": "off",
            "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300",
            "shared_buffers": "32MB", "max_locks_per_transaction": "128",
        }.items())
        server.run("pg_ctl", "start", "-D", str(server.data), "-l", str(root / "server.log"),
                   "-w", "-t", "60", "-o", options)
        server.sql(f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'")
    except BaseException:
        log = root / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        server.stop()
        if tail:
            raise RuntimeError(f"the test PostgreSQL server did not start:\n{tail}") from None
        raise
    return server


def _initdb(server: PgServer) -> None:
    """initdb with ICU's en-US as the default collation where the server has ICU, else the
    C locale."""
    common = ["initdb", "-D", str(server.data), "-U", SUPERUSER, "-E", "UTF8",
              "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"]
    attempts: list[Callable[[], None]] = [
        lambda: server.run(*common, "--locale=C", "--locale-provider=icu",
                           "--icu-locale=en-US"),
        lambda: server.run(*common, "--locale=C"),
    ]
    for i, attempt in enumerate(attempts):
        try:
            attempt()
            return
        except RuntimeError:
            if i == len(attempts) - 1:
                raise
            shutil.rmtree(server.data, ignore_errors=True)


def tamper(target: str, sql: str) -> None:
    """Run ``sql`` on a registry behind listguard's back (a SQLite file or a PostgreSQL
    URL): how the tests alter an audit record."""
    import sqlite3

    if is_url(target):
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            conn.execute(sql)
    else:
        with sqlite3.connect(target) as conn:
            conn.execute(sql)
