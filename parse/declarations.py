"""Blocks of any format -> the declarations they hold: document facts, narratives, forms, pairs."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from difflib import SequenceMatcher

import regex

from budget_declarations.extract.model import Document, Table
from budget_declarations.normalize.fields import strip_code
from budget_declarations.normalize.text import clean_text, squash
from budget_declarations.parse.columns import header_roles
from budget_declarations.parse.form import FormParser
from budget_declarations.parse.model import Declaration, Form, Line, Narrative, ProjectDraft
from budget_declarations.parse.narrative import build_narrative, chinese_number, match_heading
from budget_declarations.parse.titles import title_parts
from budget_declarations.vocabulary import Layout, Vocabulary, default

FORM_HEADING = regex.compile(
    r"^(?P<name>.*?)(?:财政)?项目支出绩效目标(?:申报|申请)?表[:：]?"
    r"(?:[（(]?(?P<no>\d{1,3}|[一二三四五六七八九十]{1,3})[)）]?)?$"
)
# A budget document's other chapters and tables end a narrative that runs up to them.
_OTHER_CHAPTER = regex.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十]+[章部分]+)?"
    r"(?:名词解释|其他相关情况说明|部门主要职能|部门机构设置|机构设置|部门预算编制说明|附件\d*|附表\d*)$"
    r"|^.{0,40}(?:预算表|决算表|总表|明细表|一览表|情况表)$"
)
# The title of some other table (部门整体支出绩效目标申报表, 收支预算总表 …) ends a form.
_OTHER_TABLE_TITLE = regex.compile(r"^.{0,40}(?:表|情况)[:：]?(?:[（(]?\d{1,3}[)）]?)?$")
_CHAPTER_HEADING = regex.compile(r"^[一二三四五六七八九十]{1,3}、[^\d\s，。；：:]{2,20}$")
_YEAR = regex.compile(r"(?P<y>20\d{2})\s*年")
_YEAR_IN_PARENS = regex.compile(r"[（(]\s*(?P<y>20\d{2})\s*年度?\s*[)）]|(?P<y>20\d{2})\s*[（(]\s*年度?\s*[)）]")
_DEPT_LINE = regex.compile(
    r"^(?:(?:预算)?(?:主管|编制)部门|部门名称|单位名称|预算单位|部门（单位）名称|单位（部门）名称)[:：](?P<d>[^\s:：]{2,40}?)"
    r"(?=$|(?:金额)?单位[:：]|单位[（(])"
)
# 绩效目标设置情况: "编报绩效目标的项目(共)N个，涉及项目预算资金X万元" in its phrasings.  The sentence is
# found by its words, then its count and amount are read separately, so that word order and
# fillers (共, 总计, 涉及, 合计) do not matter.
# (a form's title, 绩效目标申报表 / 绩效目标表, is not the sentence: `(?!…表)`)
_DECLARED_SENTENCE = regex.compile(
    r"[^。；;]{0,80}(?:编报|设置|开展|申报|填报)(?:了)?(?:项目)?绩效目标(?!(?:申报|设置|情况)?表)[^。；;]{0,120}"
    r"|[^。；;]{0,40}绩效目标(?:编报|设置|申报)(?!表)[^。；;]{0,120}"
)
_DECLARED_COUNT = regex.compile(
    r"(?:项目|绩效目标的项目)(?:共|共计|总计|合计|数量|数)?(?:为|有)?(?P<n>\d{1,5})(?:个|项)"
    r"|(?:共|共计|总计|合计)?(?:有)?(?P<n2>\d{1,5})(?:个|项)(?:项目|预算项目)"
)
_DECLARED_AMOUNT = regex.compile(
    r"(?:资金|金额|预算)(?:共|共计|总计|合计|总额)?(?:为|达)?(?P<amt>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>万元|亿元|元)"
)
_DEPT_SUFFIX = regex.compile(r"(?:办公室|委员会|局|厅|院|中心|办事处|人民政府|政府|部|处|所|站|队|馆|会|校|学|社|团|署|室|委)$")


def to_lines(document: Document) -> list[Line]:
    """Reading order as lines: headings and paragraphs as they are, tables row by row."""
    lines: list[Line] = []
    for block in document.blocks:
        if isinstance(block, Table):
            for row, confidences, spans in zip(block.grid(), block.confidence_grid(), block.span_grid()):
                if any((c or "").strip() for c in row):
                    lines.append(Line("row", " ".join(c for c in row if c), cells=list(row), page=block.page,
                                      confidences=list(confidences), spans=list(spans)))
        else:
            for part in block.text.split("\n") if block.kind == "paragraph" else [block.text]:
                if part.strip():
                    lines.append(Line(block.kind, part, page=block.page, confidence=block.confidence))
    return lines


def _standalone_text(line: Line) -> str | None:
    """A line's text when it stands alone: a heading or paragraph, or a row with one filled cell."""
    if line.kind != "row":
        return squash(line.text)
    filled = [c for c in (line.cells or []) if (c or "").strip()]
    return squash(filled[0]) if len(filled) == 1 else None


