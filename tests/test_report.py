"""The reviewer's report (issue 15): built from a real run, checked in headless Chromium.

The dataset: the seed as text, the same declaration as PDF (a duplicate, with pictures), the
普陀-style Word sample and an empty PDF (a failed file).  The page must show the counts the
tables hold (duplicates not counted), link every finding to its project card, filter by search,
and make no request at all.
"""
from __future__ import annotations

import shutil

import pytest

from conftest import SAMPLES, SEED_TXT

from budget_declarations.api import load
from budget_declarations.cli import main as cli_main
from budget_declarations.outputs import report, svg_charts


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    inputs = base / "in"
    inputs.mkdir()
    shutil.copy(SEED_TXT, inputs / "a_seed.txt")
    shutil.copy(SAMPLES / "000_seed.pdf", inputs / "b_seed.pdf")
    shutil.copy(SAMPLES / "putuo_style_2026.docx", inputs / "c_putuo.docx")
    (inputs / "d_empty.pdf").write_bytes(b"")
    out = base / "out"
    assert cli_main([str(inputs), "--out", str(out), "--quiet", "--workers", "0"]) == 1  # one file failed
    assert cli_main(["report", "--out", str(out)]) == 0
    return out, load(out)


def _counted(tables):
    dup = set(tables.documents.loc[tables.documents.duplicate_of.notna(), "doc_id"])
    keep = lambda frame: frame[~frame.doc_id.isin(dup)]  # noqa: E731
    return dup, keep(tables.projects), keep(tables.indicators), keep(tables.checks)


def test_report_is_one_self_contained_file(dataset):
    out, tables = dataset
    html = (out / "report.html").read_text("utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    for needle in ("http://", "https://", "src=\"/", "<link"):
        body = html.split("<script id=\"data\"")[0]
        assert needle not in body.replace('xmlns="http://www.w3.org/2000/svg"', ""), needle
    assert html.count("data:image/jpeg;base64,") == len(tables.projects[tables.projects.doc_id.isin(
        tables.documents.loc[tables.documents.source_format == "pdf", "doc_id"])])  # a picture per PDF project


def test_missing_dataset_is_one_line(tmp_path, capsys):
    assert cli_main(["report", "--out", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "no dataset in" in err and "Traceback" not in err


def test_bar_chart_is_svg_with_every_value():
    svg = svg_charts.bar_chart("资金", [("甲", 12.5), ("乙", 3.0), ("<x>", 1.0)], "万元")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "12.50" in svg and "3.00" in svg and "&lt;x&gt;" in svg


# -- in a real browser -----------------------------------------------------------------------
def _browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip("headless Chromium and chromedriver are not installed (.ci/run installs them)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1300,1800", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service(driver_path), options=options)


@pytest.mark.browser
def test_report_in_headless_chromium(dataset, tmp_path):
    import json

    from selenium.webdriver.common.by import By

    out, tables = dataset
    dup, projects, indicators, checks = _counted(tables)
    browser = _browser(tmp_path)
    try:
        url = (out / "report.html").resolve().as_uri()
        browser.get(url)
        text = lambda element_id: browser.find_element(By.ID, element_id).text  # noqa: E731
        assert int(text("count-documents")) == len(tables.documents) == 4
        assert int(text("count-duplicates")) == len(dup) == 1
        assert int(text("count-projects")) == len(projects)
        assert int(text("count-indicators")) == len(indicators)
        assert int(text("count-findings")) == len(checks)
        money = sum(float(v) for v in projects.annual_request.dropna()) / 10000
        assert text("count-money") == f"{money:,.2f}"
        failed = browser.find_elements(By.CSS_SELECTOR, "#problems tr.doc-problem")
        assert len(failed) == 1 and "d_empty.pdf" in failed[0].text

        # a finding leads to its project's card
        link = browser.find_elements(By.CSS_SELECTOR, "a.finding-link")[0]
        name = link.text
        link.click()
        card = browser.find_element(By.CSS_SELECTOR, ".card.target")
        assert card.find_element(By.TAG_NAME, "h3").text == name
        assert card.find_elements(By.CSS_SELECTOR, "ul.findings li")

        # the search box filters the cards (duplicates hidden by default)
        box = browser.find_element(By.ID, "search")
        box.clear()
        box.send_keys("派驻干部")
        cards = browser.find_elements(By.CSS_SELECTOR, "#cards .card")
        assert len(cards) == 1 and "派驻干部费用" in cards[0].text
        assert browser.find_element(By.ID, "match-count").get_attribute("data-count") == "1"
        browser.find_element(By.ID, "show-duplicates").click()
        assert len(browser.find_elements(By.CSS_SELECTOR, "#cards .card")) == 2  # the PDF's copy too
        assert browser.find_elements(By.CSS_SELECTOR, "#cards .card img")  # with its source picture
        browser.save_screenshot(str(tmp_path / "report.png"))
        assert (tmp_path / "report.png").stat().st_size > 10_000

        # nothing left the page: every request was the file itself or inline data
        requests = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
        urls = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"
                and m["params"].get("documentURL") == url]  # the page's own (not the browser's new tab)
        assert url in urls and all(u == url or u.startswith("data:") for u in urls), urls
    finally:
        browser.quit()


def test_report_build_is_a_function(dataset, tmp_path):
    out, _ = dataset
    path = report.build(out, tmp_path / "r.html", pictures=0)
    html = path.read_text("utf-8")
    assert "data:image/jpeg" not in html and 'id="count-projects"' in html
