// @ts-check
// The conversation: the answer streams in part by part, each part followed by the
// number of the citation it rests on; then the citations, with the quote highlighted.
// An answer drawn from several reports is shown in one block per report.
import { postStream } from "./api.js";
import { citationCard, figureCard } from "./cards.js";
import { docById, loadDocuments, scopeBody } from "./docs.js";
import { el, onTextSubmit } from "./dom.js";

/** The server opens each report's first part of a several-report answer with 【广西】. */
const LABEL = /^【[^】]{1,30}】/;

/** @param {(c: {id: string, start: number, end: number}) => void} openInReader */
export function setupChat(openInReader) {
  const list = /** @type {HTMLOListElement} */ (document.getElementById("conversation"));

  onTextSubmit("ask-form", "question", async (question, input) => {
    input.value = "";
    list.append(el("li", { class: "msg user" }, [el("span", { class: "who", text: "问" }), el("p", { text: question })]));
    const text = el("p", { class: "answer-text" });
    const bubble = el("li", { class: "msg bot", "aria-busy": "true" }, [el("span", { class: "who", text: "答" }), text]);
    list.append(bubble);
    bubble.scrollIntoView({ block: "end" });
    /** One span per report the answer speaks from, in order. */
    let group = /** @type {HTMLElement | null} */ (null);
    let groupDoc = /** @type {string | null | undefined} */ (undefined);
    const reports = new Set();
    try {
      await loadDocuments();
      await postStream("/api/ask/stream", { question, ...scopeBody() }, (name, data) => {
        if (name === "start" && data.status === "related") {
          // Not a direct answer: the report's most relevant passage, cited, said to be only that.
          bubble.classList.add("related");
          bubble.insertBefore(el("strong", { class: "refusal", text: "报告没有直接说" }), text);
        } else if (name === "start" && !data.answerable) {
          bubble.classList.add("refused");
          bubble.insertBefore(el("strong", { class: "refusal", text: "报告没有说" }), text);
        }
        if (name === "delta") {
          let part = String(data.text);
          if (!group || data.docId !== groupDoc) {
            // A new report: its own block; the "；" joining it to the one before is dropped.
            if (group) part = part.replace(/^；/, "");
            const doc = docById(data.docId);
            group = el("span", { class: "part-group", "data-doc": data.docId ?? undefined, title: doc?.shortTitle ?? data.report ?? undefined });
            groupDoc = data.docId;
            text.append(group);
            if (data.docId) reports.add(data.docId);
            if (reports.size > 1) text.classList.add("several");
            const label = part.match(LABEL)?.[0];
            if (label) {
              group.append(el("strong", { class: "report-label", text: label }));
              part = part.slice(label.length);
            }
          }
          group.append(part);
          if (data.citation) group.append(el("sup", { class: "marker" }, [el("a", { href: `#cite-${list.children.length}-${data.citation}`, text: `[${data.citation}]` })]));
        }
        if (name === "citations") {
          const n = list.children.length;
          if (data.figures.length) bubble.append(el("div", { class: "figures" }, data.figures.map(figureCard)));
          if (data.citations.length) {
            const refused = bubble.classList.contains("refused");
            bubble.append(el("h3", { class: "sources-title", text: refused ? "最接近的段落" : "出处" }));
            const cites = el("ol", { class: "citations" });
            data.citations.forEach((/** @type {any} */ c, /** @type {number} */ i) => {
              const card = citationCard(c, i + 1, openInReader);
              card.id = `cite-${n}-${i + 1}`;
              cites.append(card);
            });
            bubble.append(cites);
          }
        }
        if (name === "done") bubble.append(el("p", { class: "timing", text: `${Math.round(data.timings.totalMs)} 毫秒` }));
      });
    } catch (err) {
      bubble.append(el("p", { class: "error", role: "alert", text: `出错了：${/** @type {Error} */ (err).message}` }));
    } finally {
      bubble.setAttribute("aria-busy", "false");
    }
  });
}
