"""The HTML page in a real browser (Debian's headless Chromium, driven by Selenium): clicks, keys, print."""

from __future__ import annotations

import base64
import datetime
import io
import shutil
import socket
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from chronolane.chronology.build import build_chronology
from chronolane.export import export_chronology

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="Chromium absent: apt-get install chromium chromium-driver"),
]

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.common.print_page_options import PrintOptions  # noqa: E402

LOOPBACK = {"127.0.0.1", "::1", "localhost"}

AGENCY_FILES = {
    "police.csv": (
        "Date,Type,Details,Subject\n"
        "03/12/2017,Incident,Police attended a fight at the home,child\n"
        "spring 2018,Notification,Police notified social care,child\n"
    ),
    "gp.csv": (
        "Date,Type,Details,Subject\n"
        "05/02/2018,Referral,GP referred mother to perinatal mental health,mother\n"
        "12/03/2018,Appointment,Baby check at the surgery,child\n"
        "20/06/2018,Appointment,Mother seen about sleep,mother\n"
    ),
    "health-visiting.csv": (
        "Date,Type,Details,Subject\n"
        "March 2018,Health visit,New birth visit at home,child\n"
        "14/10/2018,Home visit,Visit after the long gap,child\n"
        ",Health visit,Undated note of a visit,child\n"
    ),
}
CASE_TOML = """
case_id = "test-case"
title = "Child T, test review"
lanes = ["Police", "GP", "Health visiting"]
[[subjects]]
id = "child"
name = "Child T"
role = "child"
born = "February 2018"
[[subjects]]
id = "mother"
name = "Ms T"
role = "mother"
"""


