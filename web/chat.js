// @ts-check
// The conversation: the answer streams in part by part, each part followed by the
// number of the citation it rests on; then the citations, with the quote highlighted.
import { postStream } from "./api.js";
import { citationCard, figureCard } from "./cards.js";
import { el, onTextSubmit } from "./dom.js";

/** @param {(c: import("./cards.js").Citation) => void} openInReader */
export function setupChat(openInReader) {
  const list = /** @type {HTMLOListElement} */ (document.getElementById("conversation"));

  onTextSubmit("ask-form", "question", async (question, input) => {
    input.value = "";
    list.append(el("li", { class: "msg user" }, [el("span", { class: "who", text: "问" }), el("p", { text: question })]));
    const text = el("p", { class: "answer-text" });
    const bubble = el("li", { class: "msg bot", "aria-busy": "true" }, [el("span", { class: "who", text: "答" }), text]);
    list.append(bubble);
    bubble.scrollIntoView({ block: "end" });
    try {
      await postStream("/api/ask/stream", { question }, (name, data) => {
        if (name === "start" && !data.answerable) {
          bubble.classList.add("refused");
          bubble.insertBefore(el("strong", { class: "refusal", text: "报告没有说" }), text);
        }
        if (name === "delta") {
          text.append(data.text);
          if (data.citation) text.append(el("sup", { class: "marker" }, [el("a", { href: `#cite-${list.children.length}-${data.citation}`, text: `[${data.citation}]` })]));
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
