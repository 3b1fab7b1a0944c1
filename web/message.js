// @ts-check
// One message of the conversation as DOM: the question (with what it was understood
// as, when a follow-up was read after earlier questions), then the answer — its parts
// with numbered citation markers, figure cards, the cited paragraphs with the proof
// quote highlighted and the context passages folded away — or a failure with 重试.
// The same code draws a message while it streams in and after a reload.
import { citationCard, figureCard } from "./cards.js";
import { docById } from "./docs.js";
import { el } from "./dom.js";
import { copyAnswer, copyShareLink, RELATED_LEAD, shownInterpretation } from "./share.js";

/** The server opens each report's first part of a several-report answer with 【广西】. */
const LABEL = /^【[^】]{1,30}】/;

/**
 * @typedef {import("./conversation.js").Message} Message
 * @typedef {import("./conversation.js").AnswerRecord} AnswerRecord
 * @typedef {{open: (c: any) => void, retry: (m: Message) => void}} Actions
 */

/** The id of a citation card: unique per message, so a marker never lands in another answer. */
export const citeId = (/** @type {Message} */ m, /** @type {number} */ n) => `cite-${m.id}-${n}`;

/** @param {Message} m */
export function questionItem(m) {
  const understood = shownInterpretation(m);
  return el("li", { class: "msg user", "data-msg": m.id }, [
    el("span", { class: "who", text: "问" }),
    el("p", { class: "question-text", text: m.question }),
    understood ? el("p", { class: "interpreted", text: `理解为：${understood}` }) : null,
  ]);
}

/**
 * @param {Message} m
 * @param {Actions} actions
 */
export function answerItem(m, actions) {
  const item = el("li", { class: "msg bot", id: `msg-${m.id}`, "data-msg": m.id, tabindex: "-1", "aria-busy": String(m.state === "pending") });
  item.append(el("span", { class: "who", text: "答" }));
  if (m.state === "error" && m.failure) {
    const retry = el("button", { type: "button", class: "retry", text: "重试" });
    retry.addEventListener("click", () => actions.retry(m));
    item.classList.add("failed");
    item.append(
      el("div", { class: "error", role: "alert" }, [
        el("p", { class: "error-text", text: `出错了：${m.failure.text}` }),
        m.failure.detail ? el("p", { class: "error-detail", text: `服务器说明：${m.failure.detail}` }) : null,
      ]),
      el("div", { class: "msg-actions" }, [retry]),
    );
    return item;
  }
  const a = m.answer;
  if (!a || !a.parts.length) {
    item.append(el("p", { class: "pending", text: "正在查找答案" }));
    return item;
  }
  if (a.status === "not_in_report") {
    item.classList.add("refused");
    item.append(el("strong", { class: "refusal", text: "报告没有说" }));
  } else if (a.status === "related") {
    item.classList.add("related");
    item.append(el("strong", { class: "related-label", text: "没有找到直接回答 · 以下是报告中最相关的内容，仅供参考" }));
  }
  item.append(partsView(m, a));
  if (m.state !== "done") return item;
  if (a.figures.length && a.status === "answered") item.append(el("div", { class: "figures" }, a.figures.map(figureCard)));
  item.append(...sources(m, a, actions));
  item.append(
    el("div", { class: "msg-actions" }, [
      action("复制回答", () => copyAnswer(m), `复制回答：${m.question}`),
      action("复制链接", () => copyShareLink(m), `复制这个问题的分享链接：${m.question}`),
      a.timings ? el("span", { class: "timing", text: `${Math.round(a.timings.totalMs)} 毫秒` }) : null,
    ]),
  );
  return item;
}

/**
 * @param {string} label
 * @param {() => void} onClick
 * @param {string} ariaLabel
 */
function action(label, onClick, ariaLabel) {
  const b = el("button", { type: "button", class: "secondary", "aria-label": ariaLabel, text: label });
  b.addEventListener("click", onClick);
  return b;
}

/**
 * The answer's parts, one block per report, each part followed by its citation's marker.
 * @param {Message} m
 * @param {AnswerRecord} a
 */
function partsView(m, a) {
  const text = el("p", { class: "answer-text" });
  let group = /** @type {HTMLElement | null} */ (null);
  let groupDoc = /** @type {string | null | undefined} */ (undefined);
  const reports = new Set();
  for (const [i, p] of a.parts.entries()) {
    let part = p.text;
    // The label above says what this is; the server's lead-in would say it twice.
    if (i === 0 && a.status === "related") part = part.replace(RELATED_LEAD, "");
    if (!group || p.docId !== groupDoc) {
      // A new report: its own block; the "；" joining it to the one before is dropped.
      if (group) part = part.replace(/^；/, "");
      const doc = docById(p.docId);
      group = el("span", { class: "part-group", "data-doc": p.docId ?? undefined, title: doc?.shortTitle ?? p.report ?? undefined });
      groupDoc = p.docId;
      text.append(group);
      if (p.docId) reports.add(p.docId);
      if (reports.size > 1) text.classList.add("several");
      const label = part.match(LABEL)?.[0];
      if (label) {
        group.append(el("strong", { class: "report-label", text: label }));
        part = part.slice(label.length);
      }
    }
    group.append(part);
    if (p.citation) group.append(el("sup", { class: "marker" }, [el("a", { href: `#${citeId(m, p.citation)}`, "data-cite": citeId(m, p.citation), "aria-label": `引用${p.citation}`, text: `[${p.citation}]` })]));
  }
  return text;
}

/**
 * The cited paragraphs. An answer's proof quotes are shown with the quote highlighted;
 * passages given only as context are folded and not highlighted (they prove nothing).
 * A refusal's nearest passages are what it offers, so they stay open, unhighlighted.
 * @param {Message} m
 * @param {AnswerRecord} a
 * @param {Actions} actions
 */
function sources(m, a, actions) {
  if (!a.citations.length) return [];
  /** @param {any} c @param {number} i @param {boolean} proof */
  const card = (c, i, proof) => {
    const li = citationCard(c, i + 1, actions.open, proof);
    li.id = citeId(m, i + 1);
    li.tabIndex = -1;
    return li;
  };
  const numbered = a.citations.map((c, i) => ({ c, i }));
  if (a.status !== "answered") {
    return [
      el("h3", { class: "sources-title", text: a.status === "related" ? "最相关的段落" : "最接近的段落" }),
      el("ol", { class: "citations" }, numbered.map(({ c, i }) => card(c, i, false))),
    ];
  }
  const proof = numbered.filter(({ c }) => c.role !== "context");
  const context = numbered.filter(({ c }) => c.role === "context");
  return [
    proof.length ? el("h3", { class: "sources-title", text: "出处" }) : null,
    proof.length ? el("ol", { class: "citations" }, proof.map(({ c, i }) => card(c, i, true))) : null,
    context.length
      ? el("details", { class: "context" }, [
          el("summary", { text: `相关段落（${context.length}），仅供参考` }),
          el("ol", { class: "citations" }, context.map(({ c, i }) => card(c, i, false))),
        ])
      : null,
  ].filter((x) => x !== null);
}
