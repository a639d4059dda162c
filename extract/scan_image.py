"""Page-image geometry for scans: grayscale, margins, deskew, and table cells from ruling lines.

Nothing here is tuned to one scanner: the skew comes from the text and rules themselves (the
angle at which the rows of ink line up sharpest, searched over ±5°, so a straight page stays
straight), ruling lines are whatever is clearly darker than the paper and long (thin hairlines,
thick rules, rules broken by a stamp), and colour is dropped only after a red seal has been
lifted out of it.
"""
from __future__ import annotations

SKEW_LIMIT = 5.0  # degrees searched either way; beyond this a page counts as sideways/upside down
SKEW_SIDE = 1600  # longest side of the image the skew search looks at


def paper_level(gray) -> float:
    """The page's 90th percentile, the level its paper is judged by: `np.percentile(gray, 90)`,
    counted from the 256 grey levels' histogram (a full sort of a page took 20 ms a call)."""
    import numpy as np

    counts = np.zeros(256, dtype=np.int64)
    for top in range(0, gray.shape[0], 256):  # bincount counts in int64 copies: a band at a time
        counts += np.bincount(gray[top:top + 256].ravel(), minlength=256)
    counts = np.cumsum(counts)
    position = 0.9 * (int(counts[-1]) - 1)
    below = int(position)
    low = int(np.searchsorted(counts, below, side="right"))
    high = int(np.searchsorted(counts, min(below + 1, int(counts[-1]) - 1), side="right"))
    t = position - below  # numpy's linear interpolation, written as numpy writes it
    return float(low + (high - low) * t if t < 0.5 else high - (high - low) * (1 - t))


def to_gray(image):
    """Grayscale page as a uint8 array, with a red seal lifted out.

    Seal ink is transparent in its own colour channel: under a red seal, paper is bright and
    text dark in the red channel.  So seal-coloured pixels take their value from that channel,
    scaled so that paper under the seal is white; text under the seal stays readable."""
    import cv2
    import numpy as np

    if hasattr(image, "convert"):
        mode = getattr(image, "mode", "L")
        image = np.array(image.convert("RGB" if mode not in ("L", "1", "I;16") else "L"))
    if image.ndim == 2:
        return image
    rgb = image[:, :, :3]
    gray = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    channels = rgb.astype(np.int16)
    r, g, b = channels[:, :, 0], channels[:, :, 1], channels[:, :, 2]
    # (blue is left alone: Word headings are often blue, official seals are red)
    seal = (r - np.maximum(g, b)) > 60
    if np.count_nonzero(seal) >= 50:
        paper = max(1.0, float(np.percentile(r[seal], 90)))
        gray[seal] = np.clip(r[seal].astype(np.float32) * (255.0 / paper), 0, 255).astype(np.uint8)
    return gray


BLANK_INK = 0.0002  # a page with less ink than this share of its area (a speck, a page number) is blank


def is_blank(gray) -> bool:
    """Whether a page image holds no ink: then no model needs to look at it (a TIFF of a thousand
    empty frames is known empty in a second, not read for minutes).  Ink is whatever is clearly
    darker than the page's paper, counted on every fourth pixel of every fourth row."""
    import numpy as np

    if hasattr(gray, "histogram"):  # a PIL image: counted in PIL, without copying it into an array
        image = gray if gray.mode == "L" else gray.convert("L")
        small = image.reduce(4) if image.width >= 8 and image.height >= 8 else image
        return _blank_histogram(small.histogram())
    if gray is None or gray.size == 0:
        return True
    return _blank_histogram(np.bincount(np.ascontiguousarray(gray[::4, ::4]).ravel(), minlength=256).tolist())


def _blank_histogram(counts: list[int]) -> bool:
    total = sum(counts)
    if not total:
        return True
    seen, paper = 0, 255
    for level, n in enumerate(counts):  # the paper: the level below which 90% of the pixels lie
        seen += n
        if seen >= 0.9 * total:
            paper = level
            break
    return sum(counts[:max(0, paper - 64)]) <= BLANK_INK * total


