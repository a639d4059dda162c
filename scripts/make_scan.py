#!/usr/bin/env python3
"""Make a 'scanned' PDF from a text PDF, under a stated office condition, reproducibly.

    python scripts/make_scan.py samples/000_seed.pdf /tmp/seed_scan.pdf [--dpi 200] [--angle 0.5] \
        [--quality 75] [--mode gray|bilevel|colour] [--seal] [--margin] [--keystone 0.02]

Each page is rendered at --dpi, turned by --angle degrees (90 and 180 feed the page sideways or
upside down), optionally stamped with a red seal over its table, given a dark scanner margin or
a phone photo's keystone, and stored as the scanner would: grayscale or colour JPEG at
--quality, or bilevel (1 bit, thresholded like a fax-mode scanner).  `restyle_docx` makes the
paper-size and ruling-line variants (A4/Letter; thin, thick or no rules) from a Word file, to be
printed with LibreOffice.  The OCR tests and benchmarks/scan_matrix.py make their scans here.
"""
from __future__ import annotations

import argparse
import io
import math
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter


@dataclass(frozen=True)
class Condition:
    """How a page was scanned.  The defaults are an ordinary office scan."""
    dpi: int = 200
    angle: float = 0.5
    quality: int = 75
    mode: str = "gray"  # gray | bilevel | colour
    seal: bool = False
    margin: bool = False
    keystone: float = 0.0  # share of the width the top edge is narrowed by (phone photo)
    specks: float = 0.0  # share of pixels turned black or white at random (salt and pepper: old copier, dirty glass)
    noise: float = 0.0  # Gaussian noise, standard deviation in grey levels (photocopier)
    blur: float = 0.0  # Gaussian blur radius in pixels
    contrast: float = 1.0  # ink-to-paper range kept (0.6: black prints at 40% grey, paper slightly grey)
    dither: bool = False  # 1 bit by Floyd–Steinberg error diffusion (fax, archive scanners), not a threshold
    light: float = 0.0  # light falling off across the page: the far corner this much darker (phone photo)

    @property
    def label(self) -> str:
        parts = [f"{self.angle:+g}°", f"{self.dpi} dpi"]
        parts.append("bilevel" if self.mode == "bilevel" else f"{self.mode} q{self.quality}")
        if self.seal:
            parts.append("red seal")
        if self.margin:
            parts.append("dark margin")
        if self.keystone:
            parts.append(f"keystone {self.keystone:g}")
        if self.contrast != 1.0:
            parts.append(f"contrast {self.contrast:g}")
        if self.blur:
            parts.append(f"blur {self.blur:g}")
        if self.noise:
            parts.append(f"noise σ{self.noise:g}")
        if self.specks:
            parts.append(f"specks {self.specks:.1%}")
        if self.light:
            parts.append(f"light falling {self.light:.0%}")
        if self.dither:
            parts[2] = "1-bit dithered"
        return ", ".join(parts)

    def but(self, **changes) -> "Condition":
        return replace(self, **changes)


def _seal(image: Image.Image, dpi: int) -> Image.Image:
    """A red round seal (ring, star, a band of text strokes) stamped across the upper table area.
    Ink multiplies with what is under it: paper turns red, black text stays black."""
    w, h = image.size
    radius = int(0.8 * dpi)  # a 42 mm seal is about 1.6 in across
    cx, cy = int(w * 0.62), int(h * 0.32)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    red = (215, 30, 40, 170)
    width = max(3, dpi // 40)
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=red, width=width)
    star = []
    for k in range(10):
        r = radius * (0.28 if k % 2 == 0 else 0.12)
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    draw.polygon(star, fill=red)
    for k in range(14):  # the arc of characters, as short thick strokes
        a = math.radians(200 + k * 10)
        x, y = cx + 0.72 * radius * math.cos(a), cy + 0.72 * radius * math.sin(a)
        draw.rectangle([x - width * 2, y - width * 2, x + width * 2, y + width * 2], fill=red)
    draw.line([cx - radius * 0.5, cy + radius * 0.45, cx + radius * 0.5, cy + radius * 0.45], fill=red, width=width * 2)
    from PIL import ImageChops

    ink = Image.new("RGB", image.size, (255, 255, 255))
    ink.paste(layer.filter(ImageFilter.GaussianBlur(1)), mask=layer.filter(ImageFilter.GaussianBlur(1)))
    return ImageChops.multiply(image.convert("RGB"), ink)


def _margin(image: Image.Image, dpi: int) -> Image.Image:
    """A dark band along the left and top edges, fading into the page (scanner lid left open)."""
    w, h = image.size
    band = int(0.25 * dpi)
    out = image.copy()
    draw = ImageDraw.Draw(out)
    fill = (30, 30, 30) if out.mode == "RGB" else 30
    draw.rectangle([0, 0, band, h], fill=fill)
    draw.rectangle([0, 0, w, band // 2], fill=fill)
    return out


def _keystone(image: Image.Image, share: float) -> Image.Image:
    """The page as a phone photographs it from slightly below: the top edge narrower."""
    w, h = image.size
    d = w * share / 2
    # PIL's perspective transform maps output to input coefficients; solve for the quad
    source = [(0, 0), (w, 0), (w, h), (0, h)]
    target = [(d, 0), (w - d, 0), (w, h), (0, h)]
    coeffs = _perspective_coeffs(target, source)
    fill = (255, 255, 255) if image.mode == "RGB" else 255
    return image.transform(image.size, Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=fill)


def _perspective_coeffs(out_quad, in_quad):
    import numpy as np

    rows = []
    for (x, y), (u, v) in zip(out_quad, in_quad):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for pair in in_quad for c in pair], dtype=float)
    return np.linalg.solve(a, b).tolist()


