"""What the declaration parser finds, before normalization into output rows."""
from __future__ import annotations

from dataclasses import dataclass, field


def lowest(*values: float | None) -> float | None:
    """The lowest of the confidences that exist (None when none does)."""
    present = [v for v in values if v is not None]
    return min(present) if present else None

# Narrative section fields in their printed order (一、项目概述 … 七、绩效目标).
SECTION_FIELDS = (
    "overview",
    "basis",
    "implementer",
    "implementation_plan",
    "implementation_period",
    "budget_arrangement",
    "performance_goal_note",
)


@dataclass
class Line:
    """One unit of reading order: a heading, a paragraph, or one table row (cells kept)."""

    kind: str  # "heading" | "paragraph" | "row"
    text: str
    cells: list[str] | None = None
    page: int | None = None
    confidence: float | None = None  # OCR confidence of a text line
    confidences: list[float | None] | None = None  # per cell of a row
    spans: list[int] | None = None  # per cell of a row: how many grid columns the cell starting there covers


@dataclass
class Narrative:
    """A 项目经费情况说明: its number, the name it carries or quotes, and its seven sections."""

    no: int | None
    heading_name: str | None
    sections: dict[str, str] = field(default_factory=dict)
    page: int | None = None
    order: int = 0
    confidence: float | None = None  # lowest OCR confidence of its lines
    headed: bool = False  # at least one section heading was found
    quoted_name: str | None = None  # the name a section quotes (“名称”项目：…), found by the parser

    @property
    def title(self) -> str | None:
        return self.heading_name or self.quoted_name


@dataclass
class IndicatorRow:
    """One row of the indicator table as rebuilt (labels restored, fragments rejoined)."""

    level1: str | None
    level2: str | None
    level3: str | None
    target_raw: str | None
    page: int | None = None
    confidence: float | None = None
    nature: str | None = None  # 指标性质 (定量/定性) where a column says so
    weight: str | None = None  # 权重 / 分值 as printed
    direction: str | None = None  # 指标方向性 (正向/反向) as printed
    long_term_target_raw: str | None = None  # 长期（中期）指标值
    actual_raw: str | None = None  # 实际完成值 (self-evaluations)
    score_max: str | None = None  # 分值 (self-evaluations)
    score: str | None = None  # 得分 (self-evaluations)
    deviation: str | None = None  # 偏差原因分析及改进措施 (self-evaluations)


@dataclass
class Form:
    """A 财政项目支出绩效目标申报表: header fields as printed, goals, and indicator rows."""

    no: int | None
    title_name: str | None
    fields: dict[str, str] = field(default_factory=dict)
    indicators: list[IndicatorRow] = field(default_factory=list)
    page: int | None = None
    order: int = 0
    confidence: float | None = None  # lowest OCR confidence of its header, funds and goal cells
    money_unit: str = "元"  # the unit the funds cells are printed in
    unit_printed: bool = False  # the form (or a caption over it) says its unit; else its layout's default
    template: str | None = None  # the layout description it was read with (vocabulary/layouts)
    kind: str = "project_declaration"  # that layout's doc_kind
    missing: list[str] = field(default_factory=list)  # labels its layout requires but it lacked
    weight_total: str | None = None  # a 合计 row's stated total of the weights
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # list-table repeats that differ
    unread_columns: list[str] = field(default_factory=list)  # indicator-table headers nobody recognised


@dataclass
class ProjectDraft:
    """A narrative and its form, paired; either may be missing."""

    project_no: int
    narrative: Narrative | None
    form: Form | None


@dataclass
class Declaration:
    """Everything found in one document."""

    title: str | None = None
    department: str | None = None
    fiscal_year: int | None = None
    declared_project_count: int | None = None
    declared_total_text: str | None = None
    declared_unread: str | None = None  # a 绩效目标设置情况 sentence whose count or total could not be read
    doc_kind: str | None = None  # the kind most of its forms are (project_declaration when only narratives)
    template: str | None = None  # the layouts its forms were read with, comma-separated
    projects: list[ProjectDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
