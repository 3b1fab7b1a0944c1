/**
 * One answer from the answers of several reports: a comparison (北京和浙江…分别
 * 是多少) or a question several reports answer. Each report's parts are
 * labelled with its place and keep their own citations, so no figure is ever
 * shown without the report it comes from. Pure.
 */
import type { AnswerPart, Citation, DocumentProfile, Routing } from "../types.js";
import { placeLabel } from "../corpus/profile.js";
import type { Draft } from "./answer.js";

export interface ReportDraft {
  profile: DocumentProfile;
  draft: Draft;
  /** Best retrieval score among this report's passages. */
  score: number;
  /** The report's notes define the term the question asks about: it holds the answer outright. */
  defines?: boolean;
}

/** The drafts as one answer. Refused reports are named in a part of their own only when the question named them. */
export function combineDrafts(drafts: ReportDraft[], by: Routing["by"], topK: number): Draft {
  const answered = drafts.filter((d) => d.draft.status === "answered");
  const docIds = drafts.map((d) => d.profile.id);
  if (drafts.length === 1) return { ...drafts[0]!.draft, routing: { docIds, by } } as Draft;
  if (answered.length === 0) {
    // No report answers outright: the most confident related passage speaks, with the nearest passages of the others after it.
    const related = bestRelated(drafts);
    if (related) {
      const others = interleave(drafts.filter((d) => d !== related).map((d) => d.draft.citations));
      return { ...related.draft, routing: { docIds, by }, citations: [...related.draft.citations, ...others].slice(0, topK) } as Draft;
    }
    // Every report refuses: the first refusal speaks, with the nearest passages of all of them.
    const first = drafts[0]!.draft;
    const citations = interleave(drafts.map((d) => d.draft.citations)).slice(0, topK);
    return { ...first, routing: { docIds, by }, citations } as Draft;
  }
  const parts: AnswerPart[] = [];
  const own: Citation[] = [];
  for (const d of drafts) {
    const label = `【${placeLabel(d.profile.place)}】`;
    if (d.draft.status === "not_in_report") {
      if (by === "named") parts.push({ text: `${label}${d.draft.answer.split("。")[0]}`, docId: d.profile.id, report: d.profile.shortTitle, citation: null });
      continue;
    }
    // A named report with only a related passage shows it, cited and said to be related; unnamed ones stay out.
    if (d.draft.status === "related" && by !== "named") continue;
    const offset = own.length;
    const used = d.draft.citations.filter((c) => c.role === "answer");
    own.push(...used);
    d.draft.parts.forEach((p, i) => parts.push({ ...p, text: i === 0 ? `${label}${p.text}` : p.text, citation: p.citation === null ? null : p.citation + offset }));
  }
  const context = interleave(answered.map((d) => d.draft.citations.filter((c) => c.role === "context")));
  return {
    status: "answered",
    answer: parts.map((p) => p.text).join("；"),
    parts,
    routing: { docIds: answered.length < drafts.length && by !== "named" ? answered.map((d) => d.profile.id) : docIds, by },
    coverage: Math.min(...answered.map((d) => d.draft.coverage)),
    citations: [...own, ...context.slice(0, Math.max(0, topK - own.length))],
    figures: answered.flatMap((d) => d.draft.figures),
  };
}

/** The related draft with the highest confidence, if any. */
function bestRelated(drafts: ReportDraft[]): ReportDraft | null {
  const related = drafts.filter((d) => d.draft.status === "related");
  const score = (d: ReportDraft) => (d.draft.status === "related" ? d.draft.confidence.score : 0);
  return related.sort((a, b) => score(b) - score(a))[0] ?? null;
}

/** Round-robin over lists, so each report's nearest passage comes before any report's second. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

/**
 * Of the reports that answered a question naming no place, the ones to show:
 * the best alone when it clearly holds the answer (better coverage of the
 * question, or a much stronger passage), else the best few, labelled.
 */
export function chooseReports(drafts: ReportDraft[], max: number): { chosen: ReportDraft[]; by: Routing["by"] } {
  const answered = drafts
    .filter((d) => d.draft.status === "answered")
    .sort((a, b) => b.draft.coverage - a.draft.coverage || b.score - a.score);
  const defining = answered.filter((d) => d.defines);
  if (defining.length === 1) return { chosen: defining, by: "best" };
  const [best, second] = answered;
  if (!best) return { chosen: drafts.slice(0, 1), by: "best" };
  if (!second) return { chosen: [best], by: "best" };
  // Reports are parallel documents: a stronger passage alone does not make one report the one meant.
  const clear = best.draft.coverage - second.draft.coverage >= CLEAR_COVERAGE;
  return clear ? { chosen: [best], by: "best" } : { chosen: answered.slice(0, max), by: "several" };
}

/** How much more of the question the best report must cover to answer alone. */
const CLEAR_COVERAGE = 0.15;