def _spoil(image: Image.Image, condition: Condition, seed: int) -> Image.Image:
    """Contrast, light, blur, Gaussian noise and salt-and-pepper specks, in that order (a grey page)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    a = np.asarray(image, dtype=np.float32)
    if condition.contrast != 1.0:  # ink and paper brought together around light grey
        a = 255 - (255 - a) * condition.contrast - (1 - condition.contrast) * 20
    if condition.light:
        h, w = a.shape
        yy, xx = np.mgrid[0:h, 0:w]
        a = a * (1 - condition.light * (xx / w + yy / h) / 2)
    if condition.blur:
        a = np.asarray(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(condition.blur)), dtype=np.float32)
    if condition.noise:
        a = a + rng.normal(0, condition.noise, a.shape)
    if condition.specks:
        hit = rng.random(a.shape)
        a[hit < condition.specks / 2] = 0
        a[(hit >= condition.specks / 2) & (hit < condition.specks)] = 255
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def scan_page(image: Image.Image, condition: Condition, seed: int = 0) -> Image.Image:
    """One rendered page (RGB) as the scanner stores it."""
    if condition.seal:
        image = _seal(image, condition.dpi)
    if condition.mode != "colour":
        image = image.convert("L")
    else:  # a colour scan sees the paper slightly warm
        r, g, b = image.split()
        image = Image.merge("RGB", (r, g, b.point(lambda v: int(v * 0.94))))
    if condition.keystone:
        image = _keystone(image, condition.keystone)
    if condition.angle % 90 == 0 and condition.angle:
        image = image.rotate(condition.angle, expand=True)
    elif condition.angle:
        fill = (255, 255, 255) if image.mode == "RGB" else 255
        image = image.rotate(condition.angle, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    if condition.margin:
        image = _margin(image, condition.dpi)
    if image.mode == "L" and (condition.specks or condition.noise or condition.blur or condition.contrast != 1.0
                              or condition.light):
        image = _spoil(image, condition, seed)
    if condition.dither:
        return image.convert("1")  # Floyd–Steinberg
    if condition.mode == "bilevel":
        return image.point(lambda v: 255 if v > 160 else 0).convert("1")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=condition.quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def make_scan(source: Path, target: Path, dpi: int = 200, angle: float = 0.5, quality: int = 75,
              pages: list[int] | None = None, condition: Condition | None = None) -> Path:
    condition = condition or Condition(dpi=dpi, angle=angle, quality=quality)
    pdf = pdfium.PdfDocument(str(source))
    images = []
    try:
        for i in pages if pages is not None else range(len(pdf)):
            page = pdf[i]
            image = page.render(scale=condition.dpi / 72, rev_byteorder=True).to_pil().convert("RGB")
            page.close()
            images.append(scan_page(image, condition, seed=i))
    finally:
        pdf.close()
    images[0].save(target, "PDF", resolution=condition.dpi, save_all=True, append_images=images[1:])
    return target


def print_pdf(source: Path, out_dir: Path) -> Path:
    """A Word file printed to PDF by LibreOffice into `out_dir`, as a department would print it."""
    import shutil
    import subprocess

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit("LibreOffice (soffice) is needed to print Word files")
    subprocess.run([exe, "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=300)
    return out_dir / (source.stem + ".pdf")


def restyle_docx(source: Path, target: Path, paper: str = "A4", rule_pt: float | None = 0.5) -> Path:
    """A copy of a Word file on `paper` (A4 or Letter) with every table ruled at `rule_pt` points,
    or with no ruling lines at all (None)."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    doc = Document(str(source))
    width, height = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}[paper]
    for section in doc.sections:
        section.page_width, section.page_height = width, height
    for table in doc.tables:
        props = table._tbl.tblPr
        for old in props.findall(qn("w:tblBorders")):
            props.remove(old)
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{edge}")
            if rule_pt is None:
                el.set(qn("w:val"), "nil")
            else:
                el.set(qn("w:val"), "single")
                el.set(qn("w:sz"), str(max(2, round(rule_pt * 8))))
                el.set(qn("w:color"), "000000")
            borders.append(el)
        props.append(borders)
        for cell in table._tbl.iter(qn("w:tcBorders")):
            cell.getparent().remove(cell)
    doc.save(str(target))
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("target", type=Path)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--angle", type=float, default=0.5)
    ap.add_argument("--quality", type=int, default=75)
    ap.add_argument("--mode", choices=("gray", "bilevel", "colour"), default="gray")
    ap.add_argument("--seal", action="store_true")
    ap.add_argument("--margin", action="store_true")
    ap.add_argument("--keystone", type=float, default=0.0)
    args = ap.parse_args()
    condition = Condition(args.dpi, args.angle, args.quality, args.mode, args.seal, args.margin, args.keystone)
    make_scan(args.source, args.target, condition=condition)


if __name__ == "__main__":
    main()
