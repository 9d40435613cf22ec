"""The README's quick start on a clean machine: a fresh virtual environment in a temporary
folder, the project installed into it from this checkout, a fresh home (no registry, no
cache), then the first commands a newcomer types."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(os.environ.get("LISTGUARD_SKIP_QUICKSTART") == "1",
                    reason="LISTGUARD_SKIP_QUICKSTART=1")
def test_quick_start_in_a_fresh_venv(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(ROOT)],
                         capture_output=True, text=True, timeout=900, check=False)
    assert pip.returncode == 0, pip.stderr[-2000:]
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LISTGUARD_", "XDG_"))}
    env.update(HOME=str(home), PATH=f"{venv / 'bin'}:{env.get('PATH', '')}")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "listguard"), *args], capture_output=True,
                              text=True, env=env, timeout=300, check=False, cwd=tmp_path)

    assert run("--version").stdout.startswith("listguard ")
    answer = run("check", "buy", "Xiaomi", "--on", "2021-03-16")
    assert answer.returncode == 0 and answer.stdout.startswith("ALLOWED"), answer.stderr
    assert (home / ".local" / "share" / "listguard" / "registry.sqlite").exists()
    typo = run("check", "buy", "Hikvison", "--on", "2021-08-02")
    assert typo.returncode == 3 and "Traceback" not in typo.stderr
    demo = subprocess.run([str(venv / "bin" / "python"), str(ROOT / "examples" / "demo.py")],
                          capture_output=True, text=True, env=env, timeout=600, check=False,
                          cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr[-2000:]
    assert "Xiaomi" in demo.stdout