@pytest.fixture
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """As everywhere, no network; but Selenium talks to its own chromedriver on the loopback interface."""
    connect, create, lookup = socket.socket.connect, socket.create_connection, socket.getaddrinfo

    def local(address: object) -> bool:
        return isinstance(address, tuple) and str(address[0]) in LOOPBACK

    def guarded_connect(self: socket.socket, address: object) -> None:
        if not local(address):
            raise RuntimeError("chronolane must not open network connections")
        connect(self, address)  # type: ignore[arg-type]

    def guarded_create(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        if not local(address):
            raise RuntimeError("chronolane must not open network connections")
        return create(address, *args, **kwargs)  # type: ignore[arg-type]

    def guarded_lookup(host: object, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        if str(host) not in LOOPBACK:
            raise RuntimeError("chronolane must not look up network names")
        return lookup(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_lookup)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """One headless Chromium for the module, isolated in a fresh profile, logging the console."""
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
        "--window-size=1280,1000",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # the driver's path given, Selenium Manager (which would go online to find a browser) is never run
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def make_page(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    """Build a three-agency case from files written here and export its page."""
    case = tmp_path / "case"
    case.mkdir()
    (case / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    for name, text in {**AGENCY_FILES, **(extra or {})}.items():
        (case / name).write_text(text, encoding="utf-8")
    return export_chronology(build_chronology(case), tmp_path / "out" / "page.html").path


def open_page(browser: webdriver.Chrome, path: Path) -> webdriver.Chrome:
    browser.get(path.as_uri())
    browser.get_log("browser")  # start each page with an empty console
    browser.get(path.as_uri())
    assert browser.execute_script("return document.documentElement.getAttribute('data-ready')") == "true"
    return browser


def visible_rows(browser: webdriver.Chrome) -> list[str]:
    """Event numbers of the table rows shown, in table order."""
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#rows tr')).filter(r => !r.hidden)"
        ".map(r => r.cells[0].textContent)"
    )


def settle(browser: webdriver.Chrome) -> None:
    """Wait until the page has drawn what the last input asked for (it redraws on the next animation frame)."""
    browser.execute_async_script("const done = arguments[0]; requestAnimationFrame(() => setTimeout(done, 0));")


def markers(browser: webdriver.Chrome) -> list:  # type: ignore[type-arg]
    settle(browser)
    return browser.find_elements(By.CSS_SELECTOR, "#timeline .ev")


def lane_labels(browser: webdriver.Chrome) -> list[str]:
    settle(browser)
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#timeline .lane-label")]


def view_days(browser: webdriver.Chrome) -> float:
    """The width of the dates in view, in days, as the date-range control shows it."""
    settle(browser)
    return browser.execute_script(
        "return (Date.parse(document.getElementById('to').value) - Date.parse(document.getElementById('from').value))"
        " / 86400000"
    )


def console_problems(browser: webdriver.Chrome) -> list[str]:
    """Console warnings and errors, and CSP violations counted by the page itself."""
    logs = [e["message"] for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    violations = browser.execute_script("return document.documentElement.getAttribute('data-csp-violations')")
    return logs + ([f"{violations} CSP violation(s)"] if violations else [])


def test_page_opens_with_every_dated_event_drawn_and_a_clean_console(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Seven dated events are seven markers, the undated one is only in the table; no error, no CSP violation."""
    page = open_page(browser, make_page(tmp_path))
    assert len(markers(page)) == 7
    assert visible_rows(page) == [str(n) for n in range(1, 9)]
    assert page.find_element(By.ID, "status").text == "8 of 8 events shown."
    assert lane_labels(page) == ["Police", "GP", "Health visiting"]
    assert console_problems(page) == []


def test_hiding_an_agency_removes_its_lane_markers_and_rows(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Unticking GP takes its lane, its three markers and its three rows away; ticking it brings them back."""
    page = open_page(browser, make_page(tmp_path))
    gp = page.find_element(By.XPATH, "//label[normalize-space()='GP']/input")
    gp.click()
    assert lane_labels(page) == ["Police", "Health visiting"]
    assert len(markers(page)) == 4 and visible_rows(page) == ["1", "3", "4", "7", "8"]
    assert page.find_element(By.ID, "status").text == "5 of 8 events shown."
    gp.click()
    assert len(markers(page)) == 7 and len(visible_rows(page)) == 8


def test_select_none_then_all_per_filter_group(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """'None' under Event types hides every event; 'All' shows them again."""
    page = open_page(browser, make_page(tmp_path))
    group = page.find_element(By.XPATH, "//fieldset[legend='Event types']")
    group.find_element(By.XPATH, ".//button[.='None']").click()
    assert markers(page) == [] and visible_rows(page) == []
    assert page.find_element(By.ID, "status").text == "0 of 8 events shown."
    group.find_element(By.XPATH, ".//button[.='All']").click()
    assert len(visible_rows(page)) == 8 and len(markers(page)) == 7


def test_zoom_by_button_wheel_and_keyboard_and_fit_all(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Zoom in narrows the dates in view, zoom out widens them, and 'Fit all' brings back every event."""
    page = open_page(browser, make_page(tmp_path))
    whole = view_days(page)
    page.find_element(By.ID, "zoom-in").click()
    zoomed = view_days(page)
    assert zoomed < whole * 0.75
    svg = page.find_element(By.CSS_SELECTOR, "#timeline svg")
    ActionChains(page).scroll_from_origin(ScrollOrigin.from_element(svg, 100, 0), 0, -120).perform()
    wheeled = view_days(page)
    assert wheeled < zoomed
    page.find_element(By.ID, "timeline").send_keys("-")
    assert view_days(page) > wheeled
    page.find_element(By.ID, "fit").click()
    assert view_days(page) == pytest.approx(whole, abs=1)
    assert len(markers(page)) == 7


def test_dragging_pans_to_earlier_dates(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Dragging the chart to the right shows earlier dates; the width in view stays the same."""
    page = open_page(browser, make_page(tmp_path))
    page.find_element(By.ID, "zoom-in").click()
    before = page.find_element(By.ID, "from").get_attribute("value")
    width = view_days(page)
    svg = page.find_element(By.CSS_SELECTOR, "#timeline svg")
    ActionChains(page).move_to_element_with_offset(
        svg, -100, -svg.rect["height"] / 2 + 20
    ).click_and_hold().move_by_offset(200, 0).release().perform()
    assert page.find_element(By.ID, "from").get_attribute("value") < before
    assert view_days(page) == pytest.approx(width, abs=1)


def test_date_range_control_sets_the_dates_in_view(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Choosing 1 to 31 March 2018 shows the events of March: two markers, and the span of 'spring 2018'."""
    page = open_page(browser, make_page(tmp_path))
    for field, value in (("from", "2018-03-01"), ("to", "2018-03-31")):
        page.execute_script(
            "const e=document.getElementById(arguments[0]); e.value=arguments[1];e.dispatchEvent(new Event('change'));",
            field,
            value,
        )
    assert sorted(m.get_attribute("aria-label").split(",")[0] for m in markers(page)) == ["Event 3", "Event 5"]
    spans = page.find_elements(By.CSS_SELECTOR, "#timeline .span")
    assert sorted(s.get_attribute("data-i") for s in spans) == ["2", "3"]  # rows 3 and 4: March, spring 2018


def test_hovering_a_marker_shows_the_full_event(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """The tooltip gives number, date as written and normalised, agency, subject, type and description."""
    page = open_page(browser, make_page(tmp_path))
    marker = next(m for m in markers(page) if "Police, Incident" in m.get_attribute("aria-label"))
    ActionChains(page).move_to_element(marker).perform()
    tip = page.find_element(By.ID, "tip")
    assert tip.is_displayed()
    assert tip.text.splitlines() == [
        "Event 1",
        "Date: 03/12/2017 — 2017-12-03 (day)",
        "Agency: Police",
        "Subject: Child T",
        "Type: Incident",
        "Attendance: not applicable",
        "Police attended a fight at the home",
        "Issues: before birth",
    ]
    ActionChains(page).move_by_offset(0, 200).perform()
    assert not tip.is_displayed()


def test_clicking_a_marker_selects_its_row_and_a_row_its_marker(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Click a marker: its row is selected, focused and scrolled into view. Click a row: its marker is selected."""
    page = open_page(browser, make_page(tmp_path))
    page.set_window_size(1280, 500)  # the table starts below the fold
    marker = next(m for m in markers(page) if "Event 5," in m.get_attribute("aria-label"))
    marker.click()
    row = page.find_element(By.CSS_SELECTOR, "#rows tr.sel")
    assert row.find_element(By.TAG_NAME, "td").text == "5"
    assert page.switch_to.active_element == row
    assert page.execute_script(
        "const r=arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;", row
    )
    other = page.find_element(By.XPATH, "//tbody/tr[td[1]='7']")
    other.click()
    selected = page.find_elements(By.CSS_SELECTOR, "#timeline .ev.sel")
    assert [m.get_attribute("aria-label").split(",")[0] for m in selected] == ["Event 7"]
    page.set_window_size(1280, 1000)


def test_sorting_by_agency_and_date_and_back_by_number(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """'Agency' sorts rows by lane; 'Date' twice sorts by date interval descending (undated last); 'No.'
    restores the chronology's order."""
    page = open_page(browser, make_page(tmp_path))
    original = visible_rows(page)
    assert original == [str(n) for n in range(1, 9)]
    page.find_element(By.XPATH, "//th/button[.='Agency']").click()
    assert visible_rows(page) == ["1", "4", "2", "5", "6", "3", "7", "8"]
    assert page.find_element(By.XPATH, "//th[button='Agency']").get_attribute("aria-sort") == "ascending"
    page.find_element(By.XPATH, "//th/button[.='Date']").click()
    assert visible_rows(page) == original
    page.find_element(By.XPATH, "//th/button[.='Date']").click()
    assert visible_rows(page) == ["7", "6", "5", "4", "3", "2", "1", "8"]
    assert page.find_element(By.XPATH, "//th[button='Date']").get_attribute("aria-sort") == "descending"
    assert page.find_element(By.XPATH, "//th[button='Agency']").get_attribute("aria-sort") is None
    page.find_element(By.XPATH, "//th/button[.='No.']").click()
    assert visible_rows(page) == original


def test_search_filters_chart_and_table_together(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Typing 'visit' keeps the three visit rows and their two dated markers; clearing it shows all."""
    page = open_page(browser, make_page(tmp_path))
    box = page.find_element(By.ID, "search")
    box.send_keys("VISIT")
    assert visible_rows(page) == ["3", "7", "8"]
    assert page.find_element(By.ID, "status").text == "3 of 8 events shown."
    assert len(markers(page)) == 2
    assert "text contains “VISIT”" in page.execute_script("return document.getElementById('filter-state').textContent")
    box.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    assert len(visible_rows(page)) == 8 and len(markers(page)) == 7


def test_keyboard_alone_reaches_an_event_and_its_row(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Tab into the timeline, zoom with '+', Tab to the first event, read it, Enter selects its row."""
    page = open_page(browser, make_page(tmp_path))
    page.find_element(By.ID, "fit").send_keys(Keys.TAB)  # focus moves on from the last control before the chart
    for _ in range(10):  # the date fields hold three parts each; Tab on until the timeline has focus
        if page.switch_to.active_element.get_attribute("id") == "timeline":
            break
        page.switch_to.active_element.send_keys(Keys.TAB)
    timeline = page.switch_to.active_element
    assert timeline.get_attribute("id") == "timeline"
    whole = view_days(page)
    timeline.send_keys("+")
    assert view_days(page) < whole
    timeline.send_keys("0")
    settle(page)
    timeline.send_keys(Keys.TAB)
    first = page.switch_to.active_element
    assert "ev" in first.get_attribute("class") and page.find_element(By.ID, "tip").is_displayed()
    first.send_keys(Keys.ARROW_RIGHT)
    second = page.switch_to.active_element
    assert second != first and "ev" in second.get_attribute("class")
    number = second.get_attribute("aria-label").split(",")[0].removeprefix("Event ")
    second.send_keys(Keys.ENTER)
    assert page.switch_to.active_element.find_element(By.TAG_NAME, "td").text == number


def test_print_to_pdf_holds_every_visible_row_and_the_filter(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Printed with GP hidden: A4 landscape, the five visible rows' texts, the filter stated, no controls."""
    from pypdf import PdfReader

    page = open_page(browser, make_page(tmp_path))
    page.find_element(By.XPATH, "//label[normalize-space()='GP']/input").click()
    options = PrintOptions()
    options.orientation = "landscape"
    options.page_width, options.page_height = 21.0, 29.7
    pdf = PdfReader(io.BytesIO(base64.b64decode(page.print_page(options))))
    text = " ".join(" ".join(unicodedata.normalize("NFKC", p.extract_text() or "").split()) for p in pdf.pages)
    box = pdf.pages[0].mediabox
    assert float(box.width) > float(box.height)
    for description in (
        "Police attended a fight at the home",
        "Police notified social care",
        "New birth visit at home",
        "Visit after the long gap",
        "Undated note of a visit",
    ):
        assert description in text
    assert "Baby check at the surgery" not in text and "GP referred mother" not in text
    assert "Filter: agencies: Police, Health visiting. 5 of 8 events shown." in text
    assert "Search the text" not in text and "Fit all" not in text


HOSTILE = (
    "</script><script>document.title='pwned'</script>"
    "<img src=x onerror=\"document.title='pwned'\">"
    "<a href=\"javascript:document.title='pwned'\">link</a> "
    "\u202eevil bidi\u202c & <b>bold</b>"
)
#: As every export shows it: the direction controls as visible markers (schema.ISSUES, bidi-control).
SHOWN = HOSTILE.replace("\u202e", "[U+202E]").replace("\u202c", "[U+202C]")


def test_hostile_description_runs_nothing_and_shows_as_written(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Script tags, an onerror image, a javascript: link and a bidi override are shown as text and never run."""
    csv = "Date,Type,Details,Subject\n" + '01/04/2018,Incident,"' + HOSTILE.replace('"', '""') + '",child\n'
    page = open_page(browser, make_page(tmp_path, {"school.csv": csv}))
    assert page.title == "Child T, test review"
    assert page.execute_script("return document.querySelectorAll('img, a, b, #rows script').length") == 0
    cell = page.execute_script(
        "return Array.from(document.querySelectorAll('#rows td')).find(td => td.textContent.includes('evil bidi'))"
        ".textContent"
    )
    assert cell == SHOWN
    marker = next(m for m in markers(page) if "School" in m.get_attribute("aria-label"))
    ActionChains(page).move_to_element(marker).perform()
    assert SHOWN in page.execute_script("return document.getElementById('tip').textContent")
    assert page.title == "Child T, test review"
    assert console_problems(page) == []


RULES_TOML = """
title = "Test rules"
source = "written for this test"
local = true

[[rules]]
id = "incident-to-gp"
label = "Police incident reaches the GP"
expected = "a GP referral within a week of a police incident"
cite = "test"
within = "7D"
late_until = "6M"
trigger = { agencies = ["Police"], types = ["incident"] }
follow_up = { agencies = ["GP"], types = ["referral"] }

[[rules]]
id = "visit-to-school"
label = "School told of the visit"
expected = "a school notification within five days of a health visit"
cite = "test"
within = "5D"
trigger = { agencies = ["Health visiting"], types = ["health-visit"] }
follow_up = { agencies = ["School"], types = ["notification"] }
"""


def make_follow_up_page(tmp_path: Path) -> Path:
    """The three-agency case exported with two rules: a late GP referral after the police incident (64 days),
    and no school notification after the March 2018 health visit."""
    rules = tmp_path / "rules.toml"
    rules.write_text(RULES_TOML, encoding="utf-8")
    case = tmp_path / "case"
    case.mkdir()
    (case / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    for name, text in AGENCY_FILES.items():
        (case / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out" / "page.html"
    return export_chronology(build_chronology(case), out, follow_ups=[rules]).path


def test_follow_up_connector_shows_its_lag_and_a_missing_follow_up_its_mark(
    browser: webdriver.Chrome, tmp_path: Path
) -> None:
    """With follow-up rules the police incident is joined to the GP referral, labelled 64 d, and hovering it
    reads the pair; the health visit with no school notification gets the missing mark, and its text says so."""
    page = open_page(browser, make_follow_up_page(tmp_path))
    settle(page)
    pairs = page.find_elements(By.CSS_SELECTOR, "#timeline .follow-up:not(.missing)")
    assert [p.find_element(By.CLASS_NAME, "lag-label").text for p in pairs] == ["64 d"]
    ActionChains(page).move_to_element(pairs[0].find_element(By.TAG_NAME, "line")).perform()
    assert page.find_element(By.ID, "tip").text.splitlines()[:2] == [
        "Police incident reaches the GP",
        "Event 1 (Police) to event 2 (GP): 64 days, late",
    ]
    missing = page.find_elements(By.CSS_SELECTOR, "#timeline .follow-up.missing")
    assert len(missing) == 1
    ActionChains(page).move_to_element(missing[0]).perform()
    assert page.find_element(By.ID, "tip").text.splitlines()[1] == "Event 3 (Health visiting): no follow-up, missing"
    page.find_element(By.XPATH, "//label[normalize-space()='Police']/input").click()  # the trigger's lane hidden
    assert page.find_elements(By.CSS_SELECTOR, "#timeline .follow-up:not(.missing)") == []
    assert console_problems(page) == []


def test_without_follow_up_rules_the_page_draws_no_connector(browser: webdriver.Chrome, tmp_path: Path) -> None:
    page = open_page(browser, make_page(tmp_path))
    settle(page)
    assert page.find_elements(By.CSS_SELECTOR, "#timeline .follow-up") == []


def make_long_page(tmp_path: Path, n: int) -> Path:
    """A case of ``n`` GP appointments, one a day, each with its own description."""
    lines = ["Date,Type,Details,Subject"]
    for k in range(n):
        day = datetime.date(2016, 1, 1) + datetime.timedelta(days=k)
        lines.append(f"{day:%d/%m/%Y},Appointment,Appointment number {k + 1:04d} at the surgery,child")
    case = tmp_path / "case"
    case.mkdir()
    (case / "case.toml").write_text(CASE_TOML, encoding="utf-8")
    (case / "gp.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return export_chronology(build_chronology(case), tmp_path / "out" / "page.html").path


def rows_in_table(browser: webdriver.Chrome) -> list[str]:
    settle(browser)
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#rows tr')).map(r => r.cells[0].textContent)"
    )


def test_a_long_table_lays_out_only_the_rows_near_the_screen_yet_prints_every_row(
    browser: webdriver.Chrome, tmp_path: Path
) -> None:
    """Of 400 rows only those within a screen of the view are in the table, in order; scrolling to the end
    brings the last ones; a marker of the last event lands on its row; the printed PDF holds all 400."""
    from pypdf import PdfReader

    page = open_page(browser, make_long_page(tmp_path, 400))
    assert page.find_element(By.ID, "status").text == "400 of 400 events shown."
    near = rows_in_table(page)
    assert 20 <= len(near) < 200 and near == [str(k) for k in range(1, len(near) + 1)]
    page.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    assert rows_in_table(page)[-1] == "400"
    page.execute_script("window.scrollTo(0, 0)")
    assert rows_in_table(page)[0] == "1"
    last = next(m for m in markers(page) if m.get_attribute("aria-label").startswith("Event 400,"))
    last.click()
    row = page.find_element(By.CSS_SELECTOR, "#rows tr.sel")
    assert row.find_element(By.TAG_NAME, "td").text == "400" and page.switch_to.active_element == row
    assert page.execute_script(
        "const r=arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;", row
    )
    options = PrintOptions()
    options.orientation = "landscape"
    pdf = PdfReader(io.BytesIO(base64.b64decode(page.print_page(options))))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert all(f"Appointment number {k:04d} at the surgery" in text for k in range(1, 401))
    assert len(rows_in_table(page)) < 200  # after printing, back to the rows near the screen
    assert console_problems(page) == []
