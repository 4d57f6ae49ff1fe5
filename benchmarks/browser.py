"""Headless Chromium for the HTML tests, benchmarks and screenshots: Debian's chromium, isolated, offline."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator

from selenium import webdriver

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@contextlib.contextmanager
def headless_chromium(width: int = 1400, height: int = 1000, *, console: bool = False) -> Iterator[webdriver.Chrome]:
    """A fresh headless Chromium in its own profile folder, background networking off, removed afterwards.

    With ``console`` the browser's console messages are kept for ``driver.get_log("browser")``.
    """
    profile = tempfile.mkdtemp(prefix="chronolane-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(arg)
    if console:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # the driver's path given, Selenium Manager (which would go online to find a browser) is never run
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
