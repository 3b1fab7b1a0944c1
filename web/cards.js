// @ts-check
// Citation and figure cards, shared by the chat and the claim check.
import { allDocs, docById, placeOf } from "./docs.js";
import { copyCitation, el, marked } from "./dom.js";

/** @typedef {{kind: string, year?: number, from?: number, to?: number, name?: string}} Scope */
/** @typedef {{id: string, docId: string, report?: string, section: string, text: string, quote: string, start: number, end: number, paragraphStart: number, reference: string, role: string, scope: Scope}} Citation */

/** Characters of the paragraph shown on each side of a quote. */
const CONTEXT_CHARS = 60;

/** @param {Scope} scope */
export function scopeLabel(scope) {
  if (scope.kind === "result") return `${scope.year}年实绩`;
  if (scope.kind === "plan") return `${scope.year}年目标/安排`;
  if (scope.kind === "period-result") return `“${scope.name}”时期实绩（${scope.from}—${scope.to}年）`;
  if (scope.kind === "period-plan") return `“${scope.name}”时期目标（${scope.from}—${scope.to}年）`;
  if (scope.kind === "definition") return "附注释义";
  return "报告";
}

/**
 * The report a citation or figure comes from, as a small label; none when only one report is loaded.
 * @param {string | null | undefined} docId
 * @param {string} [fallback] the report's short title as the server gave it
 */
export function reportBadge(docId, fallback) {
  if (allDocs().length < 2) return null;
  const d = docById(docId);
  const name = d ? placeOf(d) : fallback;
  if (!name) return null;
  return el("span", { class: "report-badge", title: d?.shortTitle ?? fallback, text: name });
}

/**
 * A cited paragraph with the quote highlighted, a button to open it in the report and one to copy the reference.
 * @param {Citation} c
 * @param {number} n
 * @param {(c: Citation) => void} open
 * @param {boolean} [proof] false for a passage shown only as context: its words are not highlighted
 */
export function citationCard(c, n, open, proof = true) {
  const from = c.start - c.paragraphStart;
  // Long paragraphs are shown around the quote; the whole paragraph is one click away.
  const lo = Math.max(0, from - CONTEXT_CHARS);
  const hi = Math.min(c.text.length, from + c.quote.length + CONTEXT_CHARS);
  const shown = c.text.slice(lo, hi);
  return el("li", { class: proof ? "citation proof" : "citation context" }, [
    el("div", { class: "ref" }, [el("span", { class: "num", text: `[${n}]` }), reportBadge(c.docId, c.report), ` ${c.reference}`, el("span", { class: "scope", text: scopeLabel(c.scope) })]),
    el("p", { class: "quote" }, [lo > 0 ? "…" : "", ...(proof ? marked(shown, from - lo, from - lo + c.quote.length) : [shown]), hi < c.text.length ? "…" : ""]),
    el("div", { class: "actions" }, [
      button("在原文中查看", () => open(c), `在报告原文中查看引用${n}`),
      button("复制引用", () => copyCitation(c), `复制引用${n}`),
    ]),
  ]);
}

/**
 * @param {string} label
 * @param {() => void} onClick
 * @param {string} [ariaLabel]
 */
export function button(label, onClick, ariaLabel) {
  const b = el("button", { type: "button", class: "link", "aria-label": ariaLabel }, [label]);
  b.addEventListener("click", onClick);
  return b;
}

const SUFFIX = /(以上|左右|以内|以下)$/;

/**
 * A figure's value as the report puts it: 5%—5.5%, 5%左右, 超过2.5万亿元, 3万余个.
 * @param {{valueText: string, valueHigh?: number, unit: string, qualifier: string | null}} f
 */
export function valueLabel(f) {
  const q = f.qualifier ?? "";
  const after = q.match(SUFFIX)?.[0] ?? "";
  const yu = q.includes("余");
  const before = q.replace(SUFFIX, "").replace("余", "");
  const multiplier = f.unit.match(/^(万亿|亿|万)/)?.[0];
  const unit = yu ? (multiplier ? `${multiplier}余${f.unit.slice(multiplier.length)}` : `余${f.unit}`) : f.unit;
  const number = f.valueHigh === undefined || f.valueHigh === null ? f.valueText : f.unit === "%" ? `${f.valueText}%—${f.valueHigh}` : `${f.valueText}—${f.valueHigh}`;
  return `${before}${number}${unit}${after}`;
}

/**
 * A figure as a small card: metric, value and unit, change, period, source.
 * @param {{docId?: string, metric: string, valueText: string, valueHigh?: number, unit: string, direction: string | null, qualifier: string | null, scope: Scope, quote: string}} f
 */
export function figureCard(f) {
  return el("div", { class: "figure-card" }, [
    el("div", { class: "metric" }, [reportBadge(f.docId), f.metric || "数字"]),
    el("div", { class: "value" }, [f.direction ? el("span", { class: `dir ${f.direction === "下降" ? "down" : "up"}`, text: f.direction }) : null, valueLabel(f)]),
    el("div", { class: "period", text: scopeLabel(f.scope) }),
  ]);
}
