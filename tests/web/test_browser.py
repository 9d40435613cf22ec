"""An analyst's day in a real Chromium: sign in, search and open Xiaomi, ask what a US person
may do as known then and as known now, read the timeline; screen a portfolio, review three
hits and see them remembered on a second upload; compare two list versions; the roles, the
event study and a phone-sized screen."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from browsing import Site
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

Shots = Callable[..., Path]
WAIT = 20


def wait(driver: Any, condition: Any, seconds: float = WAIT) -> Any:
    try:
        return WebDriverWait(driver, seconds, ignored_exceptions=(
            StaleElementReferenceException,)).until(condition)
    except TimeoutException:
        shown = driver.find_element(By.TAG_NAME, "main").text[:800]
        pytest.fail(f"timed out on {driver.current_url}: {shown}")


def css(driver: Any, selector: str) -> WebElement:
    return wait(driver, ec.presence_of_element_located((By.CSS_SELECTOR, selector)))


def sign_in(driver: Any, site: Site, role: str, then: str = "/") -> None:
    driver.delete_all_cookies()
    driver.get(site.url + then)
    assert "/login" in driver.current_url  # signed out: every page asks for the key first
    key = css(driver, "#key")
    key.send_keys(site.keys[role])
    key.submit()
    wait(driver, ec.presence_of_element_located((By.ID, "who")))
    assert role in driver.find_element(By.ID, "who").text


def set_date(driver: Any, element: WebElement, iso: str) -> None:
    """Type a date as a person does (month, day, year in an en-US date field); set it
    directly if this Chromium's field reads keys another way."""
    element.clear()
    year, month, day = iso.split("-")
    element.send_keys(month + day + year)
    if element.get_attribute("value") != iso:
        driver.execute_script("arguments[0].value = arguments[1]", element, iso)
    assert element.get_attribute("value") == iso


