"""PDF input: the seed as a Word-exported PDF, the three real 普陀 department budgets, bad PDFs."""

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter

from conftest import FIXTURES, SAMPLES, SEED_TXT
from expected_compare import comparable, mismatches, norm, rows_for
from budget_declarations.extract.pdf import read_pdf
from budget_declarations.extract.model import TextBlock

SEED_PDF = SAMPLES / "000_seed.pdf"
REAL = {
    "wanli2024": SAMPLES / "shanghai_putuo_wanli_jiedao_2024_dept_budget.pdf",
    "wanli2025": SAMPLES / "shanghai_putuo_wanli_jiedao_2025_dept_budget.pdf",
    "zhengfuban2025": SAMPLES / "shanghai_putuo_zhengfuban_2025_dept_budget.pdf",
}


def test_seed_pdf_every_expected_field(expected):
    tables = rows_for(SEED_PDF)
    assert tables["documents"][0]["status"] == "ok"
    assert tables["documents"][0]["page_count"] == 21
    assert mismatches(tables, expected) == []


def test_seed_pdf_same_rows_as_text_and_pages_recorded():
    seed, pdf = rows_for(SEED_TXT), rows_for(SEED_PDF)
    drop = ("doc_id", "page")
    assert comparable(pdf, "projects", drop) == comparable(seed, "projects", drop)
    assert comparable(pdf, "indicators", drop) == comparable(seed, "indicators", drop)
    pages = [r["page"] for r in pdf["indicators"]]
    assert all(isinstance(p, int) and 1 <= p <= 21 for p in pages) and pages == sorted(pages)
    # project 1's form starts on page 2 and its indicator table runs on to page 3
    assert [r["page"] for r in pdf["indicators"] if r["project_no"] == 1] == [2, 3, 3, 3, 3, 3]


def test_a_funds_block_cut_by_a_page_break_reads_as_the_word_file():
    """The 普陀-style sample printed by LibreOffice: the page breaks between `其中：当年` and
    `财政拨款` and inside `12,000,000` | `.00`; `财政拨款` is a label of its own, yet with the piece
    above it is `其中：当年财政拨款`, and every value equals what the Word file reads."""
    word, pdf = rows_for(SAMPLES / "putuo_style_2026.docx"), rows_for(FIXTURES / "putuo_style_2026.pdf")
    assert comparable(pdf, "projects") == comparable(word, "projects")
    assert comparable(pdf, "indicators", ("doc_id", "page")) == comparable(word, "indicators", ("doc_id", "page"))
    assert str(pdf["projects"][0]["annual_appropriation"]) == "3600000.00"


