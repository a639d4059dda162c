#!/usr/bin/env python3
"""Make a 'scanned' PDF from a text PDF: each page rendered to a grayscale JPEG, slightly rotated.

    python scripts/make_scan.py samples/000_seed.pdf /tmp/seed_scan.pdf [--dpi 200] [--angle 0.5] [--quality 75]

This is how the OCR tests and benchmark make the team's own scan of the seed: like an ordinary
office scan (200 dpi, grayscale, JPEG-compressed, rotated by half a degree), reproducibly.
"""
from __future__ import annotations

import argparse
import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image


def make_scan(source: Path, target: Path, dpi: int = 200, angle: float = 0.5, quality: int = 75,
              pages: list[int] | None = None) -> Path:
    pdf = pdfium.PdfDocument(str(source))
    images = []
    try:
        for i in pages if pages is not None else range(len(pdf)):
            page = pdf[i]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality)
            images.append(Image.open(io.BytesIO(buffer.getvalue())))
    finally:
        pdf.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("target", type=Path)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--angle", type=float, default=0.5)
    ap.add_argument("--quality", type=int, default=75)
    args = ap.parse_args()
    make_scan(args.source, args.target, args.dpi, args.angle, args.quality)


if __name__ == "__main__":
    main()
