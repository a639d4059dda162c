"""RapidOCR's detection and recognition models driven one step at a time.

Why not `RapidOCR()(image)`: the one-call API detects at up to 2,000 px whatever the page, runs
the direction classifier on every line, and gives no say in how lines are batched.  On a
2-core machine that made a 200 dpi page cost 5–10 s.  Here:

- detection runs once per page on the page scaled to `DET_SIDE` px (printed text at 150–300 dpi
  stays 12+ px high, which the DB detector reads without loss), and its boxes are mapped back to
  full resolution, where the lines are cut out for recognition;
- an upside-down page is told from an upright one by reading its two longest lines (when both
  read surely, the page is upright), else six long lines both ways (RapidOCR's 0/180
  classifier, run per line, is not used); every line is then recognised once; a lone glyph
  the model does not read as a character is read from its shape when it is a comparison sign
  (extract/sign_shapes.py), else again beside a line it read with confidence;
- recognition batches lines of similar width, so padding costs little;
- ONNX Runtime and OpenCV get the threads this worker may use, no more (no oversubscription when
  the batch runs one worker per core).  The engine is built once per process and reused.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

from budget_declarations.extract import sign_shapes
from budget_declarations.extract.errors import NeedsTool

DET_SIDE = 1280  # longest side of the image the detector sees
REC_HEIGHT = 48  # the recognition model's input height
REC_BATCH_WIDTH = 2400  # padded width of one recognition batch, in model pixels (× REC_HEIGHT)
MIN_SCORE = 0.3  # recognised text below this confidence is dropped, as RapidOCR does
SURE_GLYPH = 0.9  # a lone digit or letter read this surely is not looked at as a sign
TILTED = 0.09  # a detected box whose top edge climbs more than this (about 5°) is not followed
TURN_GAIN = 0.15  # a page is upside down when its lines read this much surer turned by 180°
SURE_SAMPLES = 2  # a page whose first sample lines …
SURE_UPRIGHT = 0.9  # … each read this surely upright is upright (the other samples are not read)
SIGN_SCORE = 0.9  # the confidence given to a sign read from its shape (extract/sign_shapes.py)

UNAVAILABLE = (
    "OCR is not available here: install rapidocr-onnxruntime (it comes with this package) and, on "
    "minimal systems, the OpenGL library OpenCV loads (apt-get install libgl1)"
)

_ENGINE = None


def available() -> bool:
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def threads() -> int:
    """The cores this process may use: the batch sets DECL_OCR_THREADS per worker."""
    wanted = int(os.environ.get("DECL_OCR_THREADS", "0") or 0)
    if wanted > 0:
        return wanted
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def engine():
    """The RapidOCR models, loaded once per process."""
    global _ENGINE
    if _ENGINE is None:
        try:
            import cv2
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise NeedsTool(UNAVAILABLE) from None
        n = threads()
        cv2.setNumThreads(n)
        _ENGINE = RapidOCR(intra_op_num_threads=n, inter_op_num_threads=1)
        _ENGINE.text_rec.rec_batch_num = 1_000  # batches are formed by recognise()
        _ENGINE.text_rec.postprocess_op = _KeepHesitantCharacters(_ENGINE.text_rec.postprocess_op)
    return _ENGINE


HESITANT_BLANK = 0.3  # a step read as "no character" at most this surely …
HESITANT_CHARACTER = 0.2  # … where a Chinese character is this likely, is that character


class _KeepHesitantCharacters:
    """The recogniser's decoding (CTC, best path), except where it hesitates between no character
    and a Chinese character: a step whose blank wins at ≤ HESITANT_BLANK against a character at
    ≥ HESITANT_CHARACTER is read as that character.  The repeated 某 of `某某县` in a speckled cell
    came out as blank 0.25 against 某 0.22 at the first 某's place, and the line read `某县` at a
    confidence of 0.98 (the blanks do not count in it).  A character so found beside the same
    character read outright merges with it, as CTC does; only Chinese characters are taken, specks
    read as marks are not (on a speckled page's running text, any character taken so added stray
    points and commas: 320 → 301 of 325 narrative characters)."""

    def __init__(self, decode) -> None:
        import numpy as np

        self._decode = decode
        self.character = decode.character
        # the blank (index 0) is no Chinese character
        self._ideographs = np.array([len(c) == 1 and ("\u4e00" <= c <= "\u9fff") for c in decode.character])

    def __call__(self, preds, *args, **kwargs):
        import numpy as np

        # only the few steps whose blank won unsurely are looked into (a batch's scores are large):
        # to beat a character at HESITANT_CHARACTER the blank is at least as likely
        blank = preds[..., 0]
        n, t = np.nonzero((blank <= HESITANT_BLANK) & (blank >= HESITANT_CHARACTER))
        if n.size:
            steps = preds[n, t]
            characters = np.where(self._ideographs, steps, np.float32(0))
            which = characters.argmax(axis=-1)
            best = characters[np.arange(len(which)), which]
            hesitant = (steps.argmax(axis=-1) == 0) & (best >= HESITANT_CHARACTER)
            if hesitant.any():
                preds = preds.copy()
                n, t, which, best = n[hesitant], t[hesitant], which[hesitant], best[hesitant]
                preds[n, t, :] = 0.0
                preds[n, t, which] = best
        return self._decode(preds, *args, **kwargs)


@dataclass
class Line:
    """One detected text line: its corner points in the page image, and what was read there."""
    quad: "object"  # 4×2 float32 array, clockwise from top left
    text: str = ""
    score: float = 0.0
    joins_previous: bool = False  # cut from the same detected line as the one before it
    absorbed: bool = False  # the box took in a piece cut off it that could not be read alone

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) around the corner points."""
        (x0, y0), (x1, y1) = self.quad.min(axis=0), self.quad.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)

    @property
    def width(self) -> float:
        x0, _, x1, _ = self.bbox
        return x1 - x0

    @property
    def height(self) -> float:
        _, y0, _, y1 = self.bbox
        return y1 - y0


