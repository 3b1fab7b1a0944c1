// @ts-check
// 数据对比: one metric across the chosen reports (GET /api/figures), filtered by period
// and unit, sortable by any column (aria-sort on the header), each row linking to its
// paragraph with the figure highlighted, and the visible rows as a CSV download.
import { getJson } from "./api.js";
import { scopeLabel, valueLabel } from "./cards.js";
import { allDocs, chosenIds, docById, onChosenChange, placeOf } from "./docs.js";
import { el } from "./dom.js";

/**
 * @typedef {import("./cards.js").Scope} Scope
 * @typedef {{id: string, paragraphId: string, docId: string, report: string, metric: string, metricKey: string, valueText: string, value: number, valueHigh?: number, unit: string, baseValue: number | null, baseUnit: string, direction: string | null, qualifier: string | null, scope: Scope, start: number, end: number, quote: string}} FigureRow
 */

/** Metrics most reports give, offered as suggestions; any other metric can be typed. */
const SUGGESTED = [
  "地区生产总值", "经济增长", "城镇新增就业", "一般公共预算收入", "社会消费品零售总额", "规模以上工业增加值", "城镇调查失业率",
  "固定资产投资", "居民消费价格涨幅", "居民人均可支配收入", "技术合同成交额", "常住人口城镇化率", "粮食产量", "进出口总额",
  "高技术制造业增加值", "森林覆盖率", "全社会研发经费投入", "人均预期寿命", "高标准农田",
];
/** The API answers at most this many figures. */
const LIMIT = 500;
const UNIT_NAMES = /** @type {Record<string, string>} */ ({ "%": "百分比（%）", 元: "金额（元）", 人: "人数", 个百分点: "百分点" });

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @param {FigureRow} f */
function periodOrder(f) {
  const s = f.scope;
  if (s.kind === "result" || s.kind === "plan") return (s.year ?? 0) * 10 + (s.kind === "plan" ? 1 : 0);
  if (s.kind === "period-result" || s.kind === "period-plan") return (s.to ?? 0) * 10 + 5;
  return 0;
}

/**
 * The periods the loaded reports speak of, as filter choices: 2026年目标, 2025年实绩, “十四五”时期实绩, “十五五”时期目标.
 * Values are "period|year" for GET /api/figures.
 */
function periodChoices() {
  /** @type {Map<string, {label: string, order: number}>} */
  const out = new Map();
  for (const d of allDocs()) {
    out.set(`plan|${d.reportYear}`, { label: `${d.reportYear}年目标`, order: d.reportYear * 10 + 3 });
    out.set(`result|${d.reviewYear}`, { label: `${d.reviewYear}年实绩`, order: d.reviewYear * 10 + 2 });
    for (const p of d.fiveYearPlans) {
      if (p.to < d.reportYear) out.set(`period-result|${p.from}`, { label: `“${p.name}”时期实绩（${p.from}—${p.to}）`, order: p.to * 10 + 1 });
      if (p.from >= d.reportYear) out.set(`period-plan|${p.from}`, { label: `“${p.name}”时期目标（${p.from}—${p.to}）`, order: p.to * 10 });
    }
  }
  return [...out.entries()].sort((a, b) => b[1].order - a[1].order);
}

/**
 * One CSV field: quoted when it holds a comma, quote or line break; text a spreadsheet would run as a formula is prefixed with '.
 * @param {string | number | null | undefined} v
 */
