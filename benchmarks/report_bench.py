#!/usr/bin/env python3
"""The reviewer's report at archive scale: build time, file size and time to first cards.

    python benchmarks/report_bench.py [--projects 20000] [--keep DIR]

Reads samples/ once with the pipeline, plus three files an archive always has (a budget without
any declaration, an empty PDF, a form of an unknown layout: no_declaration, failed, partial).
Then makes a synthetic batch of about --projects projects by replicating those documents' rows
under distinct ids, departments (ten cities) and two budget years, written as Parquet through
the project's own schema and writer (`outputs.writer.to_table`, `write_atomic`, one part file
per table per 500 documents, as `compact` leaves a dataset).  Each group of copies holds the
seed PDF or text (11 projects), the 普陀-style Word sample (2), a 普陀 budget PDF (1) and, in
turn, a budget without declaration, a failed and a partial file; the PDFs keep their real
paths, so the report draws source pictures as it would.

Then times `run_pipeline.py report`, and opens the page in headless Chromium: the page records
`performance.now()` when its first cards are drawn (body[data-cards-drawn]), and the bench
times a click on a department row and a search.
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

CITIES = ("上海市", "武汉市", "重庆市", "长沙市", "成都市", "杭州市", "南京市", "合肥市", "郑州市", "西安市")
UNKNOWN_LAYOUT = ("某某单位2025年绩效目标\n工程名称：某某工程\n一级指标\t二级指标\t三级指标\t指标值\n"
                  "产出指标\t数量指标\t完成工程量\t≥10项\n满意度指标\t服务对象满意度指标\t满意度\t≥90%\n")
BUDGET_ONLY = "上海市某某区财政局2026年部门预算\n一、收支预算总表\n项目\t预算数\n一般公共预算收入\t1200.00\n合计\t1200.00\n"


def base_dataset(work: Path) -> dict[str, dict[str, list[dict]]]:
    """Rows by document (source file name) and table, from one real run over samples/ and the
    three archive files."""
    import pyarrow.dataset as ds

    from budget_declarations.outputs.schema import SCHEMAS

    inputs, out = work / "base_in", work / "base_out"
    inputs.mkdir()
    for name in ("000_3be96d4e675c0c12.txt", "000_seed.pdf", "putuo_style_2026.docx",
                 "shanghai_putuo_wanli_jiedao_2025_dept_budget.pdf"):
        shutil.copy(ROOT / "samples" / name, inputs / name)
    (inputs / "budget_only.txt").write_text(BUDGET_ONLY, "utf-8")
    (inputs / "empty.pdf").write_bytes(b"")
    (inputs / "unknown_layout.txt").write_text(UNKNOWN_LAYOUT, "utf-8")
    subprocess.run([sys.executable, str(ROOT / "run_pipeline.py"), str(inputs), "--out", str(out), "--quiet"],
                   check=False, capture_output=True)
    rows: dict[str, dict[str, list[dict]]] = {}
    docs = ds.dataset(out / "documents", format="parquet", schema=SCHEMAS["documents"]).to_table().to_pylist()
    names = {d["doc_id"]: Path(d["source_path"]).name for d in docs}
    for table in SCHEMAS:
        for row in ds.dataset(out / table, format="parquet", schema=SCHEMAS[table]).to_table().to_pylist():
            rows.setdefault(names[row["doc_id"]], {t: [] for t in SCHEMAS})[table].append(row)
    return rows


def synthetic(base: dict[str, dict[str, list[dict]]], projects: int, out: Path, links: Path) -> tuple[int, int]:
    """Copies of the base documents until about `projects` projects; returns (documents, projects).
    Each copy of a PDF is its own path (a symbolic link in `links`), so the report renders every
    picture it shows instead of reusing one."""
    from budget_declarations.outputs.schema import SCHEMAS
    from budget_declarations.outputs.writer import to_table, write_atomic

    extras = ("budget_only.txt", "empty.pdf", "unknown_layout.txt")
    batch: dict[str, list[dict]] = {t: [] for t in SCHEMAS}
    n_docs = n_projects = group = part = 0

    def flush() -> None:
        nonlocal part
        for table, rows in batch.items():
            write_atomic(to_table(table, rows), out / table / f"bench-{part:04d}.parquet")
            rows.clear()
        part += 1

    while n_projects < projects:
        year = 2025 + group % 2
        department = f"{CITIES[group % 10]}第{group // 10 + 1}区{('财政局', '教育局', '卫生健康委', '民政局')[group % 4]}"
        names = ["000_seed.pdf" if group % 3 == 0 else "000_3be96d4e675c0c12.txt", "putuo_style_2026.docx",
                 "shanghai_putuo_wanli_jiedao_2025_dept_budget.pdf", extras[group % 3]]
        for name in names:
            doc_id = hashlib.sha256(f"{name}#{group}".encode()).hexdigest()
            key = doc_id[:20]
            source = base[name]
            path = None
            if name.endswith(".pdf") and source["documents"][0]["source_path"]:
                path = links / f"{group:05d}_{name}"
                path.symlink_to(Path(source["documents"][0]["source_path"]).resolve())
            for table in SCHEMAS:
                for row in source[table]:
                    row = dict(row, doc_id=doc_id, source_key=key)
                    if table == "documents" and path is not None:
                        row["source_path"] = str(path)
                    if "fiscal_year" in row and row["fiscal_year"] is not None:
                        row["fiscal_year"] = year
                    if table in ("documents", "projects", "indicators") and row.get("department"):
                        row["department"] = department
                    if table == "documents":
                        row.update(duplicate_of=None, content_key=doc_id[:32] if row["content_key"] else None)
                    batch[table].append(row)
            n_docs += 1
            n_projects += len(source["projects"])
        group += 1
        if group % 125 == 0:  # 500 documents a part file
            flush()
    flush()
    return n_docs, n_projects


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=20000)
    ap.add_argument("--keep", type=Path, help="write the dataset and report here (kept)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        (work / "base_in").exists() and shutil.rmtree(work / "base_in")
        shutil.rmtree(work / "base_out", ignore_errors=True)
        start = time.perf_counter()
        base = base_dataset(work)
        links = work / "links"
        shutil.rmtree(links, ignore_errors=True)
        links.mkdir()
        docs, projects = synthetic(base, args.projects, out, links)
        print(f"dataset: {docs:,} documents, {projects:,} projects in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "run_pipeline.py"), "report", "--out", str(out)],
                              check=True, capture_output=True, text=True)
        build = time.perf_counter() - start
        report = out / "report.html"
        html = report.read_text("utf-8")
        print(f"report built in {build:.1f} s; {report.stat().st_size / 1e6:.1f} MB, "
              f"{html.count('data:image/jpeg;base64,')} source pictures ({done.stdout.strip()})")
        _open_times(report)


def _open_times(report: Path) -> None:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        print("selenium not installed: open time not measured")
        return
    chromium, driver = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if not chromium or not driver:
        print("chromium/chromedriver not installed: open time not measured")
        return
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1300,1800"):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(driver), options=options)
    try:
        for round_ in (1, 2, 3):
            start = time.perf_counter()
            browser.get(report.resolve().as_uri())
            WebDriverWait(browser, 60).until(lambda b: b.execute_script("return document.body.dataset.cardsDrawn"))
            wall = time.perf_counter() - start
            drawn = float(browser.execute_script("return document.body.dataset.cardsDrawn")) / 1000
            timing = browser.execute_script(
                "const t = performance.timing; return [t.domContentLoadedEventEnd - t.navigationStart,"
                " t.loadEventEnd - t.navigationStart];")
            cards = len(browser.find_elements(By.CSS_SELECTOR, "#cards .card"))
            print(f"open #{round_}: first {cards} cards drawn at {drawn:.2f} s (performance.now()); "
                  f"DOMContentLoaded {timing[0] / 1000:.2f} s, load {timing[1] / 1000:.2f} s; "
                  f"selenium wall {wall:.2f} s")
        rows = browser.find_elements(By.CSS_SELECTOR, "#departments tr.dept")
        start = time.perf_counter()
        rows[0].click()
        browser.find_element(By.CSS_SELECTOR, "#cards .card")
        clicked = time.perf_counter() - start
        box = browser.find_element(By.ID, "search")
        browser.execute_script("document.getElementById('department').value = ''")
        start = time.perf_counter()
        box.send_keys("满意度")
        shown = browser.find_element(By.ID, "match-count").get_attribute("data-count")
        searched = time.perf_counter() - start
        header = browser.find_element(By.CSS_SELECTOR, '#departments th[data-col="error"]')
        start = time.perf_counter()
        header.click()
        sorted_ = time.perf_counter() - start
        print(f"{len(rows)} department rows; a department's cards {clicked:.2f} s; sorting them {sorted_:.2f} s; "
              f"a search over every card {searched:.2f} s ({shown} matches)")
    finally:
        browser.quit()


if __name__ == "__main__":
    main()
