"""The reviewer's report (issues 15 and 26): built from a real run, checked in headless Chromium.

The dataset mixes what an archive holds: the seed as text, the same declaration as PDF (a
duplicate, with pictures), the 普陀-style Word sample, two budgets without any declaration, an
empty PDF and a truncated one (failed), and a form of an unknown layout dated a year earlier
(partial).  The page must show the counts the tables hold (duplicates not counted), by
department and year too, the files without a declaration as one count, the failed and partial
files with Chinese reasons, no English word of ours, link every finding to its project card,
filter by search, department and rule, and make no request at all.
"""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import SAMPLES, SEED_TXT

from budget_declarations.api import load
from budget_declarations.cli import main as cli_main
from budget_declarations.outputs import report, svg_charts


# a form whose layout lacks the 项目名称 label: read in part (status partial)
UNKNOWN_LAYOUT = """某某单位2025年绩效目标
工程名称：某某工程
一级指标\t二级指标\t三级指标\t指标值
产出指标\t数量指标\t完成工程量\t≥10项
满意度指标\t服务对象满意度指标\t满意度\t≥90%
"""
# a department budget's tables and no declaration (status no_declaration)
BUDGET_WITHOUT_DECLARATION = """上海市某某区{}2026年部门预算
一、收支预算总表
项目\t预算数
一般公共预算收入\t1200.00
合计\t1200.00
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    base = tmp_path_factory.mktemp("report")
    inputs = base / "in"
    inputs.mkdir()
    shutil.copy(SEED_TXT, inputs / "a_seed.txt")
    shutil.copy(SAMPLES / "000_seed.pdf", inputs / "b_seed.pdf")
    shutil.copy(SAMPLES / "putuo_style_2026.docx", inputs / "c_putuo.docx")
    (inputs / "d_empty.pdf").write_bytes(b"")
    (inputs / "e_truncated.pdf").write_bytes((SAMPLES / "000_seed.pdf").read_bytes()[:3000])
    (inputs / "f_unknown_layout.txt").write_text(UNKNOWN_LAYOUT, encoding="utf-8")
    for n, department in enumerate(("财政局", "教育局")):
        (inputs / f"g_budget_{n}.txt").write_text(BUDGET_WITHOUT_DECLARATION.format(department), encoding="utf-8")
    out = base / "out"
    assert cli_main([str(inputs), "--out", str(out), "--quiet", "--workers", "0"]) == 1  # two files failed
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
        assert int(text("count-documents")) == len(tables.documents) == 8
        assert int(text("count-duplicates")) == len(dup) == 1
        assert int(text("count-projects")) == len(projects)
        assert int(text("count-indicators")) == len(indicators)
        assert int(text("count-findings")) == len(checks)
        money = sum(float(v) for v in projects.annual_request.dropna()) / 10000
        assert text("count-money") == f"{money:,.2f}"
        failed = browser.find_elements(By.CSS_SELECTOR, "#problems tr.doc-problem[data-status=failed]")
        assert len(failed) == 2 and "d_empty.pdf" in failed[0].text

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


# -- issue 26: what needs a person first, in Chinese ----------------------------------------------
# the source's own words that the cards show (a project named 长三角G60…, a unit in km): not ours
CONTENT = {"projects": ("project_name", "implementing_unit", "competent_department", "overall_goal", "annual_goal",
                        "long_term_goal", "project_category", "project_nature"),
           "indicators": ("level1", "level2", "level3", "target_raw", "unit", "actual_raw"),
           "checks": ("message",), "documents": ("department",)}
FORMAT_NAMES = {"PDF", "Word", "Excel"}


def _source_words(tables) -> set[str]:
    words: set[str] = set()
    for name, columns in CONTENT.items():
        frame = getattr(tables, name)
        for column in columns:
            for value in frame[column].dropna():
                words |= set(re.findall(r"[A-Za-z]+", str(value)))
    return words


def _expected_departments(tables):
    """The department table computed from the tables: (department, year) → counts."""
    import pandas as pd

    docs = tables.documents.copy()
    docs["dept"] = docs.department.fillna(report.NO_DEPARTMENT)
    key = {r.doc_id: (r.dept, None if pd.isna(r.fiscal_year) else int(r.fiscal_year)) for r in docs.itertuples()}
    dup, projects, indicators, checks = _counted(tables)
    rows: dict = {}

    def row(k):
        return rows.setdefault(k, {c: 0 for c in ("documents", "no_declaration", "failed", "partial", "projects",
                                                   "indicators", "money", "error", "warning", "info")})
    for d in docs.itertuples():
        r = row(key[d.doc_id])
        r["documents"] += 1
        if d.status in ("no_declaration", "failed", "partial"):
            r[d.status] += 1
    for p in projects.itertuples():
        r = row(key[p.doc_id])
        r["projects"] += 1
        r["money"] += float(p.annual_request or 0) / 10000
    for i in indicators.doc_id:
        row(key[i])["indicators"] += 1
    for c in checks.itertuples():
        row(key[c.doc_id])[c.severity] += 1
    return rows


@pytest.mark.browser
def test_archive_view_in_headless_chromium(dataset, tmp_path):
    from selenium.webdriver.common.by import By

    out, tables = dataset
    docs = tables.documents
    assert set(docs.status) == {"ok", "partial", "failed", "no_declaration"}
    assert docs.fiscal_year.nunique() == 2  # two years: the table is by department and year
    browser = _browser(tmp_path)
    try:
        browser.get((out / "report.html").resolve().as_uri())
        # the first cards are drawn from their own block, then the whole batch is read
        marks = browser.execute_script("return [document.body.dataset.cardsDrawn, document.body.dataset.ready]")
        assert all(marks) and float(marks[0]) <= float(marks[1])

        # the department table's counts equal the tables' (duplicates' projects and findings not counted)
        expected = _expected_departments(tables)
        shown = {}
        columns = [th.get_attribute("data-col") for th in browser.find_elements(By.CSS_SELECTOR, "#departments th")]
        for tr in browser.find_elements(By.CSS_SELECTOR, "#departments tr.dept"):
            cells = dict(zip(columns, (td.text for td in tr.find_elements(By.TAG_NAME, "td"))))
            year = tr.get_attribute("data-year")
            shown[(tr.get_attribute("data-dept"), int(year) if year else None)] = cells
        assert set(shown) == set(expected)
        for k, want in expected.items():
            got = shown[k]
            assert got["department"] == k[0] and got["year"] == (f"{k[1]}年" if k[1] else "")
            for column, value in want.items():
                assert got[column] == (f"{value:,.2f}" if column == "money" else str(value)), (k, column)

        # files without a declaration: one count, their names only when opened
        no_declaration = docs[docs.status == "no_declaration"]
        assert len(no_declaration) == 2
        assert browser.find_element(By.ID, "count-no-declaration").text == "2"
        line = browser.find_element(By.ID, "no-declaration")
        assert "未找到项目经费情况说明或绩效目标申报表" in line.text and "g_budget_0.txt" not in line.text
        assert not [r for r in browser.find_elements(By.CSS_SELECTOR, "#problems tr.doc-problem") if "g_budget" in r.text]
        line.find_element(By.TAG_NAME, "summary").click()
        assert "g_budget_0.txt" in line.text and "g_budget_1.txt" in line.text

        # failed and partial files listed first (failed first), grouped by reason, in Chinese
        rows = browser.find_elements(By.CSS_SELECTOR, "#problems tr.doc-problem")
        assert [r.get_attribute("data-status") for r in rows] == ["failed", "failed", "partial"]
        reasons = {r.find_element(By.CSS_SELECTOR, "td.file").text.rsplit("/", 1)[-1]: r.find_element(By.CSS_SELECTOR, "td.reason").text
                   for r in rows}
        assert reasons["d_empty.pdf"] == "空文件（0字节）"
        assert "PDF 文件已损坏" in reasons["e_truncated.pdf"]
        assert "缺少“项目名称”栏目" in reasons["f_unknown_layout.txt"] and "未能读全" in reasons["f_unknown_layout.txt"]
        groups = [g.text for g in browser.find_elements(By.CSS_SELECTOR, "#problems tr.reason-group")]
        assert groups == ["未能读取：空文件或已损坏（2个文件）", "部分读取：申报表栏目不全，未能读全（1个文件）"]
        assert browser.find_element(By.ID, "attention").location["y"] < browser.find_element(By.ID, "by-department").location["y"]

        # no English word of ours on the page: only file names, format names and the source's own words
        text = browser.execute_script("return document.body.innerText")
        for path in [*docs.source_path.dropna(), str(out)]:
            text = text.replace(path, "")
        latin = set(re.findall(r"[A-Za-z]+", text)) - FORMAT_NAMES - _source_words(tables)
        assert not latin, latin
        for english in ("warning", "error", "info", "qualitative", "numeric", "partial", "failed", "ok", "OCR"):
            assert not re.search(rf"\b{english}\b", text), english

        # sortable: by money, largest first, then smallest first
        header = browser.find_element(By.CSS_SELECTOR, '#departments th[data-col="money"]')
        at = columns.index("money") + 1
        money = lambda: [float(td.text.replace(",", "")) for td in  # noqa: E731
                         browser.find_elements(By.CSS_SELECTOR, f"#departments tr.dept td:nth-child({at})")]
        header.click()
        assert money() == sorted(money(), reverse=True)
        header.click()
        assert money() == sorted(money())

        # a department's row opens its cards
        row = browser.find_element(By.CSS_SELECTOR, '#departments tr.dept[data-dept="上海市普陀区示例街道办事处"]')
        row.click()
        cards = browser.find_elements(By.CSS_SELECTOR, "#cards .card")
        putuo = tables.projects[tables.projects.department == "上海市普陀区示例街道办事处"]
        assert len(cards) == len(putuo) > 0 and all("上海市普陀区示例街道办事处" in c.text for c in cards)

        # findings: by rule with its meaning, then the projects with the most serious first; filter by rule
        dup, projects, indicators, checks = _counted(tables)
        rules = browser.find_elements(By.CSS_SELECTOR, "#rules tr.rule")
        assert sum(int(r.find_element(By.CSS_SELECTOR, '[data-col="count"]').text) for r in rules) == len(checks)
        assert all(r.find_element(By.CSS_SELECTOR, "td.meaning").text for r in rules)
        from selenium.webdriver.support.ui import Select, WebDriverWait

        Select(browser.find_element(By.ID, "finding-department")).select_by_value("")  # the row click chose 普陀
        mismatch = browser.find_element(By.CSS_SELECTOR, '#rules tr.rule[data-rule="BUDGET_TEXT_MISMATCH"]')
        mismatch.click()
        n = int((checks.check == "BUDGET_TEXT_MISMATCH").sum())
        assert browser.find_element(By.ID, "finding-count").get_attribute("data-count") == str(n)
        assert len(browser.find_elements(By.CSS_SELECTOR, "#top-projects li[data-key]")) == n
        box = browser.find_element(By.ID, "all-findings-box")
        box.find_element(By.TAG_NAME, "summary").click()  # the list is drawn on the toggle event, just after
        WebDriverWait(browser, 10).until(lambda b: box.find_elements(By.CSS_SELECTOR, "li.finding"))
        assert len(box.find_elements(By.CSS_SELECTOR, "li.finding")) == n
        assert all("年度预算安排所写金额与申报表不符" in li.text for li in box.find_elements(By.CSS_SELECTOR, "li.finding"))
        browser.save_screenshot(str(tmp_path / "archive_view.png"))
    finally:
        browser.quit()


def test_attention_and_departments_without_a_browser(dataset):
    """The same page read as HTML (for machines without Chromium): the files that need a person,
    one count for those without a declaration, a row per department and year, a meaning per rule."""
    out, tables = dataset
    html = (out / "report.html").read_text("utf-8")
    static = re.sub(r"<(script|style).*?</\1>", "", html, flags=re.S)
    assert re.search(r'id="count-no-declaration">2<', static)
    problems = re.findall(r'<tr class="doc-problem" data-status="(\w+)"><td class="file">([^<]*)</td>'
                          r'<td>[^<]*</td><td>([^<]*)</td><td class="reason">([^<]*)</td>', static)
    assert [(s, f.rsplit("/", 1)[-1], shown) for s, f, shown, _ in problems] == [
        ("failed", "d_empty.pdf", "未能读取"), ("failed", "e_truncated.pdf", "未能读取"),
        ("partial", "f_unknown_layout.txt", "部分读取")]
    assert all(not re.search(r"[A-Za-z]{2,}", reason.replace("PDF", "")) for *_, reason in problems)
    assert len(re.findall(r'<tr class="dept"', static)) == len(_expected_departments(tables))
    rules = re.findall(r'<tr class="rule[^"]*" data-rule="(\w+)".*?<td class="meaning">([^<]+)</td>', static)
    assert {code for code, _ in rules} == set(_counted(tables)[3].check) and all(m for _, m in rules)
    for english in ("no_declaration", "partial", "failed", "warning", "qualitative", "numeric", "--pictures"):
        assert not re.search(rf">[^<]*\b{english}\b[^<]*<", static), english