_UNIT_LINE = regex.compile(r"(?:金额|资金|货币)?单位[:：]\s*(?P<u>万元|元)")


def _form_heading(line: Line, vocab: Vocabulary) -> tuple[int | None, str | None] | None:
    text = _standalone_text(line)
    if text is None or len(text) > 80:
        return None
    return _heading_of(text, vocab)


@lru_cache(maxsize=4096)
def _heading_of(text: str, vocab: Vocabulary) -> tuple[int | None, str | None] | None:
    """A form's title: the Shanghai numbering (`…项目支出绩效目标申报表（3）`), or the title of any
    layout description (`部门整体支出绩效目标申报表`, `…区域绩效目标表`, `…项目申报表`)."""
    m = FORM_HEADING.match(text)
    if m:
        return (chinese_number(m.group("no")) if m.group("no") else None), (m.group("name") or None)
    bare = _UNIT_LINE.sub("", regex.sub(r"[（(][^（）()]*单位[^（）()]*[)）]", "", text))
    if len(bare) <= 60 and not regex.search(r"[。；;，,]", bare) and vocab.matching_title(bare):
        return None, title_parts(bare)[0]
    return None


def _title(lines: list[Line], vocab: Vocabulary) -> str | None:
    """The first heading or line; a title a PDF wrapped onto a second line is joined back."""
    for n, line in enumerate(lines[:40]):
        if line.kind == "row" or len(squash(line.text)) < 6:
            continue
        text = squash(line.text)
        nxt = lines[n + 1] if n + 1 < len(lines) else None
        if (
            line.kind == "paragraph" and nxt is not None and nxt.kind == "paragraph" and nxt.page == line.page
            and len(text) < 40 and not regex.search(r"[。；;：:，,]$", text)
            and len(text + squash(nxt.text)) <= 60 and not match_heading(nxt) and not _form_heading(nxt, vocab)
            and regex.search(r"预算|申报表|绩效|说明|目标", squash(nxt.text))
            and not regex.search(r"预算|申报表|说明", text)
        ):
            return clean_text(line.text + nxt.text)
        return clean_text(line.text)
    return None


def _document_facts(lines: list[Line], declaration: Declaration, vocab: Vocabulary) -> None:
    """Title, department and fiscal year.

    The department is what the cover names (`2026年度 / 某某局 / 部门预算`, `某某局（汇总）/ 2026年部门
    预算公开说明`, `2026年某某局部门预算`), else a title that starts with it (`某某局2026年项目支出绩效目标
    表`), else a caption line (`部门名称：某某局`); the forms' own department is the last resort
    (parse_declaration)."""
    declaration.title = _title(lines, vocab)
    title = squash(declaration.title)
    cover_department, cover_year = _cover(lines)
    year = _YEAR.search(title)
    declaration.fiscal_year = cover_year or (int(year.group("y")) if year else None)
    declaration.department = cover_department
    if declaration.department is None and year:
        prefix = _SCOPE.sub("", title[: year.start()])
        if len(prefix) >= 4 and _DEPT_SUFFIX.search(prefix):
            declaration.department = prefix
    for line in lines:
        text = squash(line.text)
        if declaration.department is None:
            m = _DEPT_LINE.match(text)
            if m:
                declaration.department = _SCOPE.sub("", m.group("d")) or None
        if declaration.fiscal_year is None:
            # a line of its own (`（2026年度）` under a form's title), not a year inside an indicator's name
            standalone = _standalone_text(line)
            m = _YEAR_IN_PARENS.fullmatch(standalone) if standalone else None
            if m:
                declaration.fiscal_year = int(m.group("y"))