def test_a_row_cut_by_a_page_break_is_joined_where_the_pieces_make_one_item():
    from budget_declarations.extract.model import Cell, Table
    from budget_declarations.extract.tables import PositionedTable, repair_continuation

    def table(rows, fill):
        cells = [Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
        positioned = PositionedTable(Table(cells), top=0.0)
        positioned.boxes = {(r, c): (100.0 * c, 100.0 * c + 90) for r, row in enumerate(rows) for c in range(len(row))}
        positioned.fill = {(len(rows) - 1, c): f for c, f in enumerate(fill)}
        return positioned

    prev = table([["其中：财政", "12,000,000", "其中：当年", "3,600,000."]], [1.0, 1.0, 1.0, 1.0])
    cur = table([["资金", ".00", "财政拨款", "00"]], [0.3, 0.3, 0.5, 0.2])
    repair_continuation(prev, cur)
    assert prev.table.grid() == [["其中：财政资金", "12,000,000.00", "其中：当年财政拨款", "3,600,000.00"]]
    assert cur.table.grid() == [["", "", "", ""]]
    # a label under a full cell that does not make one item with it starts a new row
    prev = table([["其中：财政", "12,000,000.00"]], [1.0, 1.0])
    cur = table([["其他资金", "0.00"]], [0.5, 0.3])
    repair_continuation(prev, cur)
    assert cur.table.grid() == [["其他资金", "0.00"]]


# Values written down by hand from the PDFs (pages 31, 33 and 22).
REAL_HAND_CHECKED = {
    "wanli2024": {
        "document": {"title": "上海市普陀区2024年区级部门预算", "department": "上海市普陀区人民政府万里街道办事处",
                     "fiscal_year": 2024, "declared_project_count": 50, "declared_total_yuan": 56348100.0,
                     "page_count": 33},
        "narrative_title": None,
        "starts": {"overview": "由上海市普陀区人民政府万里街道办事处建设的万里街道社区公共服务中心新建工程",
                   "basis": "本工程是为了更游校的整合社区公共服务资源",
                   "implementer": "本工程由建设单位万里街道办事处建设",
                   "implementation_plan": "本工程紧临两条城市道路路口"},
        "exact": {"implementation_period": "第一季度审价、审计第二季度审价、审计第三季度支付尾款第四季度支付尾款。",
                  "budget_arrangement": "第一季度用款计划158.05万元，第二季度用款计划158.05万元，第三季度用款计划158.05万元，第四季度用款计划158.05万元。",
                  "performance_goal_note": "建成后作为万里街道社区事务受理、社区管理、社区文化艺术活动场所。更有效的整合社区公共服务资源，为周边居民提供便捷、优质的社区服务和生活配套设施。"},
        "ends": {"overview": "主楼、裙楼上部结构采用装配整体式钢筋混凝土框架结构。"},
    },
    "wanli2025": {
        "document": {"title": "上海市普陀区2025年区级部门预算", "department": "上海市普陀区人民政府万里街道办事处",
                     "fiscal_year": 2025, "declared_project_count": 49, "declared_total_yuan": 88259800.0,
                     "page_count": 31},
        "narrative_title": None,
        "starts": {"overview": "由上海市普陀区人民政府万里街道办事处建设的万里街道社区公共服务中心新建工程"},
        "exact": {"implementation_period": "第一至四季度支付尾款。",
                  "budget_arrangement": "第一季度用款计划15万元，第二季度用款计划15万元，第三季度用款计划15万元，第四季度用款计划15万元。"},
        "ends": {"implementation_plan": "4、建筑里面稳重大气，符合公共服务建筑气质。"},
    },
    "zhengfuban2025": {
        "document": {"title": "上海市普陀区2025年区级部门预算", "department": "上海市普陀区人民政府办公室",
                     "fiscal_year": 2025, "declared_project_count": 11, "declared_total_yuan": 66260000.0,
                     "page_count": 22},
        "narrative_title": "区政府督查及建议提案工作业务经费",
        "starts": {},
        "exact": {"overview": "主要推进区委、区政府年度重点工作、为民办实事、人大代表建议政协提案办理等工作所需的咨询、设计、调查、技术服务等业务支撑，确保相关工作能更好提升市民满意度。",
                  "basis": "《区委、区政府2024年重点工作任务书》和《区政府2024年重点工作任务书》。",
                  "implementer": "主要完成区委、区政府年度重点工作任务书印制工作，使全区各单位进一步明晰自身目标任务，按时间节点推进各项任务。",
                  "implementation_plan": "结合区政府重点工作推进情况，定期开展。",
                  "implementation_period": "2025全年度。",
                  "budget_arrangement": "结合区政府重点工作推进情况，根据合同条款，按时拨付资金。",
                  "performance_goal_note": "详见单位的项目绩效目标表"},
        "ends": {},
    },
}
SECTIONS = ["overview", "basis", "implementer", "implementation_plan", "implementation_period",
            "budget_arrangement", "performance_goal_note"]


@pytest.mark.parametrize("name", list(REAL))
def test_real_department_budget(name):
    want = REAL_HAND_CHECKED[name]
    tables = rows_for(REAL[name])
    doc = tables["documents"][0]
    assert doc["status"] == "ok"
    assert {k: norm(doc[k]) for k in want["document"]} == {k: norm(v) for k, v in want["document"].items()}
    # one narrative, nothing invented from the 20+ pages of budget tables, no form
    assert len(tables["projects"]) == 1 and tables["indicators"] == []
    project = tables["projects"][0]
    assert project["narrative_title"] == want["narrative_title"]
    assert all(project[s] for s in SECTIONS), "seven sections each"
    for key, text in want["exact"].items():
        assert norm(project[key]) == norm(text)
    for key, text in want["starts"].items():
        assert norm(project[key]).startswith(norm(text))
    for key, text in want["ends"].items():
        assert norm(project[key]).endswith(norm(text))
    for section in SECTIONS:
        body = project[section]
        assert "……" not in body and "目录" not in body and "编制部门" not in body
        assert not any(line.strip().isdigit() for line in body.splitlines())


def test_page_numbers_and_toc_stay_out_of_text():
    texts = [b.text for b in read_pdf(REAL["zhengfuban2025"]).blocks if isinstance(b, TextBlock)]
    assert "33" not in texts  # the page number printed under the narrative
    assert not any("……" in t for t in texts)


# -- bad PDFs --------------------------------------------------------------------------------
def _write(writer: PdfWriter, path):
    with open(path, "wb") as fh:
        writer.write(fh)


def test_encrypted_pdf_with_user_password(tmp_path):
    writer = PdfWriter(clone_from=PdfReader(SEED_PDF))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    _write(writer, path)
    row = rows_for(path)["documents"][0]
    assert row["status"] == "failed" and row["error"].startswith("encrypted")


def test_encrypted_pdf_with_empty_user_password_is_read(tmp_path, expected):
    writer = PdfWriter(clone_from=PdfReader(SEED_PDF))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "restricted.pdf"
    _write(writer, path)
    tables = rows_for(path)
    assert tables["documents"][0]["status"] == "ok"
    assert mismatches(tables, expected) == []


def test_truncated_pdf(tmp_path):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(SEED_PDF.read_bytes()[: SEED_PDF.stat().st_size // 3])
    row = rows_for(path)["documents"][0]
    assert row["status"] in ("failed", "partial", "no_declaration")
    assert row["status"] != "ok" and ("truncated" in row["error"] or "damaged" in row["error"])


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    row = rows_for(path)["documents"][0]
    assert (row["status"], row["error"]) == ("failed", "empty file (0 bytes)")


def _image_pdf(path, source=SEED_PDF, page=0):
    pdf = pdfium.PdfDocument(str(source))
    image = pdf[page].render(scale=100 / 72).to_pil().convert("L")
    pdf.close()
    image.save(path, "PDF", resolution=100)


@pytest.fixture
def no_ocr(monkeypatch):
    """As on a machine without the OCR extra installed."""
    from budget_declarations.extract import ocr

    monkeypatch.setattr(ocr, "available", lambda: False)


def test_image_only_pdf_without_ocr_needs_ocr_and_invents_nothing(tmp_path, no_ocr):
    path = tmp_path / "scan.pdf"
    _image_pdf(path)
    tables = rows_for(path)
    row = tables["documents"][0]
    assert row["status"] == "failed" and "need OCR" in row["error"] and "1" in row["error"]
    assert tables["projects"] == [] and tables["indicators"] == []


def test_text_pdf_with_one_scanned_page_without_ocr_is_partial(tmp_path, no_ocr):
    scan = tmp_path / "scan.pdf"
    _image_pdf(scan)
    mixed = pdfium.PdfDocument(str(SEED_PDF))
    mixed.import_pages(pdfium.PdfDocument(str(scan)))
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    tables = rows_for(path)
    row = tables["documents"][0]
    assert row["status"] == "partial" and "need OCR: 22" in row["error"]
    assert len(tables["projects"]) == 11
