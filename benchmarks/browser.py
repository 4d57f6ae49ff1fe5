"""Headless Chromium for the HTML benchmarks and screenshots: Debian's chromium, isolated, offline."""

from __future__ import annotations

import shutil
import tempfile

from selenium import webdriver


def headless_chromium(width: int = 1400, height: int = 1000) -> webdriver.Chrome:
    """A fresh headless Chromium (its own profile folder, background networking off)."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or ""
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tempfile.mkdtemp(prefix='chronolane-chromium-')}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(arg)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    return webdriver.Chrome(options=options, service=service)
