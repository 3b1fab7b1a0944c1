// @ts-check
// The first screen of the chat: one line on the reports loaded and a few example
// questions, made from figures the chosen report really gives (GET /api/figures), so
// every example has an answer. A click asks it.
import { getJson } from "./api.js";
import { allDocs, chosenDocs, placeOf } from "./docs.js";
import { el } from "./dom.js";

/** Metrics most reports state, in the order examples prefer them (matched on the API's metricKey). */
const PREFERRED = ["地区生产总值", "城镇新增就业", "一般公共预算收入", "居民人均可支配收入", "社会消费品零售总额", "粮食产量", "固定资产投资", "规模以上工业增加值"];

/** "已载入 22 份报告：2023年 柳北区；2026年 安徽省、重庆市…" */
export function reportsLine() {
  const docs = allDocs();
  if (docs.length === 1 && docs[0]) return `已载入 1 份报告：《${docs[0].shortTitle}》`;
  /** @type {Map<number, string[]>} */
  const byYear = new Map();
  for (const d of docs) byYear.set(d.reportYear, [...(byYear.get(d.reportYear) ?? []), placeOf(d)]);
  const groups = [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([year, places]) => `${year}年 ${places.join("、")}`);
  return `已载入 ${docs.length} 份报告：${groups.join("；")}`;
}

/**
 * Metrics the report states for a period, most common first.
 * @param {string} docId
 * @param {"result" | "plan"} period
 * @param {number} year
 */
async function metricsOf(docId, period, year) {
  const params = new URLSearchParams({ docIds: docId, period, year: String(year), limit: "500" });
  const data = await getJson(`/api/figures?${params}`);
  const keys = new Set(data.figures.map((/** @type {{metricKey: string}} */ f) => f.metricKey));
  return PREFERRED.filter((m) => keys.has(m));
}

/** Up to three questions the first chosen report answers. */
export async function exampleQuestions() {
  const d = chosenDocs()[0];
  if (!d) return [];
  const place = allDocs().length > 1 ? placeOf(d) : "";
  const [results, plans] = await Promise.all([metricsOf(d.id, "result", d.reviewYear), metricsOf(d.id, "plan", d.reportYear)]);
  return [
    ...results.slice(0, 2).map((m) => `${place}${d.reviewYear}年${m}是多少？`),
    ...plans.slice(0, 1).map((m) => `${place}${d.reportYear}年${m}的目标是多少？`),
  ];
}

/** @param {(question: string) => void} ask */
export async function showExamples(ask) {
  const line = /** @type {HTMLElement} */ (document.getElementById("chat-reports"));
  const box = /** @type {HTMLElement} */ (document.getElementById("examples"));
  line.textContent = reportsLine();
  let questions = /** @type {string[]} */ ([]);
  try {
    questions = await exampleQuestions();
  } catch {
    // Examples are a convenience: without them the page works as before.
  }
  box.replaceChildren(
    ...questions.map((q) => {
      const b = el("button", { type: "button", class: "example", text: q });
      b.addEventListener("click", () => ask(q));
      return el("li", {}, [b]);
    }),
  );
  /** @type {HTMLElement} */ (document.getElementById("examples-title")).hidden = questions.length === 0;
}
