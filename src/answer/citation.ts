/** Builds citations and the human-readable references delegates copy. */
import type { Citation, Paragraph, ReportDocument } from "../types.js";

/** 一、2022年工作回顾 → 一、 ; (六)落实… → (六) */
function label(heading: string): string {
  return heading.match(/^[一二三四五六七八九十]+、/)?.[0] ?? heading.match(/^[(（][一二三四五六七八九十]+[)）]/)?.[0] ?? heading;
}

/** e.g. 《柳北区2023年政府工作报告》一、(六) 第3段 */
export function reference(p: Paragraph, doc: ReportDocument | undefined): string {
  const title = `《${doc?.shortTitle ?? p.docId}》`;
  switch (p.kind) {
    case "note":
      return `${title}附注${p.noteNumber}`;
    case "honour":
      return `${title}荣誉名单·${(p.sectionPath[1] ?? "").replace(/[:：]$/, "")} 第${p.ordinal}项`;
    case "body":
      return `${title}${p.sectionPath.map(label).join("")} 第${p.ordinal}段`.replace(/》 /, "》");
    default:
      return `${title}${p.sectionPath.map(label).join("") || p.text.slice(0, 20)}`;
  }
}

export function citation(p: Paragraph, doc: ReportDocument | undefined, quoteStart: number, quoteEnd: number, score: number, role: Citation["role"]): Citation {
  const start = Math.max(p.start, Math.min(quoteStart, p.end));
  const end = Math.max(start, Math.min(quoteEnd, p.end));
  return {
    id: p.id,
    docId: p.docId,
    report: doc?.shortTitle ?? p.docId,
    section: p.sectionPath.join(" › "),
    text: p.text,
    quote: p.text.slice(start - p.start, end - p.start),
    start,
    end,
    paragraphStart: p.start,
    score: Math.round(score * 10000) / 10000,
    role,
    reference: reference(p, doc),
    scope: p.scope,
  };
}