def detect(image) -> list[Line]:
    """Text lines of an RGB page image, found once at DET_SIDE and mapped to full resolution."""
    import cv2
    import numpy as np

    h, w = image.shape[:2]
    scale = min(1.0, DET_SIDE / max(h, w))
    small = cv2.resize(image, (max(32, round(w * scale)), max(32, round(h * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1 else image
    boxes, _ = engine().text_det(np.ascontiguousarray(small))
    if boxes is None or len(boxes) == 0:
        return []
    sx, sy = w / small.shape[1], h / small.shape[0]
    out = []
    for quad in boxes:
        q = np.asarray(quad, dtype=np.float32).copy()
        q[:, 0] = np.clip(q[:, 0] * sx, 0, w - 1)
        q[:, 1] = np.clip(q[:, 1] * sy, 0, h - 1)
        out.append(Line(q))
    return out


def crop(image, line: Line):
    """The line cut out of the page and straightened (as RapidOCR does), at full resolution."""
    import cv2
    import numpy as np

    q = line.quad
    (ax, ay), (bx, by) = q[0], q[1]
    if abs(by - ay) > TILTED * max(1.0, abs(bx - ax)):
        # The page is straight by now: a box turned this much is the detector fitting a lone
        # diagonal glyph (≤ drawn as one slanted shape), and turning the crop to match it would
        # tip the glyph over.  Cut its upright bounding box instead.
        x0, y0 = q.min(axis=0)
        x1, y1 = q.max(axis=0)
        q = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32)
    width = int(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3])))
    height = int(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))
    width, height = max(width, 1), max(height, 1)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(q.astype(np.float32), target)
    out = cv2.warpPerspective(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE,
                              flags=cv2.INTER_CUBIC)
    if height / width >= 1.5:
        out = np.rot90(out)
    return out


def upside_down(crops: list) -> bool:
    """Whether sample lines read better turned by 180°: the recognition model's own confidence on
    both readings (a few lines, cut to about ten characters).  The 0/180 classifier shipped with
    RapidOCR squeezes long lines to 192 px and called an upright page upside down in tests.

    The first samples (the page's longest lines) are read first: when each reads surely, the page
    is upright and the others are not read; reading all six was 6% of a clean page's time.  On
    the seed's 20 pages, 120 sample lines turned by 180° read at most 0.84 (0.71 among the first
    two); upright, the first two read 0.90 or more on 19 pages (0.898 on the other, whose six were
    read as before)."""
    import numpy as np

    if not crops:
        return False
    pieces = [c[:, : 10 * c.shape[0]] for c in crops]
    first, rest = pieces[:SURE_SAMPLES], pieces[SURE_SAMPLES:]
    scores = [score for _, score in recognise(first)]
    if rest:
        if min(scores) >= SURE_UPRIGHT:
            return False
        scores += [score for _, score in recognise(rest)]
    upright = sum(scores) / len(pieces)
    if upright >= 1.0 - TURN_GAIN:
        return False  # no reading can gain more than 1 - upright: the turned one need not be made
    turned = sum(score for _, score in recognise([np.ascontiguousarray(np.rot90(p, k=2)) for p in pieces])) / len(pieces)
    return turned - upright > TURN_GAIN


