/**
 * The hotline style: one plain answer of at most ~120 characters and one
 * paragraph reference, ready for an SMS or a chat bot; a fixed polite reply when
 * the report does not answer; and when it answers only in other words, a polite
 * "not directly" followed by the report's most relevant sentence.
 */
import type { Answer } from "../types.js";

export interface ShortAnswer {
  answer: string;
  /** "answered", "related" (the report does not say it directly; its most relevant sentence follows) or "not_in_report". */
  status: Answer["status"];
  answerable: boolean;
  reference: string | null;
  paragraphId: string | null;
}

/** Cut at a clause boundary when too long. */
function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const boundary = Math.max(cut.lastIndexOf("，"), cut.lastIndexOf(","), cut.lastIndexOf("、"));
  return `${boundary > maxChars / 2 ? cut.slice(0, boundary) : cut}…`;
}

const sentence = (text: string) => `${text}。`.replace(/[。.]+$/, "。");

export function shortAnswer(answer: Answer, maxChars: number, refusal: string, relatedIntro: string): ShortAnswer {
  if (answer.status === "not_in_report") return { answer: refusal, status: "not_in_report", answerable: false, reference: null, paragraphId: null };
  if (answer.status === "related") {
    const cited = answer.citations[answer.parts[0]?.citation ?? 0]!;
    return { answer: `${relatedIntro}${sentence(clip(cited.quote, maxChars))}`, status: "related", answerable: false, reference: cited.reference, paragraphId: cited.id };
  }
  // Several reports answer a question that names no place: a hotline asks which place is meant.
  if (answer.routing.by === "several") {
    const places = [...new Set(answer.parts.map((p) => p.report.replace(/\d{4}年政府工作报告$/, "")))];
    return { answer: `您问的是哪个地方？${places.join("、")}的报告都有相关内容，请说明地方再问。`, status: "answered", answerable: true, reference: null, paragraphId: null };
  }
  const first = answer.citations.find((c) => c.role === "answer") ?? answer.citations[0]!;
  // The first quoted part, with its period label.
  const text = clip(answer.parts[0]?.text ?? answer.answer, maxChars);
  return { answer: sentence(text), status: "answered", answerable: true, reference: first.reference, paragraphId: first.id };
}