function csvField(v) {
  if (v === null || v === undefined) return "";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** @param {FigureRow} f */
const readerLink = (f) => `/r?hl=${f.start}-${f.end}#${f.paragraphId}`;

/** @param {(c: {id: string, start: number, end: number}) => void} openInReader */
export function setupFigures(openInReader) {
  const form = /** @type {HTMLFormElement} */ ($("figures-form"));
  const metricInput = /** @type {HTMLInputElement} */ ($("fig-metric"));
  const periodSelect = /** @type {HTMLSelectElement} */ ($("fig-period"));
  const unitSelect = /** @type {HTMLSelectElement} */ ($("fig-unit"));
  const status = $("fig-status");
  const tbody = /** @type {HTMLTableSectionElement} */ ($("fig-rows"));
  const table = /** @type {HTMLTableElement} */ ($("fig-table"));
  const csvButton = /** @type {HTMLButtonElement} */ ($("fig-csv"));

  $("metric-list").replaceChildren(...SUGGESTED.map((m) => el("option", { value: m })));
  periodSelect.replaceChildren(el("option", { value: "", text: "全部时期" }), ...periodChoices().map(([value, p]) => el("option", { value, text: p.label })));
  // Start on the latest plans: the comparison people ask for first.
  const latestPlan = periodChoices().find(([v]) => v.startsWith("plan|"));
  if (latestPlan) periodSelect.value = latestPlan[0];

  /** @type {FigureRow[]} */
  let rows = [];
  let truncated = false;
  /** @type {{key: string, dir: "ascending" | "descending"}} */
  let sort = { key: "report", dir: "ascending" };
  let ran = false;
  let request = 0;

  const docOrder = (/** @type {string} */ id) => allDocs().findIndex((d) => d.id === id);
  const sortValue = (/** @type {FigureRow} */ f) => f.baseValue ?? f.value;
  /** @type {Record<string, (a: FigureRow, b: FigureRow) => number>} */
  const COMPARE = {
    report: (a, b) => docOrder(a.docId) - docOrder(b.docId),
    metric: (a, b) => a.metric.localeCompare(b.metric, "zh-CN"),
    value: (a, b) => sortValue(a) - sortValue(b) || (a.valueHigh ?? a.value) - (b.valueHigh ?? b.value),
    direction: (a, b) => (a.direction ?? "").localeCompare(b.direction ?? "", "zh-CN"),
    period: (a, b) => periodOrder(a) - periodOrder(b),
  };

  function visibleRows() {
    const unit = unitSelect.value;
    const shown = rows.map((f, i) => ({ f, i })).filter(({ f }) => !unit || f.baseUnit === unit);
    const cmp = COMPARE[sort.key] ?? COMPARE.report;
    const sign = sort.dir === "ascending" ? 1 : -1;
    // Stable: ties keep the server's order (report, then reading order).
    shown.sort((a, b) => sign * (cmp?.(a.f, b.f) ?? 0) || a.i - b.i);
    return shown.map(({ f }) => f);
  }

  function renderRows() {
    const shown = visibleRows();
    tbody.replaceChildren(
      ...shown.map((f) => {
        const doc = docById(f.docId);
        const quote = el("a", { href: readerLink(f), class: "fig-quote", "aria-label": `在报告原文中查看：${f.quote}`, text: f.quote });
        quote.addEventListener("click", (e) => {
          if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          openInReader({ id: f.paragraphId, start: f.start, end: f.end });
        });
        return el("tr", { "data-doc": f.docId }, [
          el("th", { scope: "row", "data-label": "报告", title: doc?.shortTitle ?? f.report, text: doc ? placeOf(doc) : f.report }),
          el("td", { "data-label": "指标", class: "meta", text: f.metric || "—" }),
          el("td", { "data-label": "数值", class: "num", "data-value": String(sortValue(f)), text: valueLabel(f) }),
          el("td", { "data-label": "增减" }, [f.direction ? el("span", { class: `dir ${f.direction === "下降" ? "down" : "up"}`, text: f.direction }) : "—"]),
          el("td", { "data-label": "时期", class: "meta", text: scopeLabel(f.scope) }),
          el("td", { "data-label": "原文", class: "quote-cell" }, [quote]),
        ]);
      }),
    );
    for (const th of table.querySelectorAll("thead th[data-key]")) {
      const key = th.getAttribute("data-key");
      if (key === sort.key) th.setAttribute("aria-sort", sort.dir);
      else th.removeAttribute("aria-sort");
    }
    const reports = new Set(shown.map((f) => f.docId)).size;
    const units = new Set(rows.map((f) => f.baseUnit));
    let line = shown.length ? `${shown.length} 条数字，来自 ${reports} 份报告。` : "没有找到这样的数字：换个指标名称或时期试试。";
    if (truncated) line += `只显示前 ${LIMIT} 条，请缩小范围。`;
    if (units.size > 1 && !unitSelect.value) line += "含不同计量单位，按数值排序前可先选一种计量。";
    status.textContent = line;
    csvButton.disabled = shown.length === 0;
  }

  function fillUnits() {
    const before = unitSelect.value;
    const units = [...new Set(rows.map((f) => f.baseUnit))];
    unitSelect.replaceChildren(el("option", { value: "", text: "全部" }), ...units.map((u) => el("option", { value: u, text: UNIT_NAMES[u] ?? u })));
    unitSelect.value = units.includes(before) ? before : "";
  }

  async function run() {
    ran = true;
    const mine = ++request;
    const params = new URLSearchParams({ limit: String(LIMIT) });
    const metric = metricInput.value.trim();
    if (metric) params.set("metric", metric);
    const [period, year] = periodSelect.value.split("|");
    if (period) params.set("period", period);
    if (year) params.set("year", year);
    const ids = chosenIds();
    if (ids.length) params.set("docIds", ids.join(","));
    const caption = table.querySelector("caption");
    if (caption) caption.textContent = `${metric || "全部指标"} · ${periodSelect.selectedOptions[0]?.text ?? "全部时期"}：各报告中的数字`;
    status.textContent = "正在查询…";
    table.setAttribute("aria-busy", "true");
    try {
      const data = await getJson(`/api/figures?${params}`);
      if (mine !== request) return;
      rows = data.figures;
      truncated = data.count >= LIMIT;
      fillUnits();
      renderRows();
    } catch (err) {
      if (mine !== request) return;
      rows = [];
      tbody.replaceChildren();
      status.textContent = `出错了：${/** @type {Error} */ (err).message}`;
      csvButton.disabled = true;
    } finally {
      if (mine === request) table.setAttribute("aria-busy", "false");
    }
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  periodSelect.addEventListener("change", run);
  unitSelect.addEventListener("change", renderRows);
  onChosenChange(() => {
    if (ran) run();
  });

  for (const th of table.querySelectorAll("thead th[data-key]")) {
    const key = th.getAttribute("data-key") ?? "report";
    th.querySelector("button")?.addEventListener("click", () => {
      // A new column sorts numbers largest first and text in order; a second click reverses.
      sort = sort.key === key ? { key, dir: sort.dir === "ascending" ? "descending" : "ascending" } : { key, dir: key === "value" ? "descending" : "ascending" };
      renderRows();
    });
  }

  csvButton.addEventListener("click", () => {
    const shown = visibleRows();
    const header = ["report", "place", "metric", "value", "valueHigh", "unit", "direction", "qualifier", "period", "quote", "paragraphId"];
    const lines = [header.join(",")];
    for (const f of shown) {
      const doc = docById(f.docId);
      lines.push([f.report, doc?.place.name ?? "", f.metric, f.value, f.valueHigh ?? "", f.unit, f.direction ?? "", f.qualifier ?? "", scopeLabel(f.scope), f.quote, f.paragraphId].map(csvField).join(","));
    }
    // With a byte-order mark, Excel reads the file as UTF-8 and shows the Chinese.
    const blob = new Blob(["\ufeff", lines.join("\r\n"), "\r\n"], { type: "text/csv;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const name = [metricInput.value.trim() || "全部指标", periodSelect.selectedOptions[0]?.text ?? ""].filter(Boolean).join("-").replace(/[\\/:*?"<>|“”（）]/g, "");
    const a = el("a", { href: url, download: `数据对比-${name}.csv`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });

  return {
    /** Runs the first query when the tab is first shown. */
    shown() {
      if (!ran) run();
    },
  };
}