# a cover's words besides the department: its year, what the document is, its scope, a page number
_COVER_WORDS = regex.compile(
    r"20\d{2}年度?|[（(](?:本级|汇总|部门汇总|单位本级|含下属单位)[)）]|—\d+—|-\d+-"
    r"|(?:部门|单位)?(?:综合)?预算(?:公开)?(?:情况)?(?:说明|报告|报表|公开)?$"
)
_SCOPE = regex.compile(r"[（(](?:本级|汇总|部门汇总|单位本级|含下属单位)[)）]")


def _cover(lines: list[Line]) -> tuple[str | None, int | None]:
    """(department, year) a document's cover names: its first short lines, before any table, text or
    numbered chapter, read together (a cover prints year, name and kind on lines of their own)."""
    cover: list[str] = []
    for line in lines[:8]:
        text = squash(line.text)
        if line.kind == "row" or not text or line.page != lines[0].page:
            break
        if regex.fullmatch(r"[—\-－\s\d]+", text):
            continue  # a page number
        if len(text) > 40 or regex.match(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])", text):
            break
        cover.append(text)
    joined = "".join(cover)
    year = _YEAR.search(joined)
    if not year or not regex.search(r"预算", joined):
        return None, None
    rest = joined
    while True:
        stripped = _COVER_WORDS.sub("", rest)
        if stripped == rest:
            break
        rest = stripped
    if 4 <= len(rest) <= 40 and _DEPT_SUFFIX.search(rest) and not regex.search(r"表|预算|说明|[:：，。]", rest):
        return rest, int(year.group("y"))
    return None, int(year.group("y"))


def _declared(lines: list[Line], declaration: Declaration) -> None:
    """绩效目标设置情况: the sentence may wrap over lines, so it is searched in the joined text.

    A sentence that names the declared projects but whose count or amount cannot be read is kept
    in `declared_unread`, so the checks can say so instead of staying silent.
    """
    joined = "".join(squash(line.text) for line in lines if line.kind != "row")
    for m in _DECLARED_SENTENCE.finditer(joined):
        sentence = m.group(0)
        if "项目" not in sentence or not regex.search(r"\d|资金|金额|[个项]", sentence):
            continue
        count = _DECLARED_COUNT.search(sentence)
        amount = _DECLARED_AMOUNT.search(sentence)
        if count and declaration.declared_project_count is None:
            declaration.declared_project_count = int(count.group("n") or count.group("n2"))
        if amount and declaration.declared_total_text is None:
            declaration.declared_total_text = amount.group("amt") + amount.group("unit")
        if not (count and amount) and declaration.declared_unread is None:
            declaration.declared_unread = sentence
        if count and amount:
            declaration.declared_unread = None
            break


