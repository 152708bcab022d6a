"""The page of `kg serve` in a real browser: headless Chromium (Debian's package), driven by
Playwright. `make test-browser` installs both and runs this; `make test` leaves it out."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.test_serve import Server

pytestmark = [pytest.mark.browser, pytest.mark.model]
CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's closed network needs: no background connections, no first-run pages.
FLAGS = [
    *("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"),
    *("--disable-background-networking", "--disable-component-update", "--disable-sync"),
]


def test_the_page_runs_an_example_and_shows_its_rows(seeds_output: Path, tmp_path: Path) -> None:
    from playwright.sync_api import Route, sync_playwright

    server = Server(seeds_output)
    outside: list[str] = []

    def loopback_only(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", loopback_only)
            page.goto(server.url)
            # The first example is in the editor; the list holds them all.
            assert page.locator("#examples button").count() >= 10
            assert "schema:mentions" in page.locator("#query").input_value()
            page.get_by_role("button", name="Who is named in the most articles").click()
            page.wait_for_selector("#results table tbody tr")
            assert page.locator("#results th").all_inner_texts() == ["name", "articles"]
            rows = [r.split("\t") for r in page.locator("#results tbody tr").all_inner_texts()]
            assert ["Asaad As-Salem", "2"] in rows and ["Maria Zakharova", "2"] in rows
            assert page.locator("#status").inner_text().startswith(f"{len(rows)} rows in ")
            if os.environ.get("KG_SCREENSHOT"):
                page.screenshot(path=os.environ["KG_SCREENSHOT"])
            # A query of one's own, and a broken one: its error is shown, not swallowed.
            page.locator("#query").fill("SELECT ?x WHERE { ?x")
            page.locator("#run").click()
            page.wait_for_selector("#status.error")
            assert page.locator("#status").inner_text().startswith("400: the query does not parse")
            browser.close()
    finally:
        server.stop()
    assert outside == []
