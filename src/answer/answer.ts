/**
 * From retrieved paragraphs to an Answer: check the question is about what the
 * report covers (period, place), pick the clauses that answer it, and either
 * quote them with citations or say the report does not say — with the nearest
 * passages. No language model: every word of an answer's substance is quoted.
 */
import type { Answer, Citation, Paragraph, RefusalReason, ReportDocument, Scope } from "../types.js";
import type { ParagraphHit } from "../retrieve/hybrid.js";
import { citation } from "./citation.js";
import { coverage, selectClauses, trimSpan, widenToSentence, type Candidate, type Pick } from "./extract.js";
import type { QuestionAnalysis } from "./question.js";

export interface AnswerOptions {
  topK: number;
  minCoverage: number;
  reportYear: number;
  /** Paragraphs considered for extraction. */
  maxCandidates: number;
}

export interface AnswerContext {
  documents: Map<string, ReportDocument>;
  /** Notes by defined term, for 是什么/指什么 questions. */
  notes: Paragraph[];
}

/** An answer before timings are known (Omit distributed over the union). */
export type Draft = Answer extends infer A ? (A extends Answer ? Omit<A, "timings"> : never) : never;

const scopeLabel = (s: Scope) =>
  s.kind === "result" ? `${s.year}年实绩` : s.kind === "plan" ? `${s.year}年目标/安排` : s.kind === "definition" ? "附注释义" : "";

/** Which scopes a question may be answered from, or a refusal when it asks for a period the report lacks. */
function scopeFilter(q: QuestionAnalysis, reportYear: number): ((s: Scope) => boolean) | RefusalReason {
  const resultYear = reportYear - 1;
  const years = q.period.years;
  const outside = years.filter((y) => y !== resultYear && y !== reportYear);
  // A year the report neither reviews nor plans (2024 target, 2021 figure) is out of scope,
  // unless the question also names a covered year (then it is about that year).
  if (outside.length > 0 && outside.length === years.length) return "out_of_scope_period";
  const wantsResult = years.includes(resultYear) && !years.includes(reportYear) ? true : q.period.wantsResult && !q.period.wantsPlan;
  const wantsPlan = years.includes(reportYear) && !years.includes(resultYear) ? q.period.wantsPlan || !q.period.wantsResult : q.period.wantsPlan && !q.period.wantsResult;
  if (wantsResult && !wantsPlan) return (s) => s.kind !== "plan";
  if (wantsPlan && !wantsResult) return (s) => s.kind !== "result";
  return () => true;
}

const REFUSAL_TEXT: Record<RefusalReason, (q: QuestionAnalysis) => string> = {
  out_of_scope_period: (q) =>
    `报告没有说。这份报告只回顾2022年工作、安排2023年工作，没有涉及${q.period.years.join("、")}年的内容。以下是最接近的段落，供核对。`,
  other_place: (q) => `报告没有说。这份报告只涉及柳北区，没有${q.otherPlace}的情况。以下是最接近的段落，供核对。`,
  no_matching_passage: () => "报告没有说。报告中没有找到能回答这个问题的内容。以下是最接近的段落，供核对。",
  figure_not_given: () => "报告没有给出这个数字。报告提到了相关内容，但没有具体数据。以下是最接近的段落，供核对。",
};

function refusal(reason: RefusalReason, q: QuestionAnalysis, nearest: Citation[], covered = 0): Draft {
  return { status: "not_in_report", reason, answer: REFUSAL_TEXT[reason](q), coverage: covered, citations: nearest, figures: [] };
}

/** Nearest passages for a refusal or as supporting context: the best chunk of each paragraph. */
function nearestCitations(hits: ParagraphHit[], ctx: AnswerContext, k: number, exclude = new Set<string>()): Citation[] {
  return hits
    .filter((h) => !exclude.has(h.paragraph.id))
    .slice(0, k)
    .map((h) => {
      const chunk = h.chunks[0]!.chunk;
      return citation(h.paragraph, ctx.documents.get(h.paragraph.docId), chunk.start, chunk.end, h.score, "context");
    });
}

/** A 是什么/指什么 question about a term a note defines is answered by the note. */
function definitionPick(q: QuestionAnalysis, ctx: AnswerContext): Pick | null {
  if (q.intent !== "definition") return null;
  const note = ctx.notes
    .filter((n) => n.term && q.normal.includes(n.term.toLowerCase()))
    .sort((a, b) => b.term!.length - a.term!.length)[0];
  if (!note) return null;
  const colon = note.text.search(/[:：]/);
  const start = note.start + (colon >= 0 ? colon + 1 : 0);
  return { paragraph: note, span: { start, end: note.end }, covered: new Set(q.terms.map((t) => t.term)), score: 1, gain: 1 };
}

export function composeAnswer(q: QuestionAnalysis, hits: ParagraphHit[], ctx: AnswerContext, options: AnswerOptions): Draft {
  const nearest = nearestCitations(hits, ctx, options.topK);
  // How well the best passage covers the question, whatever path is taken: plotted by the eval report.
  const top = hits[0] ? coverage(q, hits[0].paragraph.text + "\n" + hits[0].paragraph.sectionPath.join(" ")) : 0;
  if (q.otherPlace) return refusal("other_place", q, nearest, top);
  if (q.terms.length === 0) return refusal("no_matching_passage", q, nearest, top);
  const filter = scopeFilter(q, options.reportYear);
  if (typeof filter === "string") return refusal(filter, q, nearest, top);

  const definition = definitionPick(q, ctx);
  let picks: Pick[];
  if (definition) picks = [definition];
  else {
    const candidates: Candidate[] = hits
      .filter((h) => filter(h.paragraph.scope))
      .slice(0, options.maxCandidates)
      .map((h, rank) => ({ paragraph: h.paragraph, rank, score: h.score }));
    picks = selectClauses(q, candidates, { maxPicks: 3, minGain: 0.2 });
  }
  if (picks.length === 0) return refusal("no_matching_passage", q, nearest, top);

  // Answerable only when the quoted sentences cover enough of what was asked.
  const quotedText = picks.map((p) => p.paragraph.text.slice(widenToSentence(p, 400).start - p.paragraph.start, widenToSentence(p, 400).end - p.paragraph.start)).join("\n");
  const contextText = picks.map((p) => p.paragraph.sectionPath.join(" ")).join("\n");
  const covered = definition ? 1 : coverage(q, quotedText + "\n" + contextText);
  if (covered < options.minCoverage) return refusal("no_matching_passage", q, nearest, covered);

  const spans = picks.map((p) => trimSpan(p.paragraph, q.intent === "other" ? widenToSentence(p, 120) : p.span));
  if (q.intent === "quantity" && !spans.some((s, i) => /\d/.test(picks[i]!.paragraph.text.slice(s.start - picks[i]!.paragraph.start, s.end - picks[i]!.paragraph.start)))) {
    return refusal("figure_not_given", q, nearest, covered);
  }

  const used = picks.map((p, i) => citation(p.paragraph, ctx.documents.get(p.paragraph.docId), spans[i]!.start, spans[i]!.end, hits.find((h) => h.paragraph.id === p.paragraph.id)?.score ?? p.score, "answer"));
  const parts = used.map((c) => {
    const label = scopeLabel(c.scope);
    return label ? `${c.quote}（${label}）` : c.quote;
  });
  const usedIds = new Set(used.map((c) => c.id));
  const more = nearestCitations(hits, ctx, Math.max(0, options.topK - used.length), usedIds);
  return { status: "answered", answer: parts.join("；"), coverage: covered, citations: [...used, ...more], figures: [] };
}