def _segments(lines: list[Line], vocab: Vocabulary) -> tuple[list[Narrative], list[Form]]:
    narratives: list[Narrative] = []
    forms: list[Form] = []
    kind: str | None = None
    header: tuple[int | None, str | None] = (None, None)
    body: list[Line] = []
    parser: FormParser | None = None
    order = 0

    def close() -> None:
        nonlocal parser
        if kind == "narrative":
            narrative = build_narrative(header[0], header[1], body, order)
            if narrative.sections:  # a document title that reads like a heading has no body
                narratives.append(narrative)
        elif kind == "form" and parser is not None and parser.has_content():
            forms.extend(parser.finish())
        parser = None

    lines = _join_wrapped_headings(lines, vocab)
    unit_lines: list[tuple[int, str]] = []  # `单位：万元` printed above a table, by line number
    for n, line in enumerate(lines):
        printed = _UNIT_LINE.search(squash(line.text)) if line.kind != "row" or len(line.text) < 40 else None
        if printed:
            unit_lines.append((n, printed.group("u")))
        unit = next((u for k, u in reversed(unit_lines) if n - k <= 3), None)
        narrative_head = match_heading(line)
        form_head = None if narrative_head else _form_heading(line, vocab)
        if form_head and kind == "form" and parser is not None and parser.continues_under(line.text):
            continue  # a table of projects whose title is printed again on its next page
        if narrative_head or form_head:
            close()
            order += 1
            kind = "narrative" if narrative_head else "form"
            header = narrative_head or form_head  # type: ignore[assignment]
            body = []
            if kind == "form":
                parser = FormParser(header[0], header[1], line.page, order, title=line.text, printed_unit=unit,
                                    vocabulary=vocab)
            continue
        if line.kind == "row" and (
            (kind in (None, "narrative") and _looks_like_form_start(line, vocab))
            or (kind is None and header_roles([c or "" for c in line.cells or []], vocab))
        ):
            close()  # a form without a title line, or a table of indicators on its own
            order += 1
            kind, header = "form", (None, None)
            parser = FormParser(None, None, line.page, order, printed_unit=unit, vocabulary=vocab)
            parser.feed(line)
            continue
        if kind == "narrative":
            text = _standalone_text(line)
            if text and _OTHER_CHAPTER.match(text):
                close()
                kind = None
                continue
            body.append(line)
        elif kind == "form" and parser is not None:
            if _closes_form(line, parser.in_table):
                close()
                kind = None
                continue
            if parser.starts_new_form(line):
                title = parser.title  # the title printed again above this form (continues_under)
                close()
                order += 1
                named = _form_heading(Line("paragraph", title, page=line.page), vocab) if title else None
                parser = FormParser(named[0] if named else None, named[1] if named else None, line.page, order,
                                    title=title, printed_unit=unit, vocabulary=vocab)
            parser.feed(line)
    close()
    if any(n.headed for n in narratives):
        # a document title that reads like a heading, with the preamble under it, is no narrative
        narratives = [n for n in narratives if n.headed]
    elif forms:
        # a budget's own chapters (`“三公”经费支出情况说明`) read like narrative headings: beside forms,
        # one without a single section heading is a narrative only where a form names its project
        names = [f.fields.get("project_name") or f.title_name for f in forms]
        narratives = [n for n in narratives if any(_similar(n.title, name) >= 0.8 for name in names)]
    return narratives, forms


def _join_wrapped_headings(lines: list[Line], vocab: Vocabulary) -> list[Line]:
    """A long heading a PDF wrapped over two lines (`…项目经费情况` / `说明`) joined back."""
    out: list[Line] = []
    skip = False
    for n, line in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt = lines[n + 1] if n + 1 < len(lines) else None
        if (
            nxt is not None and line.kind == "paragraph" and nxt.kind == "paragraph"
            and not match_heading(line) and not _form_heading(line, vocab)
            and not match_heading(nxt) and (not _form_heading(nxt, vocab) or _cut_title(line, nxt, vocab))
            and not regex.search(r"[。；;：:！？!?，,]", squash(line.text))
            and len(squash(nxt.text)) <= 14 and len(squash(line.text + nxt.text)) <= 80
        ):
            joined = Line("paragraph", line.text + nxt.text, page=line.page, confidence=line.confidence)
            if match_heading(joined) or _form_heading(joined, vocab):
                out.append(joined)
                skip = True
                continue
        out.append(line)
    return out


