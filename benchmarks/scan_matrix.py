#!/usr/bin/env python3
"""Scans under many office conditions, every case scored against the expected values.

    python benchmarks/scan_matrix.py [--quick] [--only SUBSTRING] [--baseline-pages 3]

Sources (made here, reproducibly): the seed as LibreOffice printed it (samples/000_seed.pdf:
Letter, hairline rules); the seed's Word file restyled to A4 with 0.5 pt rules, with 1.5 pt
rules and with no ruling lines at all, printed by LibreOffice; the list-layout form, ruled
(tests/fixtures/layouts/list_table.pdf) and printed without borders
(tests/fixtures/borderless/list_table.pdf); the 普陀-style Word sample printed by LibreOffice,
scored against what its Word file reads (checked by hand in tests/test_word.py).  Conditions (scripts/make_scan.py): rotation 0°,
±0.2°, ±0.5°, ±1.5°, ±3°, 90° and 180°; 150/200/300 dpi; grayscale JPEG q50/75/95, bilevel,
colour; a red seal over the table; a dark scanner margin; a phone photo's keystone.

Each case runs the whole pipeline in a fresh process (peak memory is that process's maximum
RSS) and is scored: indicator cells (一级, 二级, 三级, 指标值), header and funds fields, and
narrative characters, against the hand-checked JSON or the layout's hand-written values.  The
baseline: RapidOCR called directly (its defaults, one call per page) on pages of the reference
case in the same run.  Last, a 30-page scan (the seed and nine of its pages again) for the peak
memory of a long document.  --quick: the first six seed pages only, for a fast look.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from make_scan import Condition, make_scan, print_pdf, restyle_docx  # noqa: E402

BASE = Condition(angle=0.0)
CONDITIONS = [
    BASE,
    *(BASE.but(angle=a) for a in (0.2, -0.2, 0.5, -0.5, 1.5, -1.5, 3.0, -3.0, 90.0, 180.0)),
    BASE.but(dpi=150), BASE.but(dpi=300),
    BASE.but(quality=50), BASE.but(quality=95), BASE.but(mode="bilevel"), BASE.but(mode="colour"),
    BASE.but(mode="colour", seal=True, angle=0.5), BASE.but(margin=True), BASE.but(keystone=0.015, angle=0.3),
]
# the other sources under a few conditions each (the full set on the reference source)
OTHER = [BASE, BASE.but(angle=-1.5), BASE.but(angle=180.0), BASE.but(mode="bilevel")]
# scans as offices make them (issue 24), on the seed and two other layouts: impulse noise at three
# densities (faint toner with the densest), Gaussian noise with blur and low contrast, 1-bit
# dithering at 150 and 200 dpi, a phone photo's perspective with uneven light
OFFICE = [
    BASE.but(specks=0.005), BASE.but(specks=0.01), BASE.but(specks=0.02, contrast=0.6),
    BASE.but(angle=1.2, noise=12, blur=0.8, contrast=0.75, quality=60),
    BASE.but(dpi=150, angle=-0.7, dither=True), BASE.but(dpi=200, angle=-0.7, dither=True),
    BASE.but(angle=2.5, keystone=0.02, light=0.45, quality=70),
]
OFFICE_SOURCES = ("seed Letter hairline", "list layout", "普陀-style sample")
# the same families made by another tool (ImageMagick 6, `convert`), from the pages at the scan's dpi;
# its random noise seeded, so that a run's specks are the next run's (`-seed` comes before the operators)
MAGICK = {
    "ImageMagick: impulse noise, faint": (200, lambda w, h: [
        "+level", "25%,100%", "-attenuate", "0.6", "+noise", "Impulse", "-quality", "75"]),
    "ImageMagick: photocopier (1.2°, Gaussian noise, blur, low contrast, q60)": (200, lambda w, h: [
        "-background", "white", "-rotate", "1.2", "-gravity", "center", "-extent", f"{w}x{h}", "-attenuate", "0.5",
        "+noise", "Gaussian", "-blur", "0x0.8", "+level", "15%,92%", "-quality", "60"]),
    "ImageMagick: fax (150 dpi, -0.7°, Floyd-Steinberg 1 bit)": (150, lambda w, h: [
        "-background", "white", "-rotate", "-0.7", "-gravity", "center", "-extent", f"{w}x{h}",
        "-dither", "FloydSteinberg", "-monochrome"]),
    "ImageMagick: phone photo (perspective, 2.5°, light falling off, q70)": (200, lambda w, h: [
        "-background", "white", "-virtual-pixel", "white", "-distort", "Perspective",
        f"0,0 {w * 0.015:.0f},{h * 0.004:.0f}  {w},0 {w * 0.985:.0f},0  0,{h} 0,{h}  {w},{h} {w},{h}",
        "-rotate", "2.5", "-gravity", "center", "-extent", f"{w}x{h}",
        "(", "+clone", "-sparse-color", "Barycentric", f"0,0 white {w},{h} gray55", ")",
        "-compose", "multiply", "-composite", "-quality", "70"]),
}


def magick_scan(source: Path, target: Path, dpi: int, ops) -> Path:
    """Pages rendered at `dpi` (pdfium), spoiled by ImageMagick's `convert`, stored as a PDF."""
    import subprocess

    import pypdfium2 as pdfium
    from PIL import Image

    pdf = pdfium.PdfDocument(str(source))
    pages = []
    for i in range(len(pdf)):
        page = pdf[i]
        image = page.render(scale=dpi / 72, rev_byteorder=True).to_pil().convert("L")
        page.close()
        args = ops(*image.size)
        raw = target.with_suffix(f".{i}.png")
        out = target.with_suffix(f".{i}.out.jpg" if "-quality" in args else f".{i}.out.png")  # JPEG as saved
        image.save(raw)
        subprocess.run(["/usr/bin/convert", "-seed", str(1000 + i), str(raw), *args, str(out)], check=True)
        pages.append(Image.open(out).copy())
        raw.unlink()
        out.unlink()
    pdf.close()
    pages[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return target


def sources(work: Path) -> dict[str, Path]:
    out = {"seed Letter hairline": ROOT / "samples" / "000_seed.pdf"}
    for name, paper, rule in (("seed A4 0.5pt", "A4", 0.5), ("seed A4 1.5pt", "A4", 1.5),
                              ("seed A4 no rules", "A4", None)):
        docx = restyle_docx(ROOT / "samples" / "000_seed.docx", work / f"{name.replace(' ', '_')}.docx", paper, rule)
        out[name] = print_pdf(docx, work)
    out["list layout"] = ROOT / "tests" / "fixtures" / "layouts" / "list_table.pdf"
    out["list layout no rules"] = ROOT / "tests" / "fixtures" / "borderless" / "list_table.pdf"
    out["普陀-style sample"] = print_pdf(ROOT / "samples" / "putuo_style_2026.docx", work)
    return out


def _truth(source_name: str) -> dict:
    from expected_compare import truth_from_expected, truth_from_layout

    if source_name.startswith("seed"):
        expected = json.loads((ROOT / "tests" / "fixtures" / "000_3be96d4e675c0c12.expected.json").read_text("utf-8"))
        return truth_from_expected(expected)
    from layout_documents import LAYOUTS

    if source_name.startswith("普陀"):  # the Word file itself, checked by hand in tests/test_word.py
        from expected_compare import truth_from_rows
        from budget_declarations.pipeline.process import process_file

        return truth_from_rows(process_file(ROOT / "samples" / "putuo_style_2026.docx").tables)
    return truth_from_layout(next(layout for layout in LAYOUTS if layout["name"] == "list_table"))


def _case(scan: str, queue) -> None:
    """Child process: the pipeline on one scan; seconds, pages, tables and its peak RSS.

    The peak is the process's own high-water mark (VmHWM), not ru_maxrss: that one keeps the
    parent's size from before the exec that started this child."""
    from budget_declarations.pipeline.process import process_file

    start = time.perf_counter()
    result = process_file(Path(scan))
    seconds = time.perf_counter() - start
    peak = 0.0
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    queue.put((seconds, result.tables["documents"][0]["page_count"], result.tables, peak))


def run_case(scan: Path) -> tuple[float, int, dict, float]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_case, args=(str(scan), queue))
    proc.start()
    out = queue.get()
    proc.join()
    return out


