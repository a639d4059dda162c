"""Scanned declarations: the OCR route, domain repairs, and the team's own scan of the seed."""


import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from conftest import ROOT, SAMPLES
from expected_compare import cell_accuracy, rows_for, scan_scores, truth_from_expected

ocr = pytest.importorskip("budget_declarations.extract.ocr")
if not ocr.available():
    pytest.skip("OCR is not available on this machine (see extract/ocr.py)", allow_module_level=True)

import sys  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from make_scan import Condition, make_scan  # noqa: E402

from budget_declarations.normalize.ocr_repair import repair_target, repair_text, snap_label  # noqa: E402

pytestmark = pytest.mark.ocr  # every test here runs the OCR models or makes scans for them

SEED_PDF = SAMPLES / "000_seed.pdf"
FLOOR = 0.98  # the acceptance floor for indicator cells and for header and funds fields
NARRATIVE_FLOOR = 0.95  # and for narrative characters


# -- domain repairs (pure) -------------------------------------------------------------------
@pytest.mark.parametrize("read,fixed", [
    ("服务对象满意度指杯", "服务对象满意度指标"),
    ("效益指际", "效益指标"),
    ("年度资金申请总頟", "年度资金申请总额"),
    ("平台建设数", "平台建设数"),  # an ordinary 三级指标 stays
    ("单位满意度", "单位满意度"),
    ("——级指标", "一级指标"),  # 一 read as a run of dashes (impulse noise, issue 24)
    ("项目名称1", "项目名称"),  # a speck after the label read as a digit
    ("2024-2026", "2024-2026"),
    # a component's label whose last line noise took (普陀-style form under impulse noise)
    ("其中：当年", "其中：当年财政拨款"),
    ("其中:当年", "其中：当年财政拨款"),
    ("其中：财政", "其中：财政资金"),
    ("其中：当", "其中：当"),  # too little of it left to be sure
    ("服务对象满意", "服务对象满意"),  # content that begins a label is not completed
])
def test_snap_label(read, fixed):
    assert snap_label(read) == fixed


@pytest.mark.parametrize("read,fixed", [
    ("290.00(%)", "≥90.00(%)"),  # ≥ read as 2: a percentage above 100 in this pattern has no other reading
    ("≥9O.00(%)", "≥90.00(%)"),
    ("447，200.00", "447,200.00"),
    ("150.00(%)", "150.00(%)"),  # 50.00 with a 1? not certain: left alone
    ("≥52万头、(只)", "≥52万头(只)"),
    ("万头、\n(只)", "万头(只)"),  # the unit cell alone
    ("一、（一）", "一、（一）"),  # a numbering's 、 stays
    ("=3000.00(元/入/月)", "=3000.00(元/人/月)"),  # 入 is in no unit; 人, the one unit character like it, is
    ("=180.00(元/入/天)", "=180.00(元/人/天)"),
    ("≥600卢", "≥600户"),
    ("卢", "户"),  # a unit in a column of its own
    ("≥600声", "≥600户"),  # 声 (a 1-bit fax's 户) is in no unit either
    ("声", "户"),
    ("≥12(元/生/年)", "≥12(元/生/年)"),  # a denominator no unit list has, with no look-alike: as read
    ("100人入学", "100人入学"),  # a word after a number is not a unit's character
    ("八", "八"),  # a numeral is not mended into 人
    ("入户3次", "入户3次"),
    ("公重", "公里"),  # a unit word one look-alike away from exactly one unit word
    ("50公芹", "50公斤"),
    ("≥52方头(只)", "≥52万头(只)"),  # 万 read as 方 before the unit it multiplies
    ("1000方", "1000方"),  # 方 alone is a cubic metre
    ("18.", "18"),  # a speck after the last digit read as a point
    ("12↑", "12个"),
    ("12,000,000-", "12,000,000"),  # a speck at the cell's edge read as a dash
    ("12,000,000-.00", "12,000,000.00"),  # … and before the point of a wrapped amount
    ("3..50", "3.50"),
    ("12,500,000\n00", "12,500,000.00"),  # wrapped in a narrow cell, the point lost
    ("121,800:00", "121,800.00"),  # the point read as a colon
    ("9:30", "9:30"),  # a time stays
    ("≤2025年15月", "≤2025年5月"),  # no year has a 15th month: the 1 was a speck
    ("≤: ", "≤"),  # a speck beside a list form's lone sign read as a colon
    ("≤:2025年11月", "≤2025年11月"),
    ("≥、90", "≥90"),
    ("≥.5", "≥.5"),  # a point may be what is left of 0.5: not dropped
    ("≤2025年12月", "≤2025年12月"),
    ("15个月", "15个月"),
    ("=0趣", "=0起"),  # 起 (incidents) read as 趣
    ("1,234", "1,234"),
    ("2024-2026", "2024-2026"),
    ("3.2", "3.2"),
    ("及时", "及时"),
])
def test_repair_target(read, fixed):
    assert repair_target(read) == fixed


