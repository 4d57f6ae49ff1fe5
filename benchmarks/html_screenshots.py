"""Screenshots of a bundled case's HTML page in headless Chromium, for the docs: whole, zoomed, filtered.

Run: python benchmarks/html_screenshots.py [--case chronologies/barking-dagenham-child-f-2018] [--out docs/images]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from browser import headless_chromium
from chronolane.chronology.build import build_chronology
from chronolane.export import export_chronology

SET_RANGE = """
for (const [id, value] of [['from', arguments[0]], ['to', arguments[1]]]) {
  const e = document.getElementById(id); e.value = value; e.dispatchEvent(new Event('change'));
}
"""
SETTLE = "const done = arguments[0]; requestAnimationFrame(() => setTimeout(done, 50));"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", type=Path, default=Path("chronologies/barking-dagenham-child-f-2018"))
    parser.add_argument("--out", type=Path, default=Path("docs/images"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    page = Path(tempfile.mkdtemp(prefix="chronolane-shots-")) / "page.html"
    export_chronology(build_chronology(args.case), page)
    name = args.case.name
    driver = headless_chromium(1400, 1050)
    try:
        driver.get(page.as_uri())
        driver.execute_async_script(SETTLE)
        driver.save_screenshot(str(args.out / f"{name}-page.png"))
        driver.execute_script(SET_RANGE, "2018-08-15", "2018-12-15")
        driver.execute_async_script(SETTLE)
        marker = driver.find_element(By.CSS_SELECTOR, "#timeline .ev")
        ActionChains(driver).move_to_element(marker).perform()
        driver.execute_async_script(SETTLE)
        driver.save_screenshot(str(args.out / f"{name}-zoomed.png"))
        driver.find_element(By.ID, "fit").click()
        for agency in ("Family", "Ambulance", "Hospital", "Maternity"):
            driver.find_element(By.XPATH, f"//label[normalize-space()='{agency}']/input").click()
        driver.find_element(By.ID, "search").send_keys("referral")
        driver.execute_async_script(SETTLE)
        driver.save_screenshot(str(args.out / f"{name}-filtered.png"))
    finally:
        driver.quit()
    for kind in ("page", "zoomed", "filtered"):
        print(args.out / f"{name}-{kind}.png")


if __name__ == "__main__":
    main()