def _cut_title(line: Line, nxt: Line, vocab: Vocabulary) -> bool:
    """A title wrapped where its second line is a title too (`301007_某某分局_机场公安综` /
    `合修缮改造项目绩效目标表`): the first line is long, starts no numbered item, and the two
    together name a project the second alone does not name whole, in which the first line's last
    characters run on."""
    first = squash(line.text)
    if len(first) < 15 or line.page != nxt.page or regex.match(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])", first):
        return False
    joined = title_parts(first + squash(nxt.text))[0]
    return bool(joined) and joined != title_parts(nxt.text)[0] and first[-3:] in joined


def _closes_form(line: Line, after_table: bool) -> bool:
    """A standalone title of another table (not a project form) ends the current form, and so does
    a chapter heading printed outside any table (`八、其他重要事项说明` after the last form: the
    chapter's sentences would otherwise be read as rows of a table printed without rules)."""
    text = _standalone_text(line)
    if text is None:
        return False
    if after_table and line.kind != "row" and _CHAPTER_HEADING.match(text) and "指标" not in text:
        return True
    return bool(_OTHER_TABLE_TITLE.match(text)) and "年度" not in text[:6]


def _looks_like_form_start(line: Line, vocab: Vocabulary) -> bool:
    """An untitled form inside a narrative's span: a row naming the project (项目名称, 转移支付名称 …)
    or the department (部门名称) beside another label of a form, or an indicator table that lists
    projects (a list layout)."""
    filled = [c for c in (line.cells or []) if c and c.strip()]
    fields = [vocab.field_of(c) for c in filled]
    named = [f for f in fields if f]
    roles = header_roles([c or "" for c in line.cells or []], vocab)
    if any(r.startswith("project.") for r in roles.values()):
        return True
    # the name label beside its value; a name label beside another label is the column header of
    # some budget table (项目名称 | 项目类别 | 合计 | 财政拨款 …), not a form
    first = next((n for n, f in enumerate(fields) if f in ("project_name", "competent_department")), None)
    after = filled[first + 1] if first is not None and first + 1 < len(filled) else None
    valued = after is not None and not (vocab.field_of(after) or vocab.goal_of(after) or vocab.column_role(after))
    if valued and any(f in ("project_name", "competent_department") for f in named) and len(set(named)) >= 2:
        return "project_name" in named or len(set(named) - {"competent_department", "implementing_unit"}) >= 1
    return False


def _department_level(form: Form) -> bool:
    return form.kind == "department_overall" or (
        not form.fields.get("project_name") and not form.title_name and bool(form.fields.get("competent_department")))


def _similar(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, squash(a), squash(b)).ratio()


def pair(narratives: list[Narrative], forms: list[Form]) -> list[ProjectDraft]:
    """Narrative N with form N where both are numbered; else by name, by adjacency, then by order."""
    pairs: list[tuple[Narrative | None, Form | None]] = []
    free_n = list(narratives)
    free_f = [f for f in forms if not _department_level(f)]
    pairs.extend((None, f) for f in forms if _department_level(f))  # a department's form is no project's
    numbered_n = {n.no: n for n in narratives if n.no is not None}
    for f in list(free_f):
        if f.no is not None and f.no in numbered_n and numbered_n[f.no] in free_n:
            n = numbered_n[f.no]
            pairs.append((n, f))
            free_n.remove(n)
            free_f.remove(f)
    def take(n: Narrative, f: Form) -> None:
        pairs.append((n, f))
        free_n.remove(n)
        free_f.remove(f)

    # the same name: a form names its project, a narrative carries or quotes it
    for f in list(free_f):
        name = f.fields.get("project_name") or f.title_name
        best = max(free_n, key=lambda n: _similar(n.title, name), default=None)
        if best is not None and _similar(best.title, name) >= 0.8:
            take(best, f)
    # a form right after a narrative, nothing between them
    for f in list(free_f):
        before = [n for n in free_n if n.order == f.order - 1]
        if before:
            take(before[0], f)
    # what is left, in order (all narratives first, then all forms), when the counts agree
    if free_n and len(free_n) == len(free_f):
        for n, f in list(zip(sorted(free_n, key=lambda x: x.order), sorted(free_f, key=lambda x: x.order))):
            take(n, f)
    pairs.extend((n, None) for n in free_n)
    pairs.extend((None, f) for f in free_f)

    def position(p: tuple[Narrative | None, Form | None]) -> tuple[int, int]:
        n, f = p
        numbers = [x.no for x in (n, f) if x is not None and x.no is not None]
        orders = [x.order for x in (n, f) if x is not None]
        return (numbers[0] if numbers else 10**6, min(orders))

    pairs.sort(key=position)
    drafts: list[ProjectDraft] = []
    used: set[int] = set()
    for index, (n, f) in enumerate(pairs, start=1):
        numbers = [x.no for x in (n, f) if x is not None and x.no is not None]
        no = numbers[0] if numbers and numbers[0] not in used else index
        while no in used:
            no += 1
        used.add(no)
        drafts.append(ProjectDraft(project_no=no, narrative=n, form=f))
    return drafts