@pytest.mark.parametrize("read,fixed", [
    ("项目经费情况说明1+", "项目经费情况说明1"),  # specks of noise read as marks after a heading
    ("立项依据-00", "立项依据"),
    ("迭代等。9..", "迭代等。"),
    ("2024-2026", "2024-2026"),  # a range stays
    ("合计44.07万元。", "合计44.07万元。"),
    ("A+", "A+"),  # a grade stays
])
def test_repair_text_drops_specks_at_a_lines_end(read, fixed):
    assert repair_text(read) == fixed


def test_uneven_light_is_evened_and_even_light_left_alone():
    """A phone photo's shadow: paper from white to dark grey across the page.  After cleaning,
    paper is paper everywhere (ink thresholds compare with it) and text stays dark; an evenly
    lit page comes back untouched."""
    from budget_declarations.extract import scan_image

    page = np.full((800, 600), 250, np.uint8)
    page[100:110, 50:550] = 20  # a line of "text" across the page
    ramp = np.linspace(1.0, 0.55, 600)[None, :]
    shadowed = (page * ramp).astype(np.uint8)
    assert shadowed[300, 590] < 150  # paper in the shadow, darker than any ink threshold
    even = scan_image.clean(shadowed)
    assert even[300, 590] > 230 and even[300, 10] > 230
    assert even[105, 540] < 80 and even[105, 60] < 80
    assert scan_image.clean(page) is page or (scan_image.clean(page) == page).all()


def test_repair_text_punctuation():
    assert repair_text('“G60科创云"平台·集聚丶共享°') == "“G60科创云”平台。集聚、共享。"
    assert repair_text("及时组织各类活动’确保参加对象参与率。") == "及时组织各类活动，确保参加对象参与率。"
    assert repair_text("他说‘好’就行") == "他说‘好’就行"  # a real quotation stays
    assert repair_text("金额单位：方元") == "金额单位：万元"  # 方元 is no currency: 万 read as 方
    assert repair_text("土方1000方") == "土方1000方"
    assert repair_text("示例街道办事处α") == "示例街道办事处。"  # a speckled 。 read as α
    assert repair_text("《三年行动计划》·") == "《三年行动计划》。"
    # 目 with a speck reads 自; words where 自 is right stay
    assert repair_text("详见单位的项目绩效自标表") == "详见单位的项目绩效目标表"
    assert repair_text("“建设项自(二类费用)”项自:等保") == "“建设项目(二类费用)”项目:等保"
    assert repair_text("其他经常性项自") == "其他经常性项目"
    assert repair_text("开展各项自查，各自标准不一，各项自主可控") == "开展各项自查，各自标准不一，各项自主可控"


