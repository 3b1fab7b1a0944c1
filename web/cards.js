// @ts-check
// Citation and figure cards, shared by the chat and the claim check.
import { copyCitation, el, marked } from "./dom.js";

/** @typedef {{id: string, docId: string, section: string, text: string, quote: string, start: number, end: number, paragraphStart: number, reference: string, role: string, scope: {kind: string, year?: number}}} Citation */

/** Characters of the paragraph shown on each side of a quote. */
const CONTEXT_CHARS = 60;

/** @param {{kind: string, year?: number}} scope */
export function scopeLabel(scope) {
  if (scope.kind === "result") return `${scope.year}年实绩`;
  if (scope.kind === "plan") return `${scope.year}年目标/安排`;
  if (scope.kind === "definition") return "附注释义";
  return "报告";
}

/**
 * A cited paragraph with the quote highlighted, a button to open it in the report and one to copy the reference.
 * @param {Citation} c
 * @param {number} n
 * @param {(c: Citation) => void} open
 */
export function citationCard(c, n, open) {
  const from = c.start - c.paragraphStart;
  // Long paragraphs are shown around the quote; the whole paragraph is one click away.
  const lo = Math.max(0, from - CONTEXT_CHARS);
  const hi = Math.min(c.text.length, from + c.quote.length + CONTEXT_CHARS);
  const shown = c.text.slice(lo, hi);
  return el("li", { class: "citation" }, [
    el("div", { class: "ref" }, [el("span", { class: "num", text: `[${n}]` }), ` ${c.reference}`, el("span", { class: "scope", text: scopeLabel(c.scope) })]),
    el("p", { class: "quote" }, [lo > 0 ? "…" : "", ...marked(shown, from - lo, from - lo + c.quote.length), hi < c.text.length ? "…" : ""]),
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

/**
 * A figure as a small card: metric, value and unit, change, period, source.
 * @param {{metric: string, valueText: string, unit: string, direction: string | null, qualifier: string | null, scope: {kind: string, year?: number}, quote: string}} f
 */
export function figureCard(f) {
  return el("div", { class: "figure-card" }, [
    el("div", { class: "metric", text: f.metric || "数字" }),
    el("div", { class: "value" }, [f.direction ? el("span", { class: `dir ${f.direction === "下降" ? "down" : "up"}`, text: f.direction }) : null, `${f.qualifier ?? ""}${f.valueText}`, el("span", { class: "unit", text: f.unit })]),
    el("div", { class: "period", text: scopeLabel(f.scope) }),
  ]);
}
