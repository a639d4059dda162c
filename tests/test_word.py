"""Word input: the seed as a real merged-cell form, a 普陀-style sample, legacy .doc, bad files."""
import datetime as dt
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from docx import Document as NewDocx

from conftest import SAMPLES, SEED_TXT
from expected_compare import comparable, mismatches, rows_for
from budget_declarations.extract.docx import read_docx
from budget_declarations.extract.model import Table
from budget_declarations.pipeline.batch import BatchOptions, run_batch

SEED_DOCX = SAMPLES / "000_seed.docx"
PUTUO_DOCX = SAMPLES / "putuo_style_2026.docx"


def test_seed_docx_every_expected_field(expected):
    tables = rows_for(SEED_DOCX)
    assert tables["documents"][0]["status"] == "ok"
    assert mismatches(tables, expected) == []


def test_seed_docx_same_rows_as_seed_text():
    seed, word = rows_for(SEED_TXT), rows_for(SEED_DOCX)
    assert comparable(word, "projects") == comparable(seed, "projects")
    assert comparable(word, "indicators") == comparable(seed, "indicators")


def test_merged_cells_become_spans_with_text_once():
    tables = [b for b in read_docx(SEED_DOCX).blocks if isinstance(b, Table)]
    first = tables[0]
    by_text = {c.text: c for c in first.cells if c.text}
    assert (by_text["项目资金(元)"].rowspan, by_text["项目资金(元)"].colspan) == (4, 1)
    assert by_text["项目绩效目标"].rowspan == 2
    assert by_text["绩效指标"].rowspan == 7  # header row + six indicators
    assert by_text["产出指标"].rowspan == 3
    assert by_text["上海市松江区科创发展办公室"].colspan in (1, 3)
    assert sum(1 for c in first.cells if c.text == "绩效指标") == 1


PUTUO_HAND_CHECKED = [
    {"project_no": 1, "project_name": "社区综合服务中心改建工程", "narrative_title": "社区综合服务中心改建工程",
     "project_nature": "阶段性项目", "plan_start": dt.date(2026, 1, 1), "plan_end": dt.date(2027, 12, 31),
     "total_funds": Decimal("12500000.00"), "total_fiscal": Decimal("12000000.00"),
     "total_other": Decimal("500000.00"), "annual_request": Decimal("4800000.00"),
     "annual_appropriation": Decimal("3600000.00"), "annual_carryover": Decimal("1200000.00"),
     "annual_other": Decimal("0.00"),
     "overall_goal": "两年内完成社区综合服务中心改建，新增服务面积3200平方米。",
     "annual_goal": "2026年完成主体结构改建和消防改造。",
     "overview": "社区综合服务中心建于1998年，设施老化，需整体改建。",
     "implementation_period": "2026年1月1日至2027年12月31日"},
    {"project_no": 2, "project_name": "老年助餐服务", "project_nature": "经常性项目",
     "total_funds": Decimal("860000.00"), "total_other": None, "annual_other": None,
     "annual_carryover": Decimal("0.00"), "plan_end": dt.date(2026, 12, 31),
     "budget_arrangement": "助餐补贴86万元。"},
]


def test_putuo_style_sample_hand_checked():
    tables = rows_for(PUTUO_DOCX)
    doc = tables["documents"][0]
    assert (doc["status"], doc["fiscal_year"], doc["department"]) == ("ok", 2026, "上海市普陀区示例街道办事处")
    projects = {p["project_no"]: p for p in tables["projects"]}
    assert len(projects) == 2
    for want in PUTUO_HAND_CHECKED:
        got = projects[want["project_no"]]
        assert {k: got[k] for k in want} == want
    assert projects[1]["total_funds"] > projects[1]["annual_request"]  # multi-year project
    ind = [(i["project_no"], i["level1"], i["level2"], i["level3"], i["comparator"], i["value"], i["unit"])
           for i in tables["indicators"]]
    assert len(ind) == 12
    assert ind[0] == (1, "成本指标", "经济成本指标", "单位面积改建成本", "<=", 3900.0, "元/平方米")
    assert ind[3][:4] == (1, "产出指标", "时效指标", "主体结构完成时间")
    assert tables["indicators"][3]["target_date"] == dt.date(2026, 12, 31)
    assert ind[10] == (2, "效益指标", "可持续影响指标", "助餐点持续运营", None, None, None)


