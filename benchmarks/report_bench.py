#!/usr/bin/env python3
"""The reviewer's report at scale: file size, build time and open time at 5,000 projects.

    python benchmarks/report_bench.py [--projects 5000]

Builds a dataset of about --projects projects from the seed text, each copy under its own
department name (so none is a duplicate), and the same run's samples/ PDFs for pictures; then
times `run_pipeline.py report` and opens the page in headless Chromium, reporting the time until
the first page of cards is drawn and the time a search over all cards takes.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=5000)
    args = ap.parse_args()
    seed = (ROOT / "samples" / "000_3be96d4e675c0c12.txt").read_text("utf-8")
    copies = max(1, args.projects // 11)
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        inputs.mkdir()
        for n in range(copies):
            (inputs / f"dept_{n:05d}.txt").write_text(seed.replace("松江区科创发展办公室", f"测试区第{n}部门"), "utf-8")
        for pdf in (ROOT / "samples").glob("*.pdf"):
            shutil.copy(pdf, inputs / pdf.name)
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "run_pipeline.py"), str(inputs), "--out", str(out), "--quiet"],
                       check=False, capture_output=True)
        print(f"dataset: {copies} + 4 documents in {time.perf_counter() - start:.0f} s")
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "run_pipeline.py"), "report", "--out", str(out)],
                              check=True, capture_output=True, text=True)
        build = time.perf_counter() - start
        report = out / "report.html"
        import pyarrow.dataset as ds

        projects = ds.dataset(out / "projects", format="parquet").count_rows()
        print(f"projects: {projects}; report built in {build:.1f} s; {report.stat().st_size / 1e6:.1f} MB "
              f"({done.stdout.strip()})")
        _open_times(report)


def _open_times(report: Path) -> None:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
    except ImportError:
        print("selenium not installed: open time not measured")
        return
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        print("chromium/chromedriver not installed: open time not measured")
        return
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(driver), options=options)
    try:
        start = time.perf_counter()
        browser.get(report.resolve().as_uri())
        browser.find_element(By.CSS_SELECTOR, "#cards .card")
        opened = time.perf_counter() - start
        timing = browser.execute_script(
            "const t = performance.timing; return [t.domContentLoadedEventEnd - t.navigationStart,"
            " t.loadEventEnd - t.navigationStart];")
        box = browser.find_element(By.ID, "search")
        start = time.perf_counter()
        box.send_keys("满意度")
        browser.find_element(By.ID, "match-count")
        searched = time.perf_counter() - start
        shown = browser.find_element(By.ID, "match-count").get_attribute("data-count")
        print(f"open in headless Chromium: {opened:.2f} s until the first cards are drawn "
              f"(DOMContentLoaded {timing[0] / 1000:.2f} s, load {timing[1] / 1000:.2f} s); "
              f"a search over every card: {searched:.2f} s ({shown} matches)")
    finally:
        browser.quit()


if __name__ == "__main__":
    main()
