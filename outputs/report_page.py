"""The report's page: markup, styles and script in one string, values put in at @@name@@ marks.

The Content Security Policy allows inline styles, the inline script and data: pictures, and
nothing else: the page cannot make a request even if a value in the data tried to."""
from __future__ import annotations

import re

_MARK = re.compile(r"@@([a-z_]+)@@")


def render(**values: object) -> str:
    """The page with every @@name@@ replaced (values already escaped where they are HTML)."""
    return _MARK.sub(lambda m: str(values[m.group(1)]), PAGE)


PAGE = r"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'none'; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>绩效目标审阅报告</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0; color: #222; background: #f6f7f9; }
header { background: #24415f; color: #fff; padding: 14px 24px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; font-size: 12px; opacity: .8; }
main { padding: 16px 24px; max-width: 1280px; }
section { background: #fff; border: 1px solid #dde1e6; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
h2 { font-size: 17px; margin: 4px 0 10px; }
h4 { margin: 10px 0 4px; font-size: 14px; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; }
.tile { border: 1px solid #dde1e6; border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.tile b { display: block; font-size: 22px; }
.tile span { font-size: 12px; color: #555; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border: 1px solid #d5d9de; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #eef1f4; }
td.num { text-align: right; }
.counts { display: flex; gap: 24px; flex-wrap: wrap; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; }
.sev summary { font-weight: bold; cursor: pointer; }
.sev-error summary { color: #b3261e; } .sev-warning summary { color: #9a6700; } .sev-info summary { color: #3b6ea8; }
.filters { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; margin-bottom: 10px; }
.filters input[type=search] { width: 260px; padding: 4px; }
.card { border: 1px solid #d5d9de; border-radius: 6px; padding: 10px 12px; margin: 10px 0; background: #fff; }
.card.target { outline: 3px solid #f0b429; }
.card h3 { margin: 0 0 6px; font-size: 16px; }
.card .meta { font-size: 12px; color: #555; margin-bottom: 6px; }
.card .dup { color: #9a6700; font-weight: bold; }
.kv { display: grid; grid-template-columns: 150px 1fr 150px 1fr; gap: 2px 8px; font-size: 13px; margin-bottom: 6px; }
.kv div:nth-child(odd) { color: #555; }
.goal { font-size: 13px; white-space: pre-wrap; margin: 4px 0; }
.lowconf { background: #ffe2b8; }
.card ul.findings li { font-size: 13px; }
.card img { max-width: 100%; border: 1px solid #ccc; margin-top: 6px; }
.pager { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
.muted { color: #777; font-size: 12px; }
</style>
</head>
<body>
<header><h1>绩效目标审阅报告</h1><p>数据集 @@dataset@@ · 生成于 @@generated@@</p></header>
<main>
<section id="summary">
<h2>批次概况</h2>
<div class="tiles">
<div class="tile"><b id="count-documents">@@n_documents@@</b><span>文件</span></div>
<div class="tile"><b id="count-duplicates">@@n_duplicates@@</b><span>重复文件（不计入以下各项）</span></div>
<div class="tile"><b id="count-projects">@@n_projects@@</b><span>项目（含重复 @@n_projects_all@@）</span></div>
<div class="tile"><b id="count-indicators">@@n_indicators@@</b><span>绩效指标</span></div>
<div class="tile"><b id="count-money">@@money_wan@@</b><span>年度资金申请额（万元）</span></div>
<div class="tile"><b id="count-findings">@@n_findings@@</b><span>审核发现</span></div>
</div>
<div class="counts">
<table id="by-status"><tr><th>状态</th><th>文件</th></tr>@@status_rows@@</table>
<table id="by-kind"><tr><th>文件类型</th><th>文件</th></tr>@@kind_rows@@</table>
<table id="by-severity"><tr><th>严重程度</th><th>发现</th></tr>@@severity_rows@@</table>
</div>
<h4>未能完整读取的文件</h4>
<table id="problems"><tr><th>文件</th><th>状态</th><th>原因</th></tr>@@problem_rows@@</table>
</section>
<section id="charts"><h2>图表</h2><div class="charts">@@charts@@</div></section>
<section id="findings"><h2>审核发现</h2>@@findings@@</section>
<section id="projects">
<h2>项目</h2>
<div class="filters">
<input id="search" type="search" placeholder="搜索项目名称、单位或指标">
<select id="department"><option value="">全部部门</option>@@department_options@@</select>
<select id="severity"><option value="">全部项目</option><option value="error">有 error</option><option value="warning">有 warning</option><option value="info">有 info</option><option value="any">有任一发现</option></select>
<label><input id="show-duplicates" type="checkbox"> 显示重复文件的项目</label>
<span id="match-count" class="muted"></span>
</div>
<div class="pager"><button id="prev">上一页</button><span id="page-label"></span><button id="next">下一页</button></div>
<div id="cards"></div>
</section>
</main>
<script id="data" type="application/json">@@data@@</script>
<script>
"use strict";
const DATA = JSON.parse(document.getElementById("data").textContent);
const PER_PAGE = 50;
let page = 0, shown = [];
const $ = (id) => document.getElementById(id);
const esc = (v) => v === null || v === undefined ? "" : String(v).replace(/[&<>"']/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;","'":"&#39;"}[c]));
const money = (v) => v === null || v === undefined ? "" : Number(v).toLocaleString("zh-CN", {minimumFractionDigits: 2, maximumFractionDigits: 2});
function text(card) {
  const p = card.p;
  return [p.project_name, p.department, p.implementing_unit, p.competent_department, ...card.indicators.map(i => i.level3)].join(" ").toLowerCase();
}
DATA.cards.forEach(c => { c._text = text(c); });
function matches(card) {
  const q = $("search").value.trim().toLowerCase();
  const dept = $("department").value, sev = $("severity").value;
  if (!$("show-duplicates").checked && card.duplicate) return false;
  if (q && !card._text.includes(q)) return false;
  if (dept && card.p.department !== dept) return false;
  if (sev === "any" && card.findings.length === 0) return false;
  if (sev && sev !== "any" && !card.findings.some(f => f.severity === sev)) return false;
  return true;
}
function kv(label, value) { return `<div>${esc(label)}</div><div>${esc(value)}</div>`; }
function renderCard(card) {
  const p = card.p;
  const rows = card.indicators.map(i => {
    const low = i.ocr_confidence !== null && i.ocr_confidence < 0.8;
    return `<tr class="${low ? "lowconf" : ""}"><td>${esc(i.seq)}</td><td>${esc(i.level1)}</td><td>${esc(i.level2)}</td><td>${esc(i.level3)}</td>` +
      `<td>${esc(i.target_raw)}</td><td>${esc(i.comparator)}</td><td>${esc(i.value)}</td><td>${esc(i.unit)}</td>` +
      `<td>${esc(i.weight)}</td><td>${esc(i.actual_raw)}</td><td>${esc(i.score)}</td><td>${esc(i.page)}</td>` +
      `<td>${i.ocr_confidence === null ? "" : esc(Number(i.ocr_confidence).toFixed(2))}</td></tr>`;
  }).join("");
  const findings = card.findings.map(f => `<li class="sev-${esc(f.severity)}"><b>${esc(f.severity)}</b> ${esc(f.check)}：${esc(f.message)}</li>`).join("");
  const goals = [["总体目标", p.overall_goal], ["年度目标", p.annual_goal], ["中长期目标", p.long_term_goal]]
    .filter(g => g[1]).map(g => `<div class="goal"><b>${g[0]}：</b>${esc(g[1])}</div>`).join("");
  let pic = "";
  if (card.picture) pic = `<div><div class="muted">原件（${esc(card.format)}，第${esc([...new Set(card.indicators.map(i => i.page))].slice(0, 2).join("、"))}页，表格单元格已框出）</div><img alt="原件页面" src="${card.picture}"></div>`;
  else if (card.format === "pdf" || card.format === "image") pic = `<div class="muted">原件图片未生成（文件不在原处，或超出 --pictures 数量）</div>`;
  return `<article class="card" id="p-${esc(card.key)}" data-key="${esc(card.key)}">` +
    `<h3>${esc(p.project_name || "（未命名项目）")}</h3>` +
    `<div class="meta">${esc(p.department)} · ${esc(p.fiscal_year)} · 项目${esc(p.project_no)} · ${esc(card.source)}` +
    `${card.duplicate ? ' · <span class="dup">重复文件</span>' : ""}</div>` +
    `<div class="kv">${kv("项目类别", p.project_category)}${kv("项目性质", p.project_nature)}${kv("主管部门", p.competent_department)}` +
    `${kv("实施单位", p.implementing_unit)}${kv("计划开始", p.plan_start)}${kv("计划完成", p.plan_end)}` +
    `${kv("项目资金总额（元）", money(p.total_funds))}${kv("年度资金申请（元）", money(p.annual_request))}` +
    `${kv("其中财政资金（元）", money(p.total_fiscal))}${kv("当年财政拨款（元）", money(p.annual_appropriation))}` +
    `${p.total_score !== null ? kv("总分", p.total_score) + kv("执行率", p.execution_rate) : ""}` +
    `${p.ocr_confidence !== null ? kv("OCR 置信度", Number(p.ocr_confidence).toFixed(2)) : ""}</div>` +
    goals +
    `<table class="indicators"><tr><th>#</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th><th>比较</th><th>数值</th><th>单位</th><th>权重</th><th>实际</th><th>得分</th><th>页</th><th>OCR</th></tr>${rows}</table>` +
    (findings ? `<ul class="findings">${findings}</ul>` : `<p class="muted">无审核发现</p>`) + pic + `</article>`;
}
function render() {
  const pages = Math.max(1, Math.ceil(shown.length / PER_PAGE));
  page = Math.min(Math.max(0, page), pages - 1);
  $("cards").innerHTML = shown.slice(page * PER_PAGE, (page + 1) * PER_PAGE).map(renderCard).join("");
  $("page-label").textContent = `第 ${page + 1} / ${pages} 页`;
  $("match-count").textContent = `${shown.length} 个项目`;
  $("match-count").dataset.count = shown.length;
}
function refilter() { shown = DATA.cards.filter(matches); page = 0; render(); }
["search", "department", "severity", "show-duplicates"].forEach(id => $(id).addEventListener("input", refilter));
$("prev").addEventListener("click", () => { page--; render(); });
$("next").addEventListener("click", () => { page++; render(); });
function goTo(key) {
  let card = DATA.cards.find(c => c.key === key);
  if (!card) return;
  if (!matches(card)) { $("search").value = ""; $("department").value = ""; $("severity").value = ""; if (card.duplicate) $("show-duplicates").checked = true; shown = DATA.cards.filter(matches); }
  page = Math.floor(shown.indexOf(card) / PER_PAGE);
  render();
  const el = $("p-" + key);
  document.querySelectorAll(".card.target").forEach(e => e.classList.remove("target"));
  el.classList.add("target");
  el.scrollIntoView();
}
document.querySelectorAll("a.finding-link").forEach(a => a.addEventListener("click", (e) => { e.preventDefault(); goTo(a.dataset.key); history.replaceState(null, "", "#p-" + a.dataset.key); }));
refilter();
if (location.hash.startsWith("#p-")) goTo(location.hash.slice(3));
</script>
</body>
</html>
"""