def clean(gray):
    """Brighten a dark scanner margin to paper so that it is not read as a rule, light an unevenly
    lit page evenly, put isolated specks back to paper, and black dots on fainter strokes to the
    strokes' grey (a 1-bit page is made grey for the text models only: `for_models`).

    No median filter over the page: the usual remedy for speckle erases one-pixel hairlines (the
    ruling lines of many printed forms) and thin strokes.  Specks are taken out one by one instead,
    as ink components far smaller than a stroke, and dots on strokes pixel by pixel where a pixel
    is far darker than its neighbours and the print, and only on a page that has many of them."""
    if not gray.size:
        return gray
    return _pepper_on_strokes(_despeckle(_even_light(_paper_margins(gray))))


BILEVEL_SHARE = 0.995  # a page whose pixels are black or white but for this share is bilevel


def is_bilevel(gray) -> bool:
    """Whether a page image is 1-bit (a fax, an archive scanner; dithered or thresholded)."""
    import numpy as np

    sample = np.asarray(gray)[::4, ::4]
    return bool(sample.size) and np.count_nonzero((sample == 0) | (sample == 255)) >= BILEVEL_SHARE * sample.size


def for_models(gray, bilevel: bool):
    """The page as the text models see it: a 1-bit page slightly blurred, so that a dither's dot
    patterns become tones again and a threshold's jagged edges strokes, as in the grey pages the
    models were trained on.  The rules and cells are found on the page itself (a blurred page
    would join strokes into short rules)."""
    if not bilevel:
        return gray
    import cv2

    return cv2.GaussianBlur(gray, (0, 0), 0.8)


SPECK_SHARE_OF_A_DOT = 0.8  # a speck's area is under this share of a stroke-wide square (a full stop)
SPECKS_PER_MEGAPIXEL = 150  # fewer tiny components than this: a clean page, left as it is


