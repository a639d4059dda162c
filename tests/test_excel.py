"""Excel input: the seed's forms as a workbook (one sheet per form, merged cells), and legacy .xls."""
import shutil
import subprocess

import pytest

from conftest import SAMPLES, SEED_TXT
from expected_compare import comparable, mismatches, rows_for
from budget_declarations.extract.xlsx import cell_text

SEED_XLSX = SAMPLES / "000_seed.xlsx"


def test_seed_workbook_every_expected_field(expected):
    tables = rows_for(SEED_XLSX)
    assert tables["documents"][0]["source_format"] == "xlsx"
    assert mismatches(tables, expected) == []


def test_seed_workbook_same_rows_as_text():
    seed, book = rows_for(SEED_TXT), rows_for(SEED_XLSX)
    for name in ("projects", "indicators"):
        assert comparable(book, name) == comparable(seed, name)


@pytest.mark.parametrize("value,text", [(447200.0, "447200"), (12.18, "12.18"), (0.1 + 0.2, "0.30000000000000004"),
                                        (None, ""), ("≥90%", "≥90%")])
def test_cell_text_keeps_the_digits_shown(value, text):
    assert cell_text(value) == text


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_legacy_xls_gives_same_rows(tmp_path, expected):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(SEED_XLSX)], check=True, capture_output=True, timeout=180)
    if not (tmp_path / "000_seed.xls").exists():
        pytest.skip("LibreOffice Calc is not installed (.ci/run installs it)")
    tables = rows_for(tmp_path / "000_seed.xls")
    assert tables["documents"][0]["source_format"] == "xls"
    assert mismatches(tables, expected) == []


@pytest.mark.slow
def test_excel_zip_bomb_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/filler.bin", "w", force_zip64=True) as fh:
            for _ in range(300):
                fh.write(b"\0" * (1 << 20))
    row = rows_for(path)["documents"][0]
    assert row["status"] == "failed" and "zip bomb" in row["error"]


def test_hostile_merged_range_is_refused_quickly(tmp_path):
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "项目名称"
    book.active.merge_cells("C1:D1")
    small = tmp_path / "small.xlsx"
    book.save(small)
    path = tmp_path / "merge.xlsx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b'ref="C1:D1"', b'ref="C1:XFD100000"')
            dst.writestr(item, data)
    row = rows_for(path)["documents"][0]
    assert row["status"] == "failed" and "merged cell ranges" in row["error"]


def test_formulas_without_stored_results_and_percent_formats(tmp_path):
    """Workbooks written by programs store no formula results: simple arithmetic and SUM are
    evaluated, anything else is reported missing; a percent-formatted 1 reads `100%`."""
    from openpyxl import Workbook

    from budget_declarations.extract.xlsx import read_xlsx

    wb = Workbook()
    ws = wb.active
    ws.append(["项目资金（万元）", "资金总额", "=C2+C3", ""])
    ws.append(["", "其中：财政拨款", 300, "=SUM(C2:C3)*2"])
    ws.append(["", "其他资金", 20.5, "=VLOOKUP(1,A1:B2,2)"])
    ws.append(["满意度指标", "服务对象满意度指标", "群众满意度", 0.955])
    ws["D4"].number_format = "0.0%"
    ws.append(["产出指标", "质量指标", "验收合格率", 1])
    ws["D5"].number_format = "0%"
    path = tmp_path / "f.xlsx"
    wb.save(path)
    document = read_xlsx(path)
    rows = [row for block in document.blocks if hasattr(block, "grid") for row in block.grid()]
    assert rows[0][2] == "320.5" and rows[1][3] == "641"
    assert rows[2][3] == ""  # not evaluated, and said so:
    assert any("D3" in w and "VLOOKUP" in w for w in document.warnings)
    assert rows[3][3] == "95.5%" and rows[4][3] == "100%"
