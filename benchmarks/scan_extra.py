#!/usr/bin/env python3
"""Scans made in ways the matrix does not make: a check that nothing is tuned to its conditions.

    python benchmarks/scan_extra.py [NAME_PART ...]

scan_matrix.py scans with scripts/make_scan.py; this script takes those scans further, the way
other offices, scanners and phones spoil them: fed at 270° or sideways and skewed, faded toner,
blur, heavy noise with strong JPEG loss, a phone photo's shadow, 150 dpi 1-bit, 300 dpi colour
at low quality, upside down and faded.  Sources: project 1 of the seed (pages 1-3) and the
list-layout form; scored as the matrix scores (tests/expected_compare.scan_scores).
"""
from __future__ import annotations

import io
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

import numpy as np  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from make_scan import Condition, scan_page  # noqa: E402


def faded(image: Image.Image) -> Image.Image:
    """Toner running low: black prints as 45% grey."""
    g = np.array(image.convert("L")).astype(float)
    return Image.fromarray((255 - (255 - g) * 0.55).astype("uint8"))


def blurred(image: Image.Image) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(1.2))


def noisy(image: Image.Image) -> Image.Image:
    """Sensor noise (σ 18) and black specks."""
    g = np.array(image.convert("L")).astype(int)
    rng = np.random.default_rng(1)
    g = g + rng.normal(0, 18, g.shape)
    g[rng.random(g.shape) < 0.002] = 0
    return Image.fromarray(np.clip(g, 0, 255).astype("uint8"))


def shadowed(image: Image.Image) -> Image.Image:
    """A phone photo: the light falls off to 55% across the page."""
    g = np.array(image.convert("L")).astype(float)
    ramp = np.linspace(1.0, 0.55, g.shape[1])[None, :]
    return Image.fromarray((g * ramp).clip(0, 255).astype("uint8"))


def jpeg(quality: int):
    def save(image: Image.Image) -> Image.Image:
        buffer = io.BytesIO()
        image.convert("L").save(buffer, "JPEG", quality=quality)
        return Image.open(io.BytesIO(buffer.getvalue()))
    return save


def turned(angle: float):
    def turn(image: Image.Image) -> Image.Image:
        return image.rotate(angle, expand=True, fillcolor=255, resample=Image.BICUBIC)
    return turn


CASES = {
    "270°": (Condition(angle=0.0), [turned(270)]),
    "90° and 0.7°": (Condition(angle=0.0), [turned(90.7)]),
    "faded toner": (Condition(angle=0.3), [faded]),
    "blur 1.2 px": (Condition(angle=-0.4), [blurred]),
    "noise and JPEG q30": (Condition(angle=0.6), [noisy, jpeg(30)]),
    "phone photo shadow": (Condition(angle=1.0), [shadowed]),
    "150 dpi bilevel -1°": (Condition(angle=-1.0, dpi=150, mode="bilevel"), []),
    "300 dpi colour q50 +2°": (Condition(angle=2.0, dpi=300, mode="colour", quality=50), []),
    "180° and faded": (Condition(angle=180.0), [faded]),
}


def make(source: Path, pages: list[int] | None, condition: Condition, spoil: list, target: Path) -> Path:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    images = []
    for i in pages if pages is not None else range(len(pdf)):
        image = pdf[i].render(scale=condition.dpi / 72, rev_byteorder=True).to_pil().convert("RGB")
        image = scan_page(image, condition)
        for step in spoil:
            image = step(image)
        images.append(image)
    pdf.close()
    images[0].save(target, "PDF", resolution=condition.dpi, save_all=True, append_images=images[1:])
    return target


def main() -> None:
    from expected_compare import rows_for, scan_scores, truth_from_expected, truth_from_layout
    from layout_documents import LAYOUTS

    expected = json.loads((ROOT / "tests" / "fixtures" / "000_3be96d4e675c0c12.expected.json").read_text("utf-8"))
    sources = [
        ("seed project 1", ROOT / "samples" / "000_seed.pdf", [0, 1, 2], truth_from_expected(expected, {1})),
        ("list layout", ROOT / "tests" / "fixtures" / "layouts" / "list_table.pdf", None,
         truth_from_layout(next(layout for layout in LAYOUTS if layout["name"] == "list_table"))),
    ]
    wanted = sys.argv[1:]
    print("| condition | source | indicator cells | header & funds | narrative chars | seconds |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (condition, spoil) in CASES.items():
            if wanted and not any(w in name for w in wanted):
                continue
            for label, path, pages, truth in sources:
                start = time.perf_counter()
                scan = make(path, pages, condition, spoil, Path(tmp) / "scan.pdf")
                scores = scan_scores(rows_for(scan), truth)
                share = {k: (ok / total if total else 1.0) for k, (ok, total) in scores.items()}
                print(f"| {name} | {label} | {share['indicators']:.3f} | {share['header']:.3f} | "
                      f"{share['narrative']:.3f} | {time.perf_counter() - start:.0f} |", flush=True)


if __name__ == "__main__":
    main()