def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.libreoffice
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_legacy_doc_made_from_seed_gives_same_rows(tmp_path, expected):
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "doc",
         "--outdir", str(tmp_path), str(SEED_DOCX)],
        check=True, capture_output=True, timeout=180,
    )
    doc = tmp_path / "000_seed.doc"
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    tables = rows_for(doc)
    assert tables["documents"][0]["source_format"] == "doc"
    assert mismatches(tables, expected) == []


def test_legacy_doc_without_libreoffice_says_so(tmp_path, monkeypatch):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    row = rows_for(doc)["documents"][0]
    assert row["status"] == "failed" and "needs LibreOffice" in row["error"]


def test_sdt_and_nested_table_text_is_read(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = NewDocx()
    d.add_paragraph("项目经费情况说明")
    sdt = parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>项目概述</w:t></w:r></w:p>'
        f'<w:p><w:r><w:t>控件里的概述。</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    )
    d.element.body.insert(len(d.element.body) - 1, sdt)
    outer = d.add_table(rows=1, cols=1)
    outer.cell(0, 0).text = "外层"
    inner = outer.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内层甲"
    inner.cell(0, 1).text = "内层乙"
    path = tmp_path / "controls.docx"
    d.save(path)
    blocks = read_docx(path).blocks
    texts = [getattr(b, "text", None) for b in blocks]
    assert "控件里的概述。" in texts
    grids = [b.grid() for b in blocks if isinstance(b, Table)]
    assert [["内层甲", "内层乙"]] in grids
    assert rows_for(path)["projects"][0]["overview"].startswith("控件里的概述。")


# -- bad files -------------------------------------------------------------------------------
def make_zip_bomb(path, megabytes=300):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        with zf.open("word/media/filler.bin", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                fh.write(chunk)


def make_xml_bomb(path):
    lol = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{"&lol%s;" % (i - 1 if i > 1 else "") * 10}">' for i in range(1, 10)
    ) + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol9;</w:document>'
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", lol)


@pytest.fixture
def bad_word_files(tmp_path):
    files = {}
    files["misnamed.pdf"] = tmp_path / "misnamed.pdf"
    shutil.copyfile(SEED_DOCX, files["misnamed.pdf"])
    files["truncated.docx"] = tmp_path / "truncated.docx"
    files["truncated.docx"].write_bytes(SEED_DOCX.read_bytes()[:5000])
    files["notzip.docx"] = tmp_path / "notzip.docx"
    files["notzip.docx"].write_bytes(b"this is not a zip file at all\n" * 10)
    files["bomb.docx"] = tmp_path / "bomb.docx"
    make_zip_bomb(files["bomb.docx"])
    files["xmlbomb.docx"] = tmp_path / "xmlbomb.docx"
    make_xml_bomb(files["xmlbomb.docx"])
    return files


def test_bad_word_files_each_get_a_clear_row(bad_word_files, tmp_path, capsys, expected):
    files = list(bad_word_files.values()) + [SEED_TXT]
    summary = run_batch(files, BatchOptions(out=tmp_path / "out", progress=False))
    import pandas as pd

    docs = pd.read_parquet(tmp_path / "out" / "documents").set_index("source_path")
    row = lambda name: docs.loc[str(bad_word_files[name])]  # noqa: E731
    assert row("misnamed.pdf")["status"] == "ok" and row("misnamed.pdf")["source_format"] == "docx"
    assert row("misnamed.pdf")["project_count"] == 11
    assert row("truncated.docx")["status"] == "failed"
    assert "damaged or truncated" in row("truncated.docx")["error"]
    assert row("notzip.docx")["status"] == "failed" and "not a Word (.docx) file" in row("notzip.docx")["error"]
    assert row("bomb.docx")["status"] == "failed" and "zip bomb" in row("bomb.docx")["error"]
    assert row("xmlbomb.docx")["status"] == "failed" and "DOCTYPE" in row("xmlbomb.docx")["error"]
    assert docs.loc[str(SEED_TXT)]["project_count"] == 11
    assert summary.failed == 4
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


def test_hostile_grid_span_is_bounded(tmp_path):
    from docx.oxml.ns import qn

    d = NewDocx()
    table = d.add_table(rows=1, cols=2)
    tc_pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    span = tc_pr.makeelement(qn("w:gridSpan"), {qn("w:val"): "99999999"})
    tc_pr.append(span)
    path = tmp_path / "span.docx"
    d.save(path)
    (block,) = [b for b in read_docx(path).blocks if isinstance(b, Table)]
    assert block.n_cols <= 64
