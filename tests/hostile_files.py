"""Files built to hurt (issue 23), shared by tests/test_hostile.py and benchmarks/hostile_bench.py.

Each builder writes a small file whose reading would cost far more than its size: the pipeline
must end every one with a documents row, within its limits, in the worker that reads it.
"""
from __future__ import annotations

import struct
import subprocess
import time
import zlib
from pathlib import Path


def main_process_peak(cmd: list[str], limit: float) -> tuple[int, float, int, str]:
    """Run `cmd`, sampling its own peak resident memory (VmHWM, from /proc, every 50 ms; its
    workers are processes of their own) until it ends or `limit` seconds pass:
    (peak in MB, seconds, exit status, stderr)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak, started = 0, time.monotonic()
    while proc.poll() is None:
        try:
            for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        if time.monotonic() - started > limit:
            proc.kill()
        time.sleep(0.05)
    _, err = proc.communicate()
    return peak // 1024, time.monotonic() - started, proc.returncode, err


def pdf_bytes(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF of numbered objects (1-based) with a correct cross-reference table."""
    data, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(data)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def fan_out_pdf(path: Path, depth: int = 9, width: int = 10) -> Path:
    """A page that paints a form XObject `width` times, each painting the next `width` times,
    `depth` levels deep: width**depth draws of a leaf that shows text, in a few hundred bytes."""
    # objects: 1 catalog, 2 pages, 3 page, 4 page content, 5 font, 6.. the XObjects (6 = level 0)
    first = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X 6 0 R >> /Font << /F1 5 0 R >> >> >>",
        _stream(b"q /X Do Q\n" * width),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for level in range(depth):
        form = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
        if level == depth - 1:
            content = b"BT /F1 9 Tf 72 720 Td (fan out) Tj ET\n"
            objects.append(_stream(content, form + b"/Resources << /Font << /F1 5 0 R >> >>"))
        else:
            content = b"q /X Do Q\n" * width
            objects.append(_stream(content, form + b"/Resources << /XObject << /X %d 0 R >> "
                                                   b"/Font << /F1 5 0 R >> >>" % (first + level + 1)))
    path.write_bytes(pdf_bytes(objects))
    return path


def blank_tiff(path: Path, frames: int = 1000, size: tuple[int, int] = (1240, 1754)) -> Path:
    """A multi-page TIFF of empty white pages (A4 at 150 dpi), compressed to almost nothing."""
    from PIL import Image

    page = Image.new("L", size, 255)
    page.save(path, save_all=True, append_images=[page] * (frames - 1), compression="tiff_deflate")
    return path


def inflating_pdf(path: Path, megabytes: int = 2048) -> Path:
    """A page whose content stream is a few MB compressed and `megabytes` inflated (spaces)."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
    ]
    path.write_bytes(pdf_bytes(objects))
    return path


def many_pages_pdf(path: Path, pages: int = 100_000) -> Path:
    """A PDF of `pages` empty pages (no content, no image): nothing to read, a lot to walk."""
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    path.write_bytes(pdf_bytes(objects))
    return path


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def deep_docx(path: Path, levels: int = 100_000) -> Path:
    """A .docx whose document XML nests `levels` elements inside one paragraph."""
    body = b"<w:r>" * levels + b"<w:t>x</w:t>" + b"</w:r>" * levels
    document = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + _W + \
        b"><w:body><w:p>" + body + b"</w:p></w:body></w:document>"
    return _zip(path, {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                               b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                               b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                               b'"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
                               b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                       b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                       b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": document,
    })


def billion_cell_xlsx(path: Path) -> Path:
    """An .xlsx whose sheet declares the whole grid (A1:XFD1048576, 17 billion cells) and fills
    its two far corners."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["A1"] = "项目支出绩效目标表"
    sheet["XFD1048576"] = "x"
    book.save(path)
    return path


def jpeg2000_bomb(path: Path, side: int = 100_000) -> Path:
    """A JPEG 2000 file of a few hundred bytes whose header declares side × side pixels."""
    from PIL import Image

    small = path.with_suffix(".small.jp2")
    Image.new("L", (64, 64), 255).save(small)
    data = bytearray(small.read_bytes())
    small.unlink()
    ihdr = data.find(b"ihdr")
    if ihdr >= 0:
        data[ihdr + 4:ihdr + 12] = struct.pack(">II", side, side)
    siz = data.find(b"\xff\x51")
    data[siz + 6:siz + 14] = struct.pack(">II", side, side)  # Xsiz, Ysiz after Lsiz and Rsiz
    path.write_bytes(bytes(data))
    return path