def console_errors(driver: Any) -> list[str]:
    """What the page's console said at the error level since last asked (a script error, a
    resource refused by the Content-Security-Policy, a failed request)."""
    return [str(e["message"]) for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def verdict(driver: Any, activity: str) -> str:
    row = css(driver, f'#verdicts tr[data-activity="{activity}"]')
    return str(row.get_attribute("data-verdict"))


def test_sign_in_search_xiaomi_and_ask_as_known_then_and_now(site: Site, browser: Any,
                                                             shots: Shots) -> None:
    driver = browser
    driver.delete_all_cookies()
    driver.get(site.url + "/")
    css(driver, "#key").send_keys("lg_not-a-key")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    assert "unknown or revoked" in css(driver, "#login-error").text
    shots(driver, "01-login")

    sign_in(driver, site, "analyst")
    driver.get_log("browser")  # the refused key's 401 above is expected
    box = css(driver, "#q")
    box.send_keys("SMIC")
    wait(driver, lambda d: d.find_element(By.ID, "results").get_attribute("data-q") == "SMIC")
    first = css(driver, "#results .result")
    assert "Semiconductor Manufacturing International" in first.text
    assert "ofac-ns-cmic" in first.text and "prohibited" in first.text  # on a list now
    shots(driver, "02-search")
    box.clear()
    box.send_keys("Xiaomi")
    link = css(driver, '#results .result-link[data-entity="xiaomi"]')
    assert "Xiaomi Corporation" in link.text
    for query in ("小米", "1810.HK", "KYG9830T1067"):  # Chinese name, ticker, ISIN
        box.clear()
        box.send_keys(query)
        wait(driver, lambda d, q=query: d.find_element(By.ID, "results")
             .get_attribute("data-q") == q)
        assert css(driver, '#results .result-link[data-entity="xiaomi"]')
    box.send_keys(*"\ue015")  # arrow down: into the results, then Enter opens
    driver.switch_to.active_element.send_keys("\ue007")
    wait(driver, ec.text_to_be_present_in_element((By.ID, "entity-name"), "Xiaomi"))
    assert "小米" in driver.find_element(By.ID, "chinese-names").text

    set_date(driver, css(driver, "#on"), "2021-03-16")
    set_date(driver, css(driver, "#known_at"), "2021-03-11")
    driver.find_element(By.ID, "answer").click()
    wait(driver, lambda d: "2021-03-11" in d.find_element(By.ID, "asked").text)
    assert verdict(driver, "buy") == "prohibited"
    buy = driver.find_element(By.CSS_SELECTOR, '#verdicts tr[data-activity="buy"]').text
    assert "EO 13959" in buy
    shots(driver, "03-xiaomi-known-then", full=True)

    driver.find_element(By.ID, "clear-known").click()
    wait(driver, lambda d: "as known now" in d.find_element(By.ID, "asked").text)
    assert verdict(driver, "buy") == "allowed"
    assert driver.find_element(By.ID, "on").get_attribute("value") == "2021-03-16"

    lane = css(driver, '#timeline g.lane[data-list="dod-1237"]')
    kinds = {m.get_attribute("data-kind"): m for m in lane.find_elements(By.CSS_SELECTOR, "g.mk")}
    assert {"listed", "enjoined", "vacated"} <= kinds.keys()
    assert kinds["listed"].get_attribute("data-date") == "2021-01-14"
    assert kinds["enjoined"].get_attribute("data-date") == "2021-03-12"
    assert kinds["vacated"].get_attribute("data-date") == "2021-05-25"
    ActionChains(driver).move_to_element(kinds["enjoined"]).perform()
    wait(driver, lambda d: "1:21-cv-00280" in d.find_element(By.ID, "marker-detail").text)
    assert lane.find_elements(By.CSS_SELECTOR, "rect.bar-in_force")
    assert lane.find_elements(By.CSS_SELECTOR, "rect.bar-enjoined")
    driver.execute_script("document.getElementById('h-timeline').scrollIntoView()")
    shots(driver, "04-xiaomi-timeline")
    assert console_errors(driver) == []


def portfolio(folder: Path) -> Path:
    path = folder / "book.csv"
    rows = [("name", "country", "ticker"),
            ("Semiconductor Manufacturing International Corp", "China", "0981.HK"),
            ("Hangzhou Hikvision Digital Technology Co Ltd", "China", "002415.SZ"),
            ("China Mobile Ltd", "China", "0941.HK"),
            ("Huawei Technologies Co Ltd", "China", ""),
            ("Tencent Holdings Ltd", "China", "0700.HK"),
            ("Apple Inc.", "United States", "AAPL")]
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def upload_and_open_queue(driver: Any, site: Site, book: Path) -> list[WebElement]:
    driver.get(site.url + "/screen")
    css(driver, "#file").send_keys(str(book))
    driver.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]").click()
    name = Select(css(driver, "#col-name"))
    assert name.first_selected_option.text == "name"  # guessed from the header
    assert Select(driver.find_element(By.ID, "col-country")).first_selected_option.text == \
        "country"
    driver.find_element(By.ID, "start").click()
    css(driver, "#queue")
    return driver.find_elements(By.CSS_SELECTOR, "#queue .hit")