# -- image handling --------------------------------------------------------------------------
def _page_image(index=1, dpi=200):
    pdf = pdfium.PdfDocument(str(SEED_PDF))
    try:
        return pdf[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


@pytest.mark.parametrize("angle", [0.0, 0.2, 0.5, -1.0, 3.0])
def test_deskew_finds_the_rotation(angle):
    image = _page_image().rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    assert ocr.skew_angle(np.array(image)) == pytest.approx(-angle, abs=0.05)


def test_a_straight_page_stays_straight():
    for index in (0, 1, 5):
        assert ocr.skew_angle(np.array(_page_image(index))) == 0.0


def test_hairlines_survive_cleaning():
    """A one-pixel rule (bilevel or JPEG scans of forms) is still a rule after cleaning."""
    from budget_declarations.extract import scan_image

    page = np.full((1100, 850), 255, np.uint8)
    page[200:201, 100:750] = 0  # horizontal hairlines
    page[600:601, 100:750] = 0
    page[200:601, 100:101] = 0  # vertical hairlines
    page[200:601, 749:750] = 0
    page[200:601, 400:401] = 0
    cells = scan_image.table_cells(scan_image.clean(page))
    assert len(cells) == 1 and len(cells[0]) == 2


def test_specks_go_hairlines_and_full_stops_stay():
    """Salt and pepper over a ruled page: the specks are taken out, a one-pixel rule broken every
    few pixels by paper is still a rule, and a full stop (as wide as a stroke) is kept (issue 24)."""
    from budget_declarations.extract import scan_image

    rng = np.random.default_rng(24)
    page = np.full((1100, 850), 255, np.uint8)
    page[200:201, 100:750] = 0
    page[600:601, 100:750] = 0
    page[200:601, 100:101] = 0
    page[200:601, 749:750] = 0
    page[200:601, 400:401] = 0
    for x in range(130, 380, 12):  # a line of text: strokes 3 pixels wide
        page[300:330, x:x + 3] = 0
        page[314:317, x:x + 9] = 0
    page[400:403, 200:203] = 0  # a full stop, as wide as a stroke
    hit = rng.random(page.shape)
    page[hit < 0.005] = 0  # pepper
    page[(hit >= 0.005) & (hit < 0.01)] = 255  # salt, also on the rules
    cleaned = scan_image.clean(page)
    assert np.count_nonzero(cleaned < 128) < np.count_nonzero(page < 128) * 0.6  # most specks gone
    assert (cleaned[400:403, 200:203] < 128).sum() >= 8  # the full stop kept
    cells = scan_image.table_cells(cleaned)
    assert len(cells) == 1 and len(cells[0]) == 2


def _faint_ruled_page_under_pepper(seed: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """A form printed in faint toner (strokes and one-pixel rules grey 120) and the same page under
    impulse noise: 3% of its pixels black."""
    page = np.full((1100, 850), 245, np.uint8)
    page[200:201, 100:750] = 120  # one-pixel rules
    page[600:601, 100:750] = 120
    page[200:601, 100:101] = 120
    page[200:601, 749:750] = 120
    page[200:601, 400:401] = 120
    for x in range(130, 380, 24):  # a line of text: strokes 3 pixels wide, characters apart
        page[300:330, x:x + 3] = 120
        page[314:317, x:x + 12] = 120
        page[300:303, x + 8:x + 14] = 120
    noisy = page.copy()
    noisy[np.random.default_rng(seed).random(page.shape) < 0.03] = 0
    return page, noisy


def test_pepper_on_faint_strokes_and_rules_goes_and_leaves_no_holes():
    """ImageMagick's impulse noise on faint toner: black dots on strokes are part of their ink for
    the despeckler, and turned 亩 into 苗.  Each is made as dark as what it sits on: the strokes
    come back as printed; the rules are not touched (no hole where a dot sat on one)."""
    from budget_declarations.extract import scan_image

    page, noisy = _faint_ruled_page_under_pepper()
    cleaned = scan_image.clean(noisy)  # the specks standing alone first (_despeckle), then the pepper
    strokes = page[280:340, 120:400] == 120
    assert (cleaned[280:340, 120:400][strokes] == 120).mean() > 0.97  # the strokes' own grey
    # dots alone and in pairs go (clusters of three, and dots the rule finder took for rule, stay: 13%)
    assert np.count_nonzero(cleaned[280:340, 120:400] == 0) < 0.2 * np.count_nonzero(noisy[280:340, 120:400] == 0)
    assert cleaned[200, 100:750].max() <= 120  # the rule untouched: no hole opened (its dots stay)
    assert len(scan_image.table_cells(scan_image.clean(noisy))[0]) == 2


def test_black_print_hairlines_and_dithered_pages_are_no_pepper():
    """Black print (strokes and one-pixel rules as dark as the dots) keeps every stroke and rule
    pixel under impulse noise, also where salt broke a rule; a clean page and a 1-bit page are
    left as they are.  Pepper counted on scans (per megapixel, after _despeckle): ImageMagick's
    impulse noise 1,100–2,300; our generator's specks at 0.5–2% 16–201; clean, photocopied and
    photographed pages 0."""
    from budget_declarations.extract import scan_image

    page, _ = _faint_ruled_page_under_pepper()
    black = np.where(page < 200, 0, 255).astype(np.uint8)
    assert (scan_image._pepper_on_strokes(black) == black).all()
    black[np.random.default_rng(3).random(black.shape) < 0.03] = 0  # under impulse noise …
    black[200, 300:750:7] = 255  # … and salt on a rule
    cleaned = scan_image._pepper_on_strokes(black)
    rule = black[200, 100:750] == 0
    assert (cleaned[200, 100:750][rule] == 0).all() and (cleaned[200:601, 400] == 0).all()  # … its hairlines whole
    assert (cleaned[280:340, 120:400][page[280:340, 120:400] == 120] == 0).all()  # and its strokes
    dithered = np.where(np.random.default_rng(2).random(page.shape) < 0.2, 0, 255).astype(np.uint8)
    assert (scan_image._pepper_on_strokes(dithered) == dithered).all()


def _on_a_page(crop: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """A crop of a real scan put back on a white page of the scan's size (the thresholds of
    line_masks scale with the page)."""
    page = np.full(shape, 255, np.uint8)
    page[1000:1000 + crop.shape[0], 100:100 + crop.shape[1]] = crop
    return page


@pytest.mark.parametrize("name,shape,want", [
    # 150 dpi Floyd-Steinberg 1-bit, rendered at 200 dpi: the header row's text (二级指标) pitted
    # by dithering must not become rules once one-pixel gaps are closed (it split the header in 3)
    ("dither150_header_rows", (2200, 1700), [(37, 108), (237, 108), (237, 143), (437, 108), (437, 144),
                                              (637, 108), (637, 144), (837, 108), (837, 143)]),
    # a 2-pixel rule broken by salt specks every few pixels, on a page whose ink is otherwise clean
    # (the continuation row of a table split across pages lost its lower rule)
    ("salt_broken_rule", (1700, 2200), [(22, 23), *((x, y) for x in (164, 305, 447, 589, 730, 872, 1014, 1155)
                                                    for y in (23, 53, 142))]),
])
def test_rules_under_noise_are_found_and_text_is_not_a_rule(name, shape, want):
    """Crops of the project's own office-noise scans (issue 24), cut after cleaning and deskew."""
    from budget_declarations.extract import scan_image

    crop = np.array(Image.open(ROOT / "tests" / "fixtures" / "scan_crops" / f"{name}.png").convert("L"))
    tables = scan_image.table_cells(_on_a_page(crop, shape))
    assert len(tables) == 1
    corners = sorted((int(x0) - 100, int(y0) - 1000) for x0, y0, *_ in tables[0])
    assert len(corners) == len(want)
    assert all(abs(x - wx) <= 2 and abs(y - wy) <= 2 for (x, y), (wx, wy) in zip(corners, sorted(want)))


def test_red_seal_is_lifted_but_text_under_it_stays():
    from budget_declarations.extract import scan_image

    rgb = np.full((200, 200, 3), 255, np.uint8)
    rgb[50:150, 50:150] = (230, 60, 60)  # seal ink on paper
    rgb[90:110, 20:180] = (10, 10, 10)  # black text, partly under the seal
    gray = scan_image.to_gray(rgb)
    assert gray[60, 60] > 230  # paper under the seal is paper again
    assert gray[100, 100] < 60 and gray[100, 30] < 60  # text under and beside the seal is text


SUBSET = [0, 1, 2]  # project 1 whole: its narrative and its form


@pytest.mark.parametrize("condition", [
    Condition(angle=0.0),  # a clean, unrotated scan
    Condition(angle=180.0),  # fed upside down
    Condition(angle=0.5, mode="colour", seal=True),  # a red seal stamped over the form
    Condition(angle=-1.5, mode="bilevel", dpi=300),  # 1-bit, 300 dpi, turned the other way
    # scans as offices make them (issue 24): one case per family
    Condition(angle=0.0, specks=0.02),  # salt and pepper, dense
    Condition(angle=1.2, noise=12, blur=0.8, contrast=0.75, quality=60),  # a photocopier
    Condition(angle=-0.7, dither=True),  # a fax-grade page, dithered to 1 bit
    Condition(angle=2.5, keystone=0.02, light=0.45, quality=70),  # a phone photo
], ids=lambda c: c.label)
def test_scan_conditions(tmp_path, expected, condition):
    """Representative cases of benchmarks/scan_matrix.py: every value of project 1 at the floors."""
    scan = make_scan(SEED_PDF, tmp_path / "scan.pdf", pages=SUBSET, condition=condition)
    tables = rows_for(scan)
    scores = scan_scores(tables, truth_from_expected(expected, {1}))
    shares = {k: ok / total for k, (ok, total) in scores.items()}
    assert shares["indicators"] >= FLOOR, shares
    assert shares["header"] >= FLOOR, shares
    assert shares["narrative"] >= NARRATIVE_FLOOR, shares


def test_scan_of_a_form_printed_without_rules(tmp_path, expected):
    """The seed printed with its borders off (tests/fixtures/borderless), scanned: project 1's
    form is rebuilt from the text's alignment (extract/borderless.py) at the same floors."""
    from conftest import FIXTURES

    scan = make_scan(FIXTURES / "borderless" / "000_seed.pdf", tmp_path / "scan.pdf", pages=SUBSET,
                     condition=Condition(angle=-0.5))
    scores = scan_scores(rows_for(scan), truth_from_expected(expected, {1}))
    shares = {k: ok / total for k, (ok, total) in scores.items()}
    assert shares["indicators"] >= FLOOR and shares["header"] >= FLOOR, shares
    assert shares["narrative"] >= NARRATIVE_FLOOR, shares


def test_list_layout_fed_upside_down(tmp_path):
    """The list layout (comparators in a column of their own: lone ≥ ≤ ＝ in narrow cells) scanned
    upside down: every indicator cell as printed.  The recogniser reads a lone sign as `N`, `#`
    or `三`; its shape says which sign it is (extract/sign_shapes.py)."""
    from conftest import FIXTURES
    from expected_compare import truth_from_layout
    from layout_documents import LAYOUTS

    scan = make_scan(FIXTURES / "layouts" / "list_table.pdf", tmp_path / "scan.pdf", condition=Condition(angle=180.0))
    truth = truth_from_layout(next(layout for layout in LAYOUTS if layout["name"] == "list_table"))
    scores = scan_scores(rows_for(scan), truth)
    assert scores["indicators"][0] == scores["indicators"][1], scores
    assert scores["header"][0] == scores["header"][1], scores


@pytest.mark.parametrize("first,rest,turned,want,readings", [
    # the two longest lines read surely: upright, the others not read, nothing turned
    ((0.97, 0.90), None, None, False, 1),
    # not both sure: all samples read; surely enough on average, so no turned reading
    ((0.97, 0.89), 0.85, None, False, 2),
    ((0.85, 0.85), 0.85, None, False, 2),  # the edge: even a perfect turned reading gains 0.15, not more
    ((0.84, 0.84), 0.84, 0.98, False, 3),
    ((0.40, 0.40), 0.40, 0.97, True, 3),
    ((0.60, 0.60), 0.60, 0.60, False, 3),
])
def test_the_turned_reading_is_made_only_when_it_could_win(monkeypatch, first, rest, turned, want, readings):
    """Telling an upside-down page costs a reading of sample lines both ways; on an upright page
    whose two longest lines read surely the other samples are not read, and on one read with
    confidence the turned reading cannot decide otherwise and is not made (it was a tenth of a
    page's time)."""
    from budget_declarations.extract import ocr_engine

    made = []

    def recognise(crops):
        made.append(len(crops))
        if crops[0][0, 0, 0] == 0:  # the marked corner is top left: read upright
            scores = list(first) if len(made) == 1 else [rest] * len(crops)
        else:
            scores = [turned] * len(crops)
        assert None not in scores, f"a reading that could not change the answer was made: {made}"
        return [("示例", score) for score in scores]

    monkeypatch.setattr(ocr_engine, "recognise", recognise)
    crops = [np.full((20, 400, 3), 255, np.uint8) for _ in range(4)]
    for c in crops:
        c[0, 0] = 0
    assert ocr_engine.upside_down(crops) is want
    assert len(made) == readings
    assert made[0] == ocr_engine.SURE_SAMPLES


def test_paper_level_is_numpys_90th_percentile():
    from budget_declarations.extract.scan_image import paper_level

    rng = np.random.default_rng(7)
    for size in (1, 2, 3, 10, 997, 40_000):
        for gray in (rng.integers(0, 256, size), np.clip(rng.normal(200, 30, size), 0, 255)):
            gray = gray.astype(np.uint8).reshape(1, -1)
            assert paper_level(gray) == float(np.percentile(gray, 90))


def test_a_mark_cut_off_its_line_is_read_with_it(tmp_path):
    """`…办法》。` upside down: the detector's line is cut at the white between 》 and 。, and 。
    alone reads as `e` at 0.1; the line takes the mark back and is read again whole, instead of
    the whole line falling below the confidence floor."""
    from conftest import FIXTURES

    scan = make_scan(FIXTURES / "putuo_style_2026.pdf", tmp_path / "scan.pdf", pages=[1], condition=Condition(angle=180.0))
    (project,) = rows_for(scan)["projects"]
    assert project["basis"] == "《示例区老年助餐服务管理办法》。"


def test_an_unreadable_piece_does_not_sink_its_line():
    from budget_declarations.extract.ocr import _box_line, _rejoin_punctuation

    def piece(x0, x1, text, score, joins=False):
        line = _box_line(x0, 100, x1, 135)
        line.text, line.score, line.joins_previous = text, score, joins
        return line

    title, mark = piece(265, 675, "《示例区老年助餐服务管理办法》", 0.998), piece(694, 704, "e", 0.12, joins=True)
    (line,) = _rejoin_punctuation([title, mark])
    assert (line.text, line.score, line.absorbed) == ("《示例区老年助餐服务管理办法》", 0.998, True)
    assert line.bbox[2] == 704  # the box reaches over the mark, to be read again whole
    words, cell = piece(100, 300, "灌溉设施", 0.99), piece(400, 600, "95%", 0.95, joins=True)
    assert [l.text for l in _rejoin_punctuation([words, cell])] == ["灌溉设施", "95%"]  # two cells stay two
    joined = _rejoin_punctuation([piece(100, 300, "《办法》", 0.99), piece(330, 345, "。", 0.9, joins=True)])
    assert [(l.text, l.absorbed) for l in joined] == [("《办法》。", False)]


def test_png_page_is_read_as_a_form(tmp_path):
    path = tmp_path / "page2.png"
    _page_image(1).save(path)
    tables = rows_for(path)
    doc = tables["documents"][0]
    assert doc["source_format"] == "image" and doc["status"] == "ok"
    (project,) = tables["projects"]
    assert project["project_name"] == "松江区长三角G60科创云平台信息化建设项目"
    assert str(project["annual_request"]) == "447200.00"
    assert 0 < project["ocr_confidence"] <= 1
    assert tables["indicators"][0]["level1"] == "成本指标"


def test_mixed_pdf_uses_each_pages_route(tmp_path, expected):
    """Page 2 scanned, the rest with a text layer: each page is read its own way."""
    scan = make_scan(SEED_PDF, tmp_path / "p2.pdf", pages=[1])
    mixed = pdfium.PdfDocument(str(SEED_PDF))
    mixed.del_page(1)
    mixed.import_pages(pdfium.PdfDocument(str(scan)), index=1)
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    tables = rows_for(path)
    assert tables["documents"][0]["status"] == "ok"
    assert len(tables["projects"]) == 11 and len(tables["indicators"]) == 84
    on_page2 = [i for i in tables["indicators"] if i["page"] == 2]
    others = [i for i in tables["indicators"] if i["page"] != 2]
    assert on_page2 and all(i["ocr_confidence"] is not None for i in on_page2)
    assert all(i["ocr_confidence"] is None for i in others)
    indicator_share, header_share = cell_accuracy(tables, expected)
    assert indicator_share >= 0.99 and header_share >= 0.99


@pytest.mark.slow
def test_scan_of_the_seed(tmp_path, expected):
    """The team's scan of the whole seed (21 pages, 200 dpi grayscale JPEG, rotated half a degree)
    through the command line at its default settings: no timeout flag, and every value at the floors."""
    from budget_declarations.api import load
    from budget_declarations.cli import main as cli_main

    scan = make_scan(SEED_PDF, tmp_path / "seed_scan.pdf", dpi=200, angle=0.5, quality=75)
    assert cli_main([str(scan), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    loaded = load(tmp_path / "out")
    tables = {name: frame.astype(object).where(frame.notna(), None).to_dict("records")
              for name, frame in vars(loaded).items()}
    assert tables["documents"][0]["status"] == "ok" and tables["documents"][0]["page_count"] == 21
    scores = scan_scores(tables, truth_from_expected(expected))
    shares = {k: ok / total for k, (ok, total) in scores.items()}
    print(f"OCR scan of the seed: {shares}")
    assert shares["indicators"] >= FLOOR and shares["header"] >= FLOOR, shares
    assert shares["narrative"] >= NARRATIVE_FLOOR, shares
    assert len(tables["projects"]) == 11
    assert all(0 < i["ocr_confidence"] <= 1 for i in tables["indicators"])


def test_a_box_the_detector_tilted_round_a_lone_glyph_is_cut_upright():
    """On a straightened page a box turned by 24° is the detector fitting a diagonal glyph (≤);
    following it would tip the glyph over, so its upright bounding box is cut instead."""
    from budget_declarations.extract import ocr_engine

    page = np.full((100, 100, 3), 255, np.uint8)
    page[40:60, 45:48] = 0  # an upright stroke
    tilted = ocr_engine.Line(np.array([[30, 42], [62, 28], [70, 58], [38, 72]], dtype=np.float32))
    crop = ocr_engine.crop(page, tilted)
    assert crop.shape[:2] == (44, 40)  # the box from (30, 28) to (70, 72)
    dark_columns = np.flatnonzero((crop[..., 0] < 128).any(axis=0))
    assert list(dark_columns) == [15, 16, 17]  # the stroke still upright, not slanted
    straight = ocr_engine.Line(np.array([[10, 10], [90, 12], [90, 30], [10, 28]], dtype=np.float32))
    assert ocr_engine.crop(page, straight).shape[:2] == (18, 80)  # a nearly level line is followed


def _leaning_grid(lean_left: float, lean_right: float):
    """Cells of a 4-column table whose left border leans `lean_left` px per px down and whose right
    border leans `lean_right` (the inner rules in between, as a phone's perspective leaves them):
    a header row, then a first column merged over all the rows beside rows of short cells."""
    xs, top, row_h, rows = [100, 400, 700, 1000, 1300], 100, 80, 14

    def x_at(k: int, y: float) -> float:
        lean = lean_left + (lean_right - lean_left) * k / 4
        return xs[k] + lean * (y - 700)

    def box(k0: int, k1: int, y0: float, y1: float):
        # the white inside: its box reaches as far as the leaning borders do over its height
        return (int(min(x_at(k0, y0), x_at(k0, y1))) + 2, int(y0) + 2,
                int(max(x_at(k1, y0), x_at(k1, y1))) - 2, int(y1) - 2)

    cells = [box(k, k + 1, top, top + row_h) for k in range(4)]
    body_top = top + row_h
    cells.append(box(0, 1, body_top, body_top + rows * row_h))  # 单位名称's value, merged down
    for r in range(rows):
        cells.extend(box(k, k + 1, body_top + r * row_h, body_top + (r + 1) * row_h) for k in range(1, 4))
    return cells


@pytest.mark.parametrize("lean_left,lean_right", [(0.0, 0.0), (-0.02, 0.02), (0.02, -0.02), (0.015, 0.015)])
def test_a_merged_cell_beside_leaning_rules_keeps_its_column(lean_left, lean_right):
    """A phone photo's perspective leans the borders (deskewing turns the page, it cannot make a
    trapezoid square): the box of a cell merged over 14 rows reaches ~20 px further than the
    header above it, beyond the 12 px that make one column; read with the rules upright it
    stays in column 0, and an upright table is read as before."""
    from budget_declarations.extract.ocr import _table_from_cells

    cells = _leaning_grid(lean_left, lean_right)
    positioned, _ = _table_from_cells(cells, [], 1)
    table = positioned.table
    assert table.n_cols == 4
    merged = next(c for c in table.cells if c.rowspan == 14)
    assert (merged.row, merged.col, merged.colspan) == (1, 0, 1)
    assert sorted((c.row, c.col) for c in table.cells if c.row == 0) == [(0, 0), (0, 1), (0, 2), (0, 3)]


def test_a_stroke_in_a_sliver_row_is_not_a_border():
    """A page break leaves the last line of a row at the next page's top, a row thinner than a
    line of text: the upright stroke of 时 reaches both its rules and was taken for a border, so
    `时间` became two cells and every column after it moved by one (an ImageMagick phone photo
    of the list layout).  A border that runs on through other rows stays, in thin rows too, and
    so does any border of a row as tall as its text."""
    from budget_declarations.extract.ocr import _Box, _table_from_cells

    columns = [(100, 300), (304, 372), (376, 500), (504, 640)]
    sliver = [(100, 200, 300, 225), (304, 200, 336, 225), (340, 200, 372, 225), (376, 200, 500, 225),
              (504, 200, 640, 225)]
    body = [(x0, y, x1, y + 80) for y in (229, 313) for x0, x1 in columns]
    text = [_Box(310, 196, 334, 228, "时", 0.99), _Box(342, 196, 366, 228, "间", 0.99),
            _Box(110, 240, 180, 275, "重大动物", 0.99), _Box(380, 240, 440, 275, "反向指标", 0.99)]
    table = _table_from_cells(sliver + body, text, 1)[0].table
    assert table.n_cols == 4
    assert [c.text for c in table.cells if c.row == 0] == ["", "时间", "", ""]
    # the same split in a row as tall as its text is a border (cells of one row, printed so)
    tall = [(x0, 200, x1, 250) for x0, x1 in ((100, 300), (304, 336), (340, 372), (376, 500), (504, 640))]
    assert _table_from_cells(tall + body, text, 1)[0].table.n_cols == 5
    # a thin row's border that other rows share is a rule
    shared = [(x0, y, x1, y + 80) for y in (229, 313) for x0, x1 in ((100, 300), (304, 336), (340, 372), (376, 500), (504, 640))]
    assert _table_from_cells(sliver + shared, text, 1)[0].table.n_cols == 5


def test_a_doubtful_glyph_boxed_over_its_cells_rules_is_read_inside_the_cell():
    """A lone ≥ in a tight cell of the list form under impulse noise: the detector's box took in
    the rules above and below, and the reader saw three bars (`三` at 0.53).  Cut to the cell, its
    shape is read; a line read with confidence, or a box far over a rule, is left as it was."""
    from PIL import ImageDraw

    from budget_declarations.extract import ocr_engine

    image = Image.new("RGB", (200, 80), "white")
    d = ImageDraw.Draw(image)
    d.line([(0, 20), (200, 20)], fill="black", width=2)  # the cell's rules
    d.line([(0, 50), (200, 50)], fill="black", width=2)
    d.line([(60, 26), (76, 32), (60, 38)], fill="black", width=2)  # ≥: a chevron …
    d.line([(60, 44), (76, 44)], fill="black", width=2)  # … over its bar
    rgb = np.array(image)
    cell = (0, 22, 200, 49)

    def box(x0, y0, x1, y1, text, score):
        line = ocr_engine.Line(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32))
        line.text, line.score = text, score
        return line

    sign = box(56, 17, 82, 53, "三", 0.53)
    sure = box(56, 17, 82, 53, "3", 0.99)
    far = box(56, 2, 82, 60, "三", 0.53)
    lines = [sign, sure, far]
    ocr._signs_between_rules(rgb, lines, [ocr_engine.crop(rgb, line) for line in lines], [[cell]])
    assert (sign.text, sign.bbox) == ("≥", (56, 22, 82, 49))
    assert (sure.text, sure.bbox) == ("3", (56, 17, 82, 53))
    assert (far.text, far.bbox) == ("三", (56, 2, 82, 60))


def test_an_empty_cells_glyph_is_boxed_without_the_specks_beside_it():
    """Impulse noise left dots under a faint ≥; boxed with them the crop stood twice as tall as
    wide and was read turned on its side.  A dithered glyph's pieces stay;
    a decimal point between digits is inside their box."""
    cell = np.zeros((40, 60), bool)
    cell[5:15, 10:26] = True  # the sign
    for y in (19, 22, 27, 33):
        cell[y, 18] = True  # a trail of one-pixel specks below it
    cell[36:38, 50:52] = True  # a two-pixel-square speck far off: 4 px of ink against 160
    assert ocr._glyph_extent(cell) == ((10, 5), (25, 14))
    dithered = np.zeros((30, 40), bool)
    dithered[5:12, 5:12] = True
    dithered[5:12, 16:22] = True  # a second piece of the glyph
    dithered[10:12, 13:15] = True  # a decimal point: 4 px against the digits' 49
    dithered[14:16, 23:25] = True  # a speck as large, outside them
    assert ocr._glyph_extent(dithered) == ((5, 5), (21, 11))
    assert ocr._glyph_extent(np.zeros((10, 10), bool)) is None


class _BestPath:
    """CTC best-path decoding over a small alphabet, as the recogniser's own decoding does."""
    character = ["blank", "某", "县", "农", "."]

    def __call__(self, preds):
        out = []
        for steps in preds.argmax(axis=-1):
            text, last = "", 0
            for k in steps:
                if k and k != last:
                    text += self.character[k]
                last = k
            out.append(text)
        return out


def _steps(*rows):
    """Probabilities of each step over (blank, 某, 县, 农, .)."""
    return np.array([rows], dtype=np.float32)


def test_a_character_the_recogniser_hesitated_over_is_kept():
    """The repeated 某 of `某某县` in a speckled cell: at the first 某's place the blank won at
    0.25 against 某 at 0.22, and the line read `某县`."""
    from budget_declarations.extract.ocr_engine import _KeepHesitantCharacters

    decode = _KeepHesitantCharacters(_BestPath())
    blank, mou, xian = (1, 0, 0, 0, 0), (0, 1, 0, 0, 0), (0, 0, 1, 0, 0)
    hesitant = (0.25, 0.22, 0.0, 0.12, 0.0)
    assert decode(_steps(blank, hesitant, blank, mou, blank, xian)) == ["某某县"]
    assert decode(_steps(blank, mou, hesitant, mou, blank, xian)) == ["某县"]  # beside 某 it is that 某
    assert decode(_steps(blank, (0.5, 0.4, 0, 0, 0.1), mou, blank, xian)) == ["某县"]  # blank sure enough
    assert decode(_steps(blank, (0.3, 0.1, 0, 0, 0.28), blank, mou, xian)) == ["某县"]  # a speck read as a point: no
    assert decode(_steps(blank, (0.25, 0.0, 0, 0, 0.2), blank, mou, xian)) == ["某县"]
