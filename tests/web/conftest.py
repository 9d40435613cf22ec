"""The web app under a real browser: ``listguard serve`` on a free loopback port over a
fresh registry (the shipped lists, two imported versions of OFAC's consolidated list, a key
of each role), and Debian's Chromium driven by Selenium through Debian's chromedriver.

Nothing is downloaded: the driver and the browser are named by path (``CHROMEDRIVER``,
``CHROMIUM`` override them), so Selenium Manager never runs. Without them every browser test
FAILS, saying how to install them (``make sysdeps`` does, as root with apt-get; CI runs it);
they are never skipped.

Each test saves screenshots to ``LISTGUARD_SCREENSHOTS`` (default: a temporary folder).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from browsing import Site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
INSTALL_HINT = ("the web tests drive Debian's Chromium through chromedriver and found none "
                "({what}); `make sysdeps` installs them as root with apt-get (apt-get install "
                "chromium chromium-driver), or set CHROMIUM and CHROMEDRIVER to their paths")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_registry(registry_path: Path, folder: Path) -> tuple[str, dict[str, str]]:
    """A copy of the built registry with two OFAC consolidated versions and three keys."""
    from listguard.api.core import Listguard
    from listguard.registry import versions

    db = folder / "web.sqlite"
    shutil.copy(registry_path, db)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(versions, "MIN_ENTRIES", {})  # the fixtures are slices (tests/conftest.py)
        core = Listguard.open(db, actor="test")
        for folder_name, published in (("cons_2025-04", date(2025, 4, 1)),
                                       ("cons_2025-12", date(2025, 12, 1))):
            core.update([str(FIXTURES / "ofac" / folder_name / "cons_prim.csv")],
                        published=published)
        made = {role: core.create_key(f"{role} tester", role)[1]
                for role in ("viewer", "analyst", "admin")}
        core.registry.close()
    return str(db), made


def start_server(db: str, folder: Path) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    env = {**os.environ, "LISTGUARD_JOBS_DIR": str(folder / "jobs"),
           "LISTGUARD_CACHE_DIR": str(folder / "cache"), "LISTGUARD_RATE_LIMIT": "100000"}
    proc = subprocess.Popen([sys.executable, "-m", "listguard.cli", "--db", db, "serve",
                             "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("the service did not start: " + (proc.stderr.read() if proc.stderr else ""))


@pytest.fixture(scope="module")
def site(registry_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("web")
    db, made = build_registry(registry_path, folder)
    proc, url = start_server(db, folder)
    try:
        yield Site(url, db, made, folder / "jobs")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def browser_paths() -> tuple[str, str]:
    """Chromium and chromedriver, by path; the test fails (never skips) without them."""
    chromium = os.environ.get("CHROMIUM") or next(
        (p for p in (shutil.which("chromium"), "/usr/bin/chromium",
                     shutil.which("chromium-browser")) if p and Path(p).exists()), None)
    driver = os.environ.get("CHROMEDRIVER") or next(
        (p for p in (shutil.which("chromedriver"), "/usr/bin/chromedriver")
         if p and Path(p).exists()), None)
    missing = [n for n, p in (("chromium", chromium), ("chromedriver", driver)) if not p]
    if missing or chromium is None or driver is None:
        pytest.fail(INSTALL_HINT.format(what=" and ".join(missing)), pytrace=False)
    return chromium, driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Headless Chromium at 1280 x 900 (as root in CI: no sandbox, no /dev/shm)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: pip install -e '.[dev]'", pytrace=False)
    chromium, driver = browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-extensions", "--lang=en-US",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    chrome.implicitly_wait(0)
    try:
        yield chrome
    finally:
        chrome.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Save a screenshot of the page: ``shots(browser, "name")``."""
    folder = Path(os.environ.get("LISTGUARD_SCREENSHOTS") or
                  tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)

    def take(driver: Any, name: str, full: bool = False) -> Path:
        """The viewport; with ``full``, the whole page's height at the window's width."""
        path = folder / f"{name}.png"
        size = driver.get_window_size()
        if full:
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(size["width"], min(int(height) + 140, 4000))
        try:
            driver.save_screenshot(str(path))
        finally:
            if full:
                driver.set_window_size(size["width"], size["height"])
        assert path.stat().st_size > 1000
        return path

    return take
