// @ts-check
// A message as text to copy (the answer with its references) and as a link that asks
// its question again (/?q=…).
import { toast } from "./dom.js";

/** How the server opens a "related" answer: the report's most relevant passage, not an answer. */
export const RELATED_LEAD = /^报告中最相关的内容是：/;

/** @typedef {import("./conversation.js").Message} Message */

/** @param {string} s the server reads questions NFKC-normalised with runs of space collapsed */
const normal = (s) => s.normalize("NFKC").replace(/\s+/g, " ").trim();

/**
 * What a follow-up was understood as, when that differs from what was typed.
 * @param {Message} m
 */
export function shownInterpretation(m) {
  const i = m.answer?.interpretedAs;
  return i && normal(i) !== normal(m.question) ? i : null;
}

/**
 * The answer as one line, with its [n] markers.
 * @param {Message} m
 */
export function answerText(m) {
  return (m.answer?.parts ?? []).map((p) => `${p.text}${p.citation ? `[${p.citation}]` : ""}`).join("");
}

/**
 * 问：… 答：… and the references of its citations, numbered as in the answer.
 * @param {Message} m
 */
export function answerForCopy(m) {
  const a = m.answer;
  if (!a) return "";
  const understood = shownInterpretation(m);
  const lines = [`问：${m.question}`];
  if (understood) lines.push(`（理解为：${understood}）`);
  lines.push(`答：${answerText(m)}`);
  if (a.citations.length) {
    lines.push(a.status === "answered" ? "出处：" : a.status === "related" ? "最相关的段落：" : "最接近的段落：");
    a.citations.forEach((c, i) => lines.push(`[${i + 1}] ${c.reference}：“${c.quote}”`));
  }
  return lines.join("\n");
}

/**
 * A link that asks the question again: the standalone question, so that a follow-up
 * (那2023年的目标呢？) still makes sense without the conversation before it.
 * @param {Message} m
 */
export function shareUrl(m) {
  return `${location.origin}/?q=${encodeURIComponent(m.answer?.interpretedAs || m.question)}`;
}

/** @param {string} text @param {string} done */
async function copy(text, done) {
  try {
    await navigator.clipboard.writeText(text);
    toast(done);
  } catch {
    // No clipboard (insecure origin, permission refused): show the text to copy by hand.
    toast(text);
  }
}

/** @param {Message} m */
export const copyAnswer = (m) => copy(answerForCopy(m), "已复制回答和出处");
/** @param {Message} m */
export const copyShareLink = (m) => copy(shareUrl(m), "已复制分享链接");