def test_screen_review_three_hits_and_see_them_remembered(site: Site, browser: Any,
                                                          shots: Shots,
                                                          tmp_path: Path) -> None:
    driver = browser
    sign_in(driver, site, "analyst", "/screen")
    book = portfolio(tmp_path)
    hits = upload_and_open_queue(driver, site, book)
    assert len(hits) >= 3
    assert "on no list" not in hits[0].text  # listed now first
    rows = [h.get_attribute("data-row") for h in hits[:3]]
    shots(driver, "05-review-queue", full=True)

    css(driver, f"#row-{rows[0]}.current")  # the first hit is selected and focused
    driver.switch_to.active_element.send_keys("c")  # clear it
    wait(driver, lambda d: d.find_element(By.ID, f"row-{rows[0]}")
         .get_attribute("data-review") == "cleared")
    css(driver, f"#row-{rows[1]}.current")  # the next hit is selected
    driver.switch_to.active_element.send_keys("f")  # confirm the second
    wait(driver, lambda d: d.find_element(By.ID, f"row-{rows[1]}")
         .get_attribute("data-review") == "confirmed")
    third = css(driver, f"#row-{rows[2]}")
    third.find_element(By.CSS_SELECTOR, ".comment").send_keys("ask compliance: subsidiary?")
    third.find_element(By.CSS_SELECTOR, "button.b-escalate").click()
    wait(driver, lambda d: d.find_element(By.ID, f"row-{rows[2]}")
         .get_attribute("data-review") == "escalated")
    assert "ask compliance" in driver.find_element(By.ID, f"row-{rows[2]}").text
    shots(driver, "06-review-decided")

    cookie = driver.get_cookie("lg_session")
    link = driver.find_element(By.ID, "dl-csv").get_attribute("href")
    got = httpx.get(link, cookies={"lg_session": cookie["value"]})
    assert got.status_code == 200 and "review_status" in got.text.splitlines()[0]
    assert {"cleared", "confirmed", "escalated"} <= set(got.text.replace("\n", ",").split(","))

    again = upload_and_open_queue(driver, site, book)  # the same file, a new job
    seen = {h.get_attribute("data-row"): h for h in again}
    assert [seen[r].get_attribute("data-review") for r in rows] == \
        ["cleared", "confirmed", "escalated"]
    for r, word in zip(rows, ("cleared", "confirmed", "escalated"), strict=True):
        assert f"Remembered: {word}" in seen[r].find_element(By.CSS_SELECTOR, ".remembered").text
    shots(driver, "07-review-remembered", full=True)
    assert console_errors(driver) == []


def test_compare_two_versions_of_a_list(site: Site, browser: Any, shots: Shots) -> None:
    driver = browser
    sign_in(driver, site, "viewer", "/lists")
    row = css(driver, "#list-ofac-ssi")  # OFAC's consolidated file, April and December 2025
    assert "2 versions" in row.text
    shots(driver, "08-lists", full=True)
    row.find_element(By.CSS_SELECTOR, "a.diff-link").click()
    wait(driver, ec.url_contains("/diff"))
    css(driver, "#from")
    # Read the options in one go in the page: elements held across a reload go stale.
    older, newer = driver.execute_script(
        "return [...document.querySelectorAll('#from option')].map(o => o.value)")[1:3]
    Select(driver.find_element(By.ID, "from")).select_by_value(older)
    Select(driver.find_element(By.ID, "to")).select_by_value(newer)
    driver.find_element(By.CSS_SELECTOR, "#diff-form button[type=submit]").click()
    summary = css(driver, "#diff-summary").text
    assert f"From #{older} to #{newer}" in summary
    counts = [int(w) for w in summary.replace(":", " ").split() if w.isdigit()][2:]
    assert sum(counts) > 0, summary
    shots(driver, "09-diff")


def test_roles_event_study_and_a_phone_screen(site: Site, browser: Any, shots: Shots) -> None:
    driver = browser
    sign_in(driver, site, "viewer", "/audit")
    assert "needs the admin role" in css(driver, "main").text
    assert not driver.find_elements(By.CSS_SELECTOR, 'nav a[href="/audit"]')

    driver.get(site.url + "/entities/xiaomi/impact")
    table = css(driver, "#car-table")
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 3
    assert driver.find_elements(By.CSS_SELECTOR, "#car-chart polyline")
    shots(driver, "10-event-study", full=True)

    sign_in(driver, site, "admin", "/entities/xiaomi")  # an answer, so audited
    css(driver, "h1")
    driver.get(site.url + "/audit")
    driver.find_element(By.ID, "verify").click()
    assert "The chain holds" in css(driver, "#verified").text
    assert "check" in driver.find_element(By.ID, "audit").text or \
        "status" in driver.find_element(By.ID, "audit").text
    shots(driver, "11-audit")

    driver.set_window_size(390, 844)
    try:
        driver.get(site.url + "/entities/xiaomi?on=2021-03-16&known_at=2021-03-11")
        css(driver, "#verdicts")
        wide = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wide <= 1, f"the page scrolls sideways by {wide}px at phone width"
        shots(driver, "12-phone")
    finally:
        driver.set_window_size(1280, 900)
