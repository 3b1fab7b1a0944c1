// @ts-check
// Claim check for journalists: the verdict, the mismatching figure highlighted in the
// claim and in the source, and the evidence as citations.
import { postJson } from "./api.js";
import { citationCard, figureCard } from "./cards.js";
import { allDocs, docById, loadDocuments, scopeBody } from "./docs.js";
import { el, onTextSubmit } from "./dom.js";

const VERDICT = { supported: "属实", contradicted: "与报告不符", partially_supported: "部分属实", not_found: "报告中没有" };
const MISMATCH = { direction: "增减方向", value: "数值", unit: "单位", period: "年份/时期", qualifier: "限定词" };

/**
 * The claim with each checked figure marked: wrong ones in red, right ones in green.
 * @param {string} claim
 * @param {{claimed: string, verdict: string}[]} checks
 */
function markedClaim(claim, checks) {
  /** @type {(Node | string)[]} */
  const out = [];
  let rest = claim.normalize("NFKC");
  for (const c of checks) {
    const at = rest.indexOf(c.claimed);
    if (at < 0) continue;
    out.push(rest.slice(0, at), el("mark", { class: c.verdict === "supported" ? "ok" : "bad", text: c.claimed }));
    rest = rest.slice(at + c.claimed.length);
  }
  out.push(rest);
  return out;
}

/** @param {(c: {id: string, start: number, end: number}) => void} openInReader */
export function setupCheck(openInReader) {
  const out = /** @type {HTMLElement} */ (document.getElementById("check-result"));
  onTextSubmit("check-form", "claim", async (claim) => {
    out.replaceChildren(el("p", { class: "pending", text: "正在核对…" }));
    try {
      await loadDocuments();
      const r = await postJson("/api/check", { claim, ...scopeBody() });
      const verdict = /** @type {Record<string, string>} */ (VERDICT)[r.verdict] ?? r.verdict;
      const against = docById(r.docId);
      out.replaceChildren(
        el("div", { class: `verdict ${r.verdict}` }, [
          el("h2", { text: verdict }),
          el("p", { class: "claim" }, markedClaim(claim, r.checks)),
          el("p", { class: "explanation", text: r.explanation }),
          against && allDocs().length > 1 ? el("p", { class: "against", text: `核对依据：《${against.shortTitle}》` }) : null,
          ...r.checks
            .filter((/** @type {any} */ c) => c.mismatches.length)
            .map((/** @type {any} */ c) => el("p", { class: "mismatch", text: `不符之处：${c.mismatches.map((/** @type {string} */ m) => /** @type {Record<string, string>} */ (MISMATCH)[m] ?? m).join("、")}` })),
        ]),
        el("div", { class: "figures" }, r.checks.filter((/** @type {any} */ c) => c.figure).map((/** @type {any} */ c) => figureCard(c.figure))),
        el("h3", { text: "报告原文" }),
        el("ol", { class: "citations" }, r.evidence.map((/** @type {any} */ c, /** @type {number} */ i) => citationCard(c, i + 1, openInReader))),
      );
    } catch (err) {
      out.replaceChildren(el("p", { class: "error", role: "alert", text: `出错了：${/** @type {Error} */ (err).message}` }));
    }
  });
}
