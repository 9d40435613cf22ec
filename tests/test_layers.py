"""The package's layers: imports point down, never up, and no module imports itself in a cycle.

The layers follow the data's path (README, "How it is built"). A package may import packages in
its own layer or below; utilities (errors, settings, limits, time, normalization) sit under
everything. Read from the source with ``ast``: imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

LAYERS: list[set[str]] = [
    {"errors", "timeutil", "limits", "settings", "normalize"},
    {"model"},
    {"sources"},
    {"registry"},
    {"rules"},
    {"matching"},
    {"reports"},
    {"screening", "impact", "watching"},
    {"news", "spark"},  # read articles and notices; screen on Apache Spark
    {"api"},
    {"cli", "service"},
    {"listguard"},  # the package itself: the public Python API
]
LEVEL = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "listguard"


def imports() -> dict[str, set[str]]:
    """Module -> the listguard modules it imports (a ``from x import y`` counts x.y when y is a
    module, else x)."""
    modules = {module_name(p): p for p in (SRC / "listguard").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("listguard")}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("listguard"):
                base = node.module or ""
                subs = {f"{base}.{a.name}" for a in node.names} & modules.keys()
                found |= subs or {base}
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def test_every_package_has_a_layer() -> None:
    units = {unit_of(m) for m in imports()}
    assert units <= LEVEL.keys(), units - LEVEL.keys()


def test_imports_point_down() -> None:
    upward = sorted(
        f"{m} -> {t}" for m, targets in imports().items() for t in targets
        if LEVEL[unit_of(t)] > LEVEL[unit_of(m)]
        or (LEVEL[unit_of(t)] == LEVEL[unit_of(m)] and unit_of(t) != unit_of(m)
            and LEVEL[unit_of(m)] != 0)
    )
    assert upward == []


def test_no_import_cycle_between_packages() -> None:
    graph = imports()
    edges = {(unit_of(m), unit_of(t)) for m, ts in graph.items() for t in ts
             if unit_of(m) != unit_of(t)}
    units = {u for e in edges for u in e}
    assert not _cycles(units, edges)


def test_no_import_cycle_between_modules() -> None:
    graph = imports()
    # a package's __init__ re-exporting its own modules is not a cycle worth refusing
    edges = {(m, t) for m, ts in graph.items() for t in ts
             if not (t.startswith(m + ".") or m.startswith(t + "."))}
    assert not _cycles(set(graph), edges)


def _cycles(nodes: set[str], edges: set[tuple[str, str]]) -> list[str]:
    """Nodes on a cycle (Kahn's algorithm leaves them with incoming edges)."""
    incoming = {n: 0 for n in nodes}
    out: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in edges:
        out[a].append(b)
        incoming[b] += 1
    ready = [n for n, k in incoming.items() if k == 0]
    while ready:
        n = ready.pop()
        for b in out[n]:
            incoming[b] -= 1
            if incoming[b] == 0:
                ready.append(b)
    return sorted(n for n, k in incoming.items() if k)


LONG_FUNCTION = 60
"""Lines a function may run to; a longer one says why it is kept in one piece."""


def test_long_functions_say_why() -> None:
    unexplained = []
    for path in sorted(SRC.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            head = "\n".join(lines[node.lineno - 1: node.lineno + 12])
            if length > LONG_FUNCTION and "# Kept in one piece" not in head:
                unexplained.append(f"{module_name(path)}.{node.name}: {length} lines")
    assert not unexplained, unexplained