def _despeckle(gray):
    """Salt-and-pepper specks (an old copier, dirty scanner glass) back to paper: connected ink
    components of a few pixels, standing alone.  A full stop or a decimal point touches no other
    ink either, but it is at least a stroke wide each way; a speck is smaller than that square (a
    dot a little eaten by salt or a light scan is still a dot: 0.8 of the square), and
    is taken out only on a page where such specks are many (measured, per megapixel).  Pieces of
    a hairline that salt broke up are as small as specks, but they line up: those stay."""
    import cv2
    import numpy as np

    paper = int(paper_level(gray[::4, ::4]))
    ink = (gray < paper - 64).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return gray
    areas = stats[1:, cv2.CC_STAT_AREA]
    stroke = _stroke_width(ink)
    tiny = areas <= max(2.0, SPECK_SHARE_OF_A_DOT * stroke * stroke)
    if np.count_nonzero(tiny) < SPECKS_PER_MEGAPIXEL * gray.size / 1e6:
        return gray
    specks = np.zeros(count, dtype=bool)
    specks[1:] = tiny
    specks[np.unique(labels[_on_a_line(ink, stroke)])] = False  # pieces of a rule that salt broke up
    specks[0] = False
    speck = specks[labels]
    halo = cv2.dilate(speck.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & ~(ink.astype(bool) & ~speck)
    out = gray.copy()
    out[halo] = paper  # each speck with the grey halo compression left round it, no other ink
    out[out > paper - 48] = paper  # and the faint specks no threshold counted as ink
    return out


PEPPER_STEP = 60  # a pixel this much darker than all its neighbours but one is pepper …
PEPPER_BELOW_TONER = 40  # … and this much darker than the page's print (a dither's dots are the print)
PEPPER_PER_MEGAPIXEL = 1000  # … and a page with fewer (after _despeckle) is left as it is


def _pepper_on_strokes(gray):
    """Impulse noise's black dots that landed on strokes of fainter toner: `_despeckle` takes out
    specks standing alone, but a dot touching a stroke is part of its ink, and enough of them
    turn 亩 into 苗.  A pixel is pepper when it is far darker than all its neighbours but one (two
    dots side by side are common): a stroke of black toner has many neighbours as dark, a
    hairline's pixel two along the line, so neither is touched, nor is a rule's pixel beside a
    gap that salt broke in it (nothing on the page's ruling lines is touched).  Pepper is also
    darker than the page's print: a dithered page's dots (a 1-bit scan, or one resampled to grey)
    are the print itself and stay.  Each dot is made as dark as the second darkest of its
    neighbours: the grey of the stroke it sits on, paper for a dot standing alone (the median
    would cut a one-pixel stroke).  Only on a page with many of them, measured per megapixel."""
    import cv2
    import numpy as np

    if is_bilevel(gray):
        return gray
    sample = gray[::2, ::2]
    inked = sample[sample < paper_level(sample) - 64]
    if not inked.size:
        return gray
    toner = float(np.median(inked))  # the print's own darkness (pepper is a minority of the ink)
    median = cv2.medianBlur(gray, 3)
    ys, xs = np.nonzero((median.astype(np.int16) - gray > PEPPER_STEP) & (gray < toner - PEPPER_BELOW_TONER))
    if len(ys) < PEPPER_PER_MEGAPIXEL * gray.size / 1e6:
        return gray
    padded = np.pad(gray, 1, mode="edge")
    around = np.stack([padded[ys + 1 + dy, xs + 1 + dx] for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx])
    second_darkest = np.partition(around, 1, axis=0)[1]
    pepper = second_darkest.astype(np.int16) - gray[ys, xs] > PEPPER_STEP
    if np.count_nonzero(pepper) < PEPPER_PER_MEGAPIXEL * gray.size / 1e6:
        return gray
    pepper &= line_masks(gray)[ys, xs] == 0  # a rule's pixels beside a gap salt made in it, dots on rules
    out = gray.copy()
    out[ys[pepper], xs[pepper]] = second_darkest[pepper]  # the stroke's own grey, or paper
    return out


def _on_a_line(ink, stroke: float):
    """Where short pieces of ink line up into a long straight run once gaps of a few pixels are
    closed: a hairline broken up by salt noise, whose pieces are as small as specks."""
    import cv2

    length = max(25, int(12 * stroke))
    found = []
    for gap, run in (((5, 1), (length, 1)), ((1, 5), (1, length))):
        closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, gap))
        found.append(cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, run)))
    return (cv2.bitwise_or(*found) > 0) & (ink > 0)


