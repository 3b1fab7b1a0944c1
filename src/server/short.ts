/**
 * The hotline style: one plain answer of at most ~120 characters and one
 * paragraph reference, ready for an SMS or a chat bot; a fixed polite reply when
 * the report does not answer.
 */
import type { Answer } from "../types.js";

export interface ShortAnswer {
  answer: string;
  answerable: boolean;
  reference: string | null;
  paragraphId: string | null;
}

export function shortAnswer(answer: Answer, maxChars: number, refusal: string): ShortAnswer {
  if (answer.status !== "answered") return { answer: refusal, answerable: false, reference: null, paragraphId: null };
  // Several reports answer a question that names no place: a hotline asks which place is meant.
  if (answer.routing.by === "several") {
    const places = [...new Set(answer.parts.map((p) => p.report.replace(/\d{4}年政府工作报告$/, "")))];
    return { answer: `您问的是哪个地方？${places.join("、")}的报告都有相关内容，请说明地方再问。`, answerable: true, reference: null, paragraphId: null };
  }
  const first = answer.citations.find((c) => c.role === "answer") ?? answer.citations[0]!;
  // The first quoted part, with its period label; cut at a clause boundary when too long.
  let text = answer.parts[0]?.text ?? answer.answer;
  if (text.length > maxChars) {
    const cut = text.slice(0, maxChars);
    const boundary = Math.max(cut.lastIndexOf("，"), cut.lastIndexOf(","), cut.lastIndexOf("、"));
    text = `${boundary > maxChars / 2 ? cut.slice(0, boundary) : cut}…`;
  }
  return { answer: `${text}。`.replace(/[。.]+$/, "。"), answerable: true, reference: first.reference, paragraphId: first.id };
}