def _baseline(scan: Path, pages: int) -> tuple[float, int]:
    """RapidOCR alone, its defaults, one call per page image: seconds and pages."""
    import numpy as np
    import pypdfium2 as pdfium
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()
    pdf = pdfium.PdfDocument(str(scan))
    images = [pdf[i].render(scale=200 / 72, rev_byteorder=True).to_numpy()[:, :, :3].copy()
              for i in range(min(pages, len(pdf)))]
    pdf.close()
    start = time.perf_counter()
    for image in images:
        engine(np.ascontiguousarray(image))
    return time.perf_counter() - start, len(images)


def main() -> None:
    from expected_compare import scan_scores

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="first six pages of the seed sources only")
    ap.add_argument("--only", default="", help="cases whose label contains this text")
    ap.add_argument("--baseline-pages", type=int, default=3)
    args = ap.parse_args()
    rows = []
    per_page: list[float] = []
    peaks: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        srcs = sources(work)
        pages = list(range(6)) if args.quick else None
        for source_name, pdf in srcs.items():
            truth = _truth(source_name)
            conditions = CONDITIONS if source_name == "seed Letter hairline" else OTHER
            if source_name in OFFICE_SOURCES and not args.quick:
                conditions = [*conditions, *OFFICE, *MAGICK]
            for condition in conditions:
                label = f"{source_name} | {condition if isinstance(condition, str) else condition.label}"
                if args.only and args.only not in label:
                    continue
                if isinstance(condition, str):
                    dpi, ops = MAGICK[condition]
                    scan = magick_scan(pdf, work / "case.pdf", dpi, ops)
                else:
                    scan = make_scan(pdf, work / "case.pdf", pages=pages if source_name.startswith("seed") else None,
                                     condition=condition)
                seconds, n_pages, tables, peak = run_case(scan)
                if args.quick and source_name.startswith("seed"):
                    got = {p["project_no"] for p in tables["projects"]}
                    got.discard(max(got, default=None))  # the last one runs on past the pages taken
                    truth_now = {"projects": {k: v for k, v in truth["projects"].items() if k in got},
                                 "indicators": {k: v for k, v in truth["indicators"].items() if k[0] in got}}
                else:
                    truth_now = truth
                scores = scan_scores(tables, truth_now)
                shares = {k: (ok / total if total else 1.0) for k, (ok, total) in scores.items()}
                per_page.append(seconds / max(1, n_pages))
                peaks.append(peak)
                rows.append((label, n_pages, shares, scores, seconds / max(1, n_pages), peak))
                print(f"{label:55s} pages {n_pages:2d}  indicators {shares['indicators']:.3f}  "
                      f"header {shares['header']:.3f}  narrative {shares['narrative']:.3f}  "
                      f"{seconds / max(1, n_pages):.2f} s/page  {peak:.0f} MB", flush=True)
        if args.only:  # a look at some cases: no baseline, no long scan
            _report(rows, per_page, peaks)
            return
        reference = make_scan(srcs["seed Letter hairline"], work / "ref.pdf", condition=BASE)
        base_seconds, base_pages = _baseline(reference, args.baseline_pages)
        long_scan = make_scan(srcs["seed Letter hairline"], work / "long.pdf", condition=BASE.but(angle=0.5),
                              pages=[*range(21), *range(9)])
        long_seconds, long_pages, _, long_peak = run_case(long_scan)
    _report(rows, per_page, peaks)
    print(f"baseline, RapidOCR called directly on {base_pages} reference pages: "
          f"{base_seconds / base_pages:.2f} s/page")
    print(f"a {long_pages}-page scan: {long_seconds:.0f} s ({long_seconds / long_pages:.2f} s/page), "
          f"peak memory {long_peak:.0f} MB")


def _report(rows: list, per_page: list[float], peaks: list[float]) -> None:
    print()
    print("| case | pages | indicator cells | header & funds | narrative chars | s/page | peak MB |")
    print("|---|---|---|---|---|---|---|")
    for label, n_pages, shares, scores, spp, peak in rows:
        print(f"| {label} | {n_pages} | {shares['indicators']:.3f} | {shares['header']:.3f} | "
              f"{shares['narrative']:.3f} | {spp:.2f} | {peak:.0f} |")
    failing = [r[0] for r in rows if r[2]["indicators"] < 0.98 or r[2]["header"] < 0.98 or r[2]["narrative"] < 0.95]
    print()
    print(f"cases: {len(rows)}; below the acceptance floors: {len(failing)}")
    for label in failing:
        print(f"  - {label}")
    if per_page:
        print(f"median seconds per page over the matrix: {statistics.median(per_page):.2f}")
        print(f"peak memory (max over cases): {max(peaks):.0f} MB")


if __name__ == "__main__":
    main()