def _stroke_width(ink) -> float:
    """The median width of horizontal ink runs: how thick the page's strokes are, in pixels."""
    import numpy as np

    rows = ink[::8]
    edges = np.diff(np.pad(rows, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    starts, ends = np.nonzero(edges == 1), np.nonzero(edges == -1)
    runs = ends[1] - starts[1]
    runs = runs[runs >= 2]  # a speck's run is no stroke
    return float(np.median(runs)) if runs.size else 2.0


UNEVEN_LIGHT = 25  # paper this much darker in one part of the page than in another: light it evenly


def _even_light(gray):
    """A page lit unevenly (a phone photo, a book's curve, a lid left open) with its paper made
    white again: every threshold after this one compares ink with *the* paper, and under a
    shadow the paper itself would pass for ink.  The paper's brightness is the page with its
    text taken out (the brightest pixel nearby, over a few characters' width), smoothed; the
    page is divided by it.  An evenly lit page is returned untouched."""
    import cv2
    import numpy as np

    h, w = gray.shape
    scale = 4
    small = cv2.resize(gray, (max(1, w // scale), max(1, h // scale)), interpolation=cv2.INTER_AREA)
    size = max(3, min(small.shape) // 25) | 1  # about two lines of text at any dpi
    paper = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    paper = cv2.GaussianBlur(paper, (0, 0), size)
    low, high = np.percentile(paper, [2, 98])
    if high - low < UNEVEN_LIGHT:
        return gray
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    return np.clip(gray.astype(np.float32) * (255.0 / np.maximum(paper, 1.0)), 0, 255).astype(np.uint8)


def _paper_margins(gray):
    """Rows/columns at the page edge that are mostly dark (the scanner lid, a shadow) become paper."""
    dark = gray < 100
    h, w = gray.shape
    out = None
    row_dark = dark.mean(axis=1)
    col_dark = dark.mean(axis=0)
    for axis, share, length in ((0, row_dark, h), (1, col_dark, w)):
        for edge in (range(length), range(length - 1, -1, -1)):
            count = 0
            for i in edge:
                if share[i] < 0.6 or count > length // 8:
                    break
                count += 1
            if count:
                out = gray.copy() if out is None else out
                first = edge[0]
                sl = slice(0, count) if first == 0 else slice(length - count, length)
                if axis == 0:
                    out[sl, :] = 255
                else:
                    out[:, sl] = 255
    return gray if out is None else out


def skew_angle(gray) -> float:
    """Degrees to rotate by (counter-clockwise positive) so that the page's rows are horizontal.

    The angle at which a horizontal projection of the ink is sharpest (largest sum of squared
    differences between neighbouring rows): text lines and ruling lines both sharpen it, so pages
    with and without tables work alike.  Coarse steps of 0.25°, then halving to about 0.02°."""
    import cv2
    import numpy as np

    h, w = gray.shape
    scale = min(1.0, SKEW_SIDE / max(h, w))
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA) \
        if scale < 1 else gray
    bw = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    ys, xs = np.nonzero(bw)
    if len(xs) < 200:
        return 0.0
    if len(xs) > 200_000:
        pick = np.random.default_rng(0).choice(len(xs), 200_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    height, width = small.shape
    xs = xs.astype(np.float32) - width / 2
    ys = ys.astype(np.float32)

    def sharpness(angle: float) -> float:
        t = np.radians(angle)
        rows = (ys * np.cos(t) + xs * np.sin(t) + width).astype(np.int32)
        profile = np.bincount(rows, minlength=height + 2 * width).astype(np.float64)
        steps = np.diff(profile)
        return float(np.dot(steps, steps))

    best = max(np.arange(-SKEW_LIMIT, SKEW_LIMIT + 1e-6, 0.25), key=sharpness)
    step = 0.25
    while step > 0.02:
        step /= 2
        best = max((best - step, best, best + step), key=sharpness)
    return -float(best) if abs(best) >= 0.03 else 0.0


def rotate(gray, angle: float):
    """The page turned by `angle` degrees (counter-clockwise), corners filled with paper."""
    import cv2

    if abs(angle) < 0.03:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def ink(gray):
    """Where the page has ink: clearly darker than its paper (the 90th percentile of the page,
    so a grey scan and a white one are judged alike).  Text, signs and rules; not a hairline's
    faint edge, for which line_masks uses a lower threshold."""
    return gray < paper_level(gray) - 80


def line_masks(gray):
    """The ruling lines of the page as one mask: long horizontal and vertical runs of ink,
    thickened a little so that cells close."""
    import cv2

    # Ruling lines are often hairlines, lighter than text: anything clearly darker than the paper.
    paper = paper_level(gray)
    bw = ((gray < paper - 40) * 255).astype("uint8")
    h, w = bw.shape
    horiz = _runs(bw, (max(25, w // 35), 1))
    # a vertical rule spans at least one table row (16+ pt); a character's stroke at most its
    # height (10.5-12 pt): the cut-off is about 14 pt of the page height (11 in)
    vert = _runs(bw, (1, max(25, h // 56)))
    # bridge the gaps JPEG noise, rotation and stamps leave in thin lines
    horiz = cv2.morphologyEx(horiz, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (41, 1)))
    vert = cv2.morphologyEx(vert, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 41)))
    vert = cv2.bitwise_or(vert, _rules_between(bw, horiz, max(12, h // 140)))
    grid = cv2.bitwise_or(horiz, vert)
    return cv2.dilate(grid, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=1)


BESIDE_A_RULE = 0.25  # at most this share of a rule's length has ink just beside it (crossing rules, a touching glyph)


def _runs(bw, kernel: tuple[int, int]):
    """Long runs of ink along one direction: ruling lines.

    A hairline broken every few pixels by specks of paper (salt noise, a worn copier drum,
    dithering) is still a line, so runs are also sought with one-pixel gaps closed.  Closing
    also joins the strokes of neighbouring characters into runs as long as a short rule; those
    have other strokes crossing them, a rule has paper on both sides.  So a run found only
    after closing is kept when it stands alone, one found without closing always."""
    import cv2
    import numpy as np

    plain = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    along = (3, 1) if kernel[0] > kernel[1] else (1, 3)
    closed = cv2.morphologyEx(cv2.morphologyEx(bw, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, along)),
                              cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    extra = cv2.bitwise_and(closed, cv2.bitwise_not(plain))
    if not extra.any():
        return plain
    n, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    found = np.bincount(labels[plain > 0].ravel(), minlength=n) > 0
    ink = bw > 0
    h, w = bw.shape
    keep = np.zeros(n, dtype=bool)
    for i in range(1, n):
        x, y, cw, ch = stats[i, :4]
        if found[i]:
            keep[i] = True
            continue
        if kernel[0] > kernel[1]:
            beside = ink[max(0, y - 3), x:x + cw] | ink[min(h - 1, y + ch + 2), x:x + cw]
        else:
            beside = ink[y:y + ch, max(0, x - 3)] | ink[y:y + ch, min(w - 1, x + cw + 2)]
        keep[i] = beside.mean() <= BESIDE_A_RULE
    return np.where(keep[labels], 255, 0).astype(bw.dtype)


def _rules_between(bw, horiz, shortest: int):
    """Vertical rules shorter than the cut-off that run from one horizontal rule to the next: the
    border between two cells of a one-line row, where merged cells above and below interrupt
    the column's rule.  A character's stroke does not reach both rules of its row."""
    import cv2
    import numpy as np

    short = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, shortest)))
    near = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(short, connectivity=8)
    width = bw.shape[1]

    def alone(x: int, y: int, cw: int, ch: int) -> bool:
        """Paper beside the segment along its length, as beside a rule (strokes of a character
        have others crossing them)."""
        inner = slice(y + 3, y + ch - 3)
        left, right = bw[inner, max(0, x - 3)], bw[inner, min(width - 1, x + cw + 2)]
        return ch > 6 and ((left > 0) | (right > 0)).mean() < 0.1

    kept = [i for i in range(1, n) if stats[i, 2] <= 6
            and near[stats[i, 1], stats[i, 0]:stats[i, 0] + stats[i, 2]].any()
            and near[stats[i, 1] + stats[i, 3] - 1, stats[i, 0]:stats[i, 0] + stats[i, 2]].any()
            and alone(*stats[i, :4])]
    return (np.isin(labels, kept) * 255).astype(short.dtype)


def table_cells(gray) -> list[list[tuple[int, int, int, int]]]:
    """Each table of the page image as the boxes of its cells, from its ruling lines."""
    return find_tables(line_masks(gray))


def find_tables(grid) -> list[list[tuple[int, int, int, int]]]:
    """Each table as the boxes (x0, y0, x1, y1) of its cells, from the ruling-line mask."""
    import cv2

    h, w = grid.shape
    contours, _ = cv2.findContours(grid, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    tables = []
    for contour in contours:
        x, y, cw, ch = cv2.boundingRect(contour)
        if cw < w * 0.3 or ch < 30:
            continue
        region = 255 - grid[y:y + ch, x:x + cw]
        n, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=4)
        cells = []
        for i in range(1, n):
            cx, cy, cww, chh, area = stats[i]
            if cww < 8 or chh < 8 or area < 100:
                continue
            if cx == 0 or cy == 0 or cx + cww >= cw or cy + chh >= ch:
                continue  # outside the table's outline
            cells.append((x + cx, y + cy, x + cx + cww, y + cy + chh))
        if len(cells) >= 2:
            tables.append(cells)
    return tables
