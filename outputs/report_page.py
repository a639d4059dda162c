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
td.a { color: #b3261e; font-weight: bold; }
tr.reason-group th { background: #fbeaea; }
#problems td:nth-child(3) { white-space: nowrap; }
tr.reason-group[data-status=partial] th { background: #fdf3e1; }
#departments th { cursor: pointer; user-select: none; }
#departments th.asc::after { content: " ▲"; } #departments th.desc::after { content: " ▼"; }
#departments tr.dept { cursor: pointer; } #departments tr.dept:hover { background: #eef4fb; }
#rules tr.rule { cursor: pointer; } #rules tr.rule:hover { background: #eef4fb; }
#rules td.meaning { max-width: 560px; color: #444; }
.counts { display: flex; gap: 24px; flex-wrap: wrap; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.scroll { max-height: 460px; overflow: auto; }
figure { margin: 0; }
.sev-error b.sev, b.sev-error { color: #b3261e; } .sev-warning b.sev, b.sev-warning { color: #9a6700; } .sev-info b.sev, b.sev-info { color: #3b6ea8; }
.filters { display: flex; gap: 10px; flex-wrap: wrap; align-items: center; margin-bottom: 10px; }
.filters input[type=search] { width: 260px; padding: 4px; }
ol#top-projects li, ul#all-findings li { font-size: 13px; margin: 3px 0; }
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
<header><h1>绩效目标审阅报告</h1><p>数据集 <span class="file">@@dataset@@</span> · 生成于 @@generated@@</p></header>
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
<table id="by-status"><tr><th>读取情况</th><th>文件</th></tr>@@status_rows@@</table>
<table id="by-kind"><tr><th>文件类别</th><th>文件</th></tr>@@kind_rows@@</table>
<table id="by-severity"><tr><th>严重程度</th><th>发现</th></tr>@@severity_rows@@</table>
</div>
</section>
<section id="attention">
<h2>需要人工处理的文件</h2>
<div class="scroll">@@attention@@</div>
</section>
<section id="by-department">
<h2>按部门</h2>
<p class="muted">点击表头排序，点击一行查看该部门的项目。重复文件计入“文件”，其项目、指标、资金与发现不计入。</p>
<div class="scroll"><table id="departments"><thead><tr>@@department_head@@</tr></thead><tbody>@@department_rows@@</tbody></table></div>
</section>
<section id="findings">
<h2>审核发现</h2>
<h4>按规则</h4>
<p class="muted">点击一行只看该规则的发现。</p>
<div class="scroll"><table id="rules"><tr><th>严重程度</th><th>规则</th><th>含义</th><th>发现</th><th>涉及项目</th></tr>@@rule_rows@@</table></div>
<div class="filters" style="margin-top:10px">
<select id="finding-department"><option value="">全部部门</option>@@department_options@@</select>
<select id="finding-rule"><option value="">全部规则</option>@@rule_options@@</select>
<select id="finding-severity"><option value="">全部严重程度</option><option value="error">错误</option><option value="warning">警告</option><option value="info">提示</option></select>
<span id="finding-count" class="muted"></span>
</div>
<h4>最需要关注的项目</h4>
<ol id="top-projects"></ol>
<button id="more-top">显示更多项目</button>
<details id="all-findings-box"><summary>全部发现（按上面的筛选）</summary><ul id="all-findings"></ul><button id="more-findings">显示更多</button></details>
</section>
<section id="charts"><h2>图表</h2><div class="charts">@@charts@@</div></section>
<section id="projects">
<h2>项目</h2>
<div class="filters">
<input id="search" type="search" placeholder="搜索项目名称、单位或指标">
<select id="department"><option value="">全部部门</option>@@department_options@@</select>
<select id="year"@@year_hidden@@><option value="">全部年度</option>@@year_options@@</select>
<select id="severity"><option value="">全部项目</option><option value="error">有错误</option><option value="warning">有警告</option><option value="info">有提示</option><option value="any">有任一发现</option></select>
<label><input id="show-duplicates" type="checkbox"> 显示重复文件的项目</label>
<span id="match-count" class="muted"></span>
</div>
<div class="pager"><button id="prev">上一页</button><span id="page-label"></span><button id="next">下一页</button></div>
<div id="cards"></div>
</section>
</main>
<script id="first" type="application/json">@@first@@</script>
<script>
"use strict";
// The first page of cards comes in its own small block, drawn as soon as the parser reaches this
// script; the whole batch (every card, the findings' data) follows in #data and is read after.
const FIRST = JSON.parse(document.getElementById("first").textContent);
const PER_PAGE = 50, TOP_STEP = 30, FINDINGS_STEP = 200;
const RANK = {error: 0, warning: 1, info: 2};
const L = FIRST.labels;
let page = 0, shown = FIRST.cards, topLimit = TOP_STEP, findingsLimit = FINDINGS_STEP;
let DATA = null, CARDS = FIRST.cards, BY_KEY = new Map();
const PICS = Object.assign({}, FIRST.pictures);
const DOCS = FIRST.docs;
const $ = (id) => document.getElementById(id);
const esc = (v) => v === null || v === undefined ? "" : String(v).replace(/[&<>"']/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;","'":"&#39;"}[c]));
const money = (v) => v === null || v === undefined ? "" : Number(v).toLocaleString("zh-CN", {minimumFractionDigits: 2, maximumFractionDigits: 2});
const sevLabel = (s) => L.severity[s] || s || "";
const ruleLabel = (r) => L.rules[r] || "其他审核发现";
// a card: [key, project values, indicator rows, findings [rule, severity, message], document, duplicate, has picture]
const PF = {}, IF = {};
FIRST.fields.p.forEach((f, n) => { PF[f] = n; });
FIRST.fields.i.forEach((f, n) => { IF[f] = n; });
const pv = (card, f) => { const v = card[1][PF[f]]; return v === undefined ? null : v; };
const iv = (row, f) => { const v = row[IF[f]]; return v === undefined ? null : v; };
const doc = (card) => DOCS[card[4]] || [null, "", "", null, 0];
function prepare(c) {
  c.text = [pv(c, "project_name"), doc(c)[2], pv(c, "implementing_unit"), pv(c, "competent_department"),
            ...c[2].map(i => iv(i, "level3"))].join(" ").toLowerCase();
}
FIRST.cards.forEach(c => { BY_KEY.set(c[0], c); prepare(c); });
function matches(card) {
  const q = $("search").value.trim().toLowerCase();
  const dept = $("department").value, year = $("year").value, sev = $("severity").value;
  if (!$("show-duplicates").checked && card[5]) return false;
  if (q && !card.text.includes(q)) return false;
  if (dept && doc(card)[2] !== dept) return false;
  if (year && String(doc(card)[3]) !== year) return false;
  if (sev === "any" && card[3].length === 0) return false;
  if (sev && sev !== "any" && !card[3].some(f => f[1] === sev)) return false;
  return true;
}
function kv(label, value) { return `<div>${esc(label)}</div><div>${esc(value)}</div>`; }
function renderCard(card) {
  const d = doc(card), p = (f) => pv(card, f);
  const rows = card[2].map(i => {
    const conf = iv(i, "ocr_confidence"), low = conf !== null && conf < 0.8;
    const kind = iv(i, "target_kind"), cmp = iv(i, "comparator");
    return `<tr class="${low ? "lowconf" : ""}"><td>${esc(iv(i, "seq"))}</td><td>${esc(iv(i, "level1"))}</td><td>${esc(iv(i, "level2"))}</td><td>${esc(iv(i, "level3"))}</td>` +
      `<td>${esc(iv(i, "target_raw"))}</td><td>${esc(L.targetKind[kind] || kind)}</td><td>${esc(L.comparator[cmp] || cmp)}</td><td>${esc(iv(i, "value"))}</td><td>${esc(iv(i, "unit"))}</td>` +
      `<td>${esc(iv(i, "weight"))}</td><td>${esc(iv(i, "actual_raw"))}</td><td>${esc(iv(i, "score"))}</td><td>${esc(iv(i, "page"))}</td>` +
      `<td>${conf === null ? "" : esc(Number(conf).toFixed(2))}</td></tr>`;
  }).join("");
  const findings = card[3].slice().sort((a, b) => RANK[a[1]] - RANK[b[1]]).map(f =>
    `<li class="sev-${esc(f[1])}"><b class="sev">${esc(sevLabel(f[1]))}</b> ${esc(ruleLabel(f[0]))}：${esc(f[2])}</li>`).join("");
  const goals = [["总体目标", p("overall_goal")], ["年度目标", p("annual_goal")], ["中长期目标", p("long_term_goal")]]
    .filter(g => g[1]).map(g => `<div class="goal"><b>${g[0]}：</b>${esc(g[1])}</div>`).join("");
  let pic = "";
  if (card[6] && PICS[card[0]]) pic = `<div><div class="muted">原件（${esc(d[1])}，第${esc([...new Set(card[2].map(i => iv(i, "page")))].slice(0, 2).join("、"))}页，表格单元格已框出）</div><img alt="原件页面" src="${PICS[card[0]]}"></div>`;
  else if (d[1] === "PDF" || d[1] === "扫描图片") pic = `<div class="muted">原件图片未生成（文件不在原处，或超出生成图片的数量）</div>`;
  return `<article class="card" id="p-${esc(card[0])}" data-key="${esc(card[0])}">` +
    `<h3>${esc(p("project_name") || "（未命名项目）")}</h3>` +
    `<div class="meta">${esc(d[2])} · ${esc(d[3])}年 · 项目${esc(p("project_no"))} · <span class="file">${esc(d[0])}</span>` +
    `${card[5] ? ' · <span class="dup">重复文件</span>' : ""}</div>` +
    `<div class="kv">${kv("项目类别", p("project_category"))}${kv("项目性质", p("project_nature"))}${kv("主管部门", p("competent_department"))}` +
    `${kv("实施单位", p("implementing_unit"))}${kv("计划开始", p("plan_start"))}${kv("计划完成", p("plan_end"))}` +
    `${kv("项目资金总额（元）", money(p("total_funds")))}${kv("年度资金申请（元）", money(p("annual_request")))}` +
    `${kv("其中财政资金（元）", money(p("total_fiscal")))}${kv("当年财政拨款（元）", money(p("annual_appropriation")))}` +
    `${p("total_score") !== null ? kv("总分", p("total_score")) + kv("执行率", p("execution_rate")) : ""}` +
    `${p("ocr_confidence") !== null ? kv("文字识别置信度", Number(p("ocr_confidence")).toFixed(2)) : ""}</div>` +
    goals +
    `<table class="indicators"><tr><th>序号</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th><th>类型</th><th>比较</th><th>数值</th><th>单位</th><th>权重</th><th>实际</th><th>得分</th><th>页</th><th>识别置信度</th></tr>${rows}</table>` +
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
function refilter() { shown = CARDS.filter(matches); page = 0; render(); }
["search", "department", "year", "severity", "show-duplicates"].forEach(id => $(id).addEventListener("input", refilter));
$("prev").addEventListener("click", () => { page--; render(); });
$("next").addEventListener("click", () => { page++; render(); });
function goTo(key) {
  const card = BY_KEY.get(key);
  if (!card) return;
  if (!matches(card)) { $("search").value = ""; $("department").value = ""; $("year").value = ""; $("severity").value = ""; if (card[5]) $("show-duplicates").checked = true; shown = CARDS.filter(matches); }
  page = Math.floor(shown.indexOf(card) / PER_PAGE);
  render();
  const el = $("p-" + key);
  document.querySelectorAll(".card.target").forEach(e => e.classList.remove("target"));
  el.classList.add("target");
  el.scrollIntoView();
}
// first cards first: the rest of the page's lists are drawn after them
// -- departments: sortable, a row opens its cards
const deptTable = $("departments");
deptTable.querySelectorAll("th").forEach((th, n) => th.addEventListener("click", () => {
  const asc = !th.classList.contains("asc") && (th.classList.contains("desc") || th.dataset.type === "text");
  deptTable.querySelectorAll("th").forEach(h => h.classList.remove("asc", "desc"));
  th.classList.add(asc ? "asc" : "desc");
  const body = deptTable.tBodies[0], rows = [...body.rows];
  const num = th.dataset.type === "num";
  const keyed = rows.map(tr => { const t = tr.cells[n].textContent; return [num ? (parseFloat(t.replace(/,/g, "")) || 0) : t, tr]; });
  keyed.sort((a, b) => {
    const x = a[0], y = b[0];
    const r = num ? x - y : x.localeCompare(y, "zh-CN");
    return asc ? r : -r;
  });
  body.append(...keyed.map(k => k[1]));
}));
deptTable.querySelectorAll("tr.dept").forEach(tr => tr.addEventListener("click", () => {
  $("search").value = ""; $("severity").value = "";
  $("department").value = tr.dataset.dept; $("year").value = tr.dataset.year;
  $("finding-department").value = tr.dataset.dept; topLimit = TOP_STEP; if (DATA) drawFindings();
  refilter();
  $("projects").scrollIntoView();
}));
render();
document.body.dataset.cardsDrawn = performance.now().toFixed(0);
</script>
<script id="data" type="application/json">@@data@@</script>
<script>
"use strict";
DATA = JSON.parse(document.getElementById("data").textContent);
Object.assign(PICS, DATA.pictures);
CARDS = DATA.cards;
BY_KEY = new Map();
CARDS.forEach(c => { BY_KEY.set(c[0], c); prepare(c); });
shown = CARDS.filter(matches);  // the same first page as drawn, now counted over the batch
render();
document.body.dataset.ready = performance.now().toFixed(0);

// -- findings: the projects with the most serious first, and the full list, by department and rule
function findingFilter() { return [$("finding-department").value, $("finding-rule").value, $("finding-severity").value]; }
function keep(f, dept, rule, sev) { return (!rule || f[0] === rule) && (!sev || f[1] === sev); }
function link(card) { return `<a href="#p-${esc(card[0])}" class="finding-link" data-key="${esc(card[0])}">${esc(pv(card, "project_name") || "（未命名项目）")}</a>`; }
function drawFindings() {
  const [dept, rule, sev] = findingFilter();
  const ranked = [];
  let total = 0;
  for (const c of CARDS) {
    if (c[5] || (dept && doc(c)[2] !== dept)) continue;
    const own = c[3].filter(f => keep(f, dept, rule, sev));
    if (!own.length) continue;
    total += own.length;
    const s = [0, 0, 0];
    own.forEach(f => { if (f[1] in RANK) s[RANK[f[1]]]++; });
    ranked.push([c, own, s]);
  }
  const docLevel = DATA.docFindings.filter(f => !(DOCS[f[0]] || [])[4] && (!dept || (DOCS[f[0]] || [])[2] === dept) && keep([f[1], f[2]], dept, rule, sev));
  total += docLevel.length;
  ranked.sort((a, b) => b[2][0] - a[2][0] || b[2][1] - a[2][1] || b[2][2] - a[2][2]);
  $("finding-count").textContent = `${total} 条发现，涉及 ${ranked.length} 个项目`;
  $("finding-count").dataset.count = total;
  $("top-projects").innerHTML = ranked.slice(0, topLimit).map(([c, own, s]) => {
    const worst = own.slice().sort((a, b) => RANK[a[1]] - RANK[b[1]]);
    const rules = [...new Set(worst.map(f => ruleLabel(f[0])))].slice(0, 3).join("、");
    const counts = ["error", "warning", "info"].map((k, n) => s[n] ? `<b class="sev-${k}">${sevLabel(k)}${s[n]}</b>` : "").filter(Boolean).join(" ");
    return `<li data-key="${esc(c[0])}">${link(c)} <span class="muted">${esc(doc(c)[2])}</span> ${counts}：${esc(rules)}</li>`;
  }).join("") || "<li>没有符合条件的发现</li>";
  $("more-top").hidden = ranked.length <= topLimit;
  if ($("all-findings-box").open) {
    const items = [];
    for (const [c, own] of ranked) for (const f of own) { if (items.length >= findingsLimit) break; items.push(`<li class="finding sev-${esc(f[1])}"><b class="sev">${esc(sevLabel(f[1]))}</b> ${link(c)}（${esc(doc(c)[2])}）${esc(ruleLabel(f[0]))}：${esc(f[2])}</li>`); }
    for (const f of docLevel) { if (items.length >= findingsLimit) break; items.push(`<li class="finding sev-${esc(f[2])}"><b class="sev">${esc(sevLabel(f[2]))}</b> 文件 <span class="file">${esc((DOCS[f[0]] || [])[0])}</span>：${esc(ruleLabel(f[1]))}：${esc(f[3])}</li>`); }
    $("all-findings").innerHTML = items.join("");
    $("more-findings").hidden = total <= findingsLimit;
  }
}
["finding-department", "finding-rule", "finding-severity"].forEach(id => $(id).addEventListener("input", () => { topLimit = TOP_STEP; findingsLimit = FINDINGS_STEP; drawFindings(); }));
$("more-top").addEventListener("click", () => { topLimit += TOP_STEP; drawFindings(); });
$("more-findings").addEventListener("click", () => { findingsLimit += FINDINGS_STEP; drawFindings(); });
$("all-findings-box").addEventListener("toggle", drawFindings);
document.querySelectorAll("#rules tr.rule").forEach(tr => tr.addEventListener("click", () => {
  $("finding-rule").value = tr.dataset.rule; $("finding-severity").value = tr.dataset.severity; topLimit = TOP_STEP; drawFindings();
  $("top-projects").scrollIntoView();
}));
document.addEventListener("click", (e) => {
  const a = e.target.closest("a.finding-link");
  if (!a) return;
  e.preventDefault(); goTo(a.dataset.key); history.replaceState(null, "", "#p-" + a.dataset.key);
});

drawFindings();
if (location.hash.startsWith("#p-")) goTo(location.hash.slice(3));
</script>
</body>
</html>
"""