def _kinds(declaration: Declaration, narratives: list[Narrative], forms: list[Form], vocab: Vocabulary) -> None:
    """The document's kind and layouts, and a warning for every form its layout could not read
    fully (an unknown layout shows as the labels it lacked, never as silence)."""
    kinds = Counter(f.kind for f in forms)
    if kinds:
        declaration.doc_kind = kinds.most_common(1)[0][0]
    elif narratives:
        declaration.doc_kind = "project_declaration"
    names = list(dict.fromkeys(f.template for f in forms if f.template))
    declaration.template = ",".join(names) or None
    for f in forms:
        for header in f.unread_columns:
            warning = f"an indicator table (page {f.page}) has a column headed {header!r} that was not read"
            if warning not in declaration.warnings:
                declaration.warnings.append(warning)
        if not f.missing:
            continue
        template = vocab.layout(f.template) if f.template else vocab.default_layout
        labels = "、".join(_printed_label(vocab, template, field) for field in f.missing)
        where = f"page {f.page}" if f.page else f"form {f.no or f.order}"
        declaration.warnings.append(
            f"a form ({where}, {len(f.indicators)} indicators) lacks the labels {labels} of the layout "
            f"closest to it ({template.name}); docs/templates.md says how to describe a new layout"
        )


def _document_unit(forms: list[Form]) -> None:
    """A form that says nothing of its money unit takes the one every other form of the document
    says (a budget prints 单位：万元 over most tables, not over all)."""
    printed = {f.money_unit for f in forms if f.unit_printed}
    if len(printed) == 1:
        unit = printed.pop()
        for f in forms:
            if not f.unit_printed:
                f.money_unit = unit


def _printed_label(vocab: Vocabulary, layout: Layout, field: str) -> str:
    for label, target in (*layout.fields.items(), *vocab.fields.items()):
        if target == field:
            return label
    return field


def parse_declaration(document: Document, vocabulary: Vocabulary | None = None) -> Declaration:
    """Find every declaration part in a document and pair narratives with forms."""
    vocab = vocabulary or default()
    lines = to_lines(document)
    declaration = Declaration()
    _document_facts(lines, declaration, vocab)
    _declared(lines, declaration)
    narratives, forms = _segments(lines, vocab)
    _document_unit(forms)
    declaration.projects = pair(narratives, forms)
    _kinds(declaration, narratives, forms, vocab)
    if declaration.department is None:
        # the field that names a form's department is its layout's (a transfer table belongs to the
        # recipient region, its 地方主管部门)
        departments = Counter(strip_code(f.fields.get(key)) for f in forms
                              for key in [vocab.layout(f.template).department_field if f.template else "competent_department"]
                              if f.fields.get(key))
        if departments:
            declaration.department = departments.most_common(1)[0][0]
    if declaration.fiscal_year is None:
        for f in forms:
            start = squash(f.fields.get("plan_start"))
            m = regex.match(r"20\d{2}", start)
            if m:
                declaration.fiscal_year = int(m.group(0))
                break
    return declaration
