"""Fault injection for child processes: kill -9 (``os._exit``) inside an import's write.

Prepend :data:`KILL_PRELUDE` to a child script; with ``KILL_AFTER_WRITES=N`` in its
environment, the child dies at its N-th batch write to the registry (inside the import's
transaction), as a process killed by the kernel would: no cleanup, no rollback by Python.
"""

KILL_ENV = "KILL_AFTER_WRITES"

KILL_PRELUDE = """
import os as _os
from listguard.registry.store import SQLStore as _Store
_after = int(_os.environ.get("KILL_AFTER_WRITES", "0") or 0)
if _after:
    _write = _Store.executemany
    _count = [0]

    def _dying(self, sql, rows):
        _count[0] += 1
        if _count[0] >= _after:
            _os._exit(137)
        return _write(self, sql, rows)

    _Store.executemany = _dying
"""