def _single_glyph(crop, widest: float = 1.5) -> bool:
    return crop.shape[1] <= widest * crop.shape[0]


def doubtful(crop, text: str, score: float) -> bool:
    """A reading of a lone glyph worth a second look: not a Chinese character (a sign read as
    `N`, `#` or `=`) unless a number or word read with confidence, or a sign-like 一 二 三 (a
    ＝ cut to its ink is nearly twice as wide as tall, hence the wider crop allowed for it and
    for any reading without confidence: `Ⅱ` at 0.3, a speckled ≥ as `八` at 0.4)."""
    if _sign_like(text, score) or score < 0.6:
        return _single_glyph(crop, widest=2.0)
    return _single_glyph(crop) and not _ideograph(text) and not (text.strip().isalnum() and score >= SURE_GLYPH)


def _ideograph(text: str) -> bool:
    return len(text) == 1 and ("\u4e00" <= text <= "\u9fff" or "\u3400" <= text <= "\u4dbf")


def _sign_like(text: str, score: float) -> bool:
    """A lone 一, 二 or 三 read short of sure: what the model makes of a lone － or ＝ (a speckled
    ＝ came out as 二 at 0.63; its shape tells the two apart, 二's top bar being short)."""
    return text in ("一", "二", "三") and score < SURE_GLYPH


# a line that begins with a bar before a number: a minus, or a ＝ whose bars ran together
_BAR_BEFORE_NUMBER = re.compile(r"^[-－—一~_二]\s*\d")


def recognise_with_context(crops: list) -> list[tuple[str, float]]:
    """Every line read; a lone glyph that does not read as a Chinese character (a sign such as
    ≥ ≤ ＝ in a narrow cell), or reads as 一 二 三 without confidence, is read from its shape if it
    is a comparison sign, else again beside a line of the same page already read with
    confidence, whose text is then taken off.  Alone, the recognition model reads a lone ≥ as
    `=` or `N`; with text after it, as printed.  Only these few small crops are read twice."""
    import numpy as np

    results = recognise(crops)
    unsure = [i for i, c in enumerate(crops) if doubtful(c, *results[i])]
    for i in list(unsure):
        sign = sign_shapes.read_sign(crops[i])
        if sign:
            results[i] = (sign, SIGN_SCORE)
            unsure.remove(i)
    for i, (text, score) in enumerate(results):
        if _BAR_BEFORE_NUMBER.match(text):
            sign = sign_shapes.leading_sign(crops[i])
            if sign:
                results[i] = (sign + text[1:], score)
    if not unsure:
        return results
    skip = set(unsure)
    sure = [i for i in range(len(crops)) if i not in skip and results[i][1] >= 0.98
            and 2 <= len(results[i][0]) <= 8]
    context = next((i for i in sure if results[i][0].replace(".", "").isdigit()), sure[0] if sure else None)
    if context is None:
        return results
    suffix, tail = crops[context], results[context][0]
    joined = []
    for i in unsure:
        glyph = crops[i]
        height = max(glyph.shape[0], suffix.shape[0])
        pad = lambda img: np.pad(img, ((0, height - img.shape[0]), (0, 0), (0, 0)), constant_values=255)  # noqa: E731
        joined.append(np.hstack([pad(glyph), np.full((height, max(4, height // 6), 3), 255, np.uint8), pad(suffix)]))
    for i, (text, score) in zip(unsure, recognise(joined)):
        glyph_text = text[: -len(tail)] if text.endswith(tail) and len(text) > len(tail) else ""
        if glyph_text and not _ideograph(glyph_text):  # a sign stays a sign (＝ is not 三)
            results[i] = (glyph_text, score)
    return results


def recognise(crops: list) -> list[tuple[str, float]]:
    """Text and confidence of each line, batched by width so that little padding is computed."""
    import numpy as np

    rec = engine().text_rec
    ratios = [c.shape[1] / max(1, c.shape[0]) for c in crops]
    order = np.argsort(ratios)
    results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    batch: list[int] = []

    def flush() -> None:
        if batch:
            out, _ = rec([crops[i] for i in batch])
            for i, (text, score, *_) in zip(batch, out):
                results[i] = (str(text), float(score))
            batch.clear()

    for i in order:
        widest = max(ratios[i], 320 / REC_HEIGHT) * REC_HEIGHT
        if batch and widest * (len(batch) + 1) > max(REC_BATCH_WIDTH, widest):
            flush()
        batch.append(int(i))
    flush()
    return results
