/**
 * From retrieved paragraphs to an Answer: check the question is about what the
 * report covers (period, place), pick the clauses that answer it, and either
 * quote them with citations or say the report does not say — with the nearest
 * passages. No language model: every word of an answer's substance is quoted.
 */
import type { Answer, Citation, Paragraph, RefusalReason, ReportDocument, Scope } from "../types.js";
import type { ParagraphHit } from "../retrieve/hybrid.js";
import { citation } from "./citation.js";
import { coverage, listPicks, selectClauses, trimSpan, widenToSentence, type Candidate, type Pick } from "./extract.js";
import { unitFamily, type QuestionAnalysis } from "./question.js";
import { FIGURE_PATTERN } from "./figures.js";
import type { Deadline } from "../deadline.js";

export interface AnswerOptions {
  topK: number;
  minCoverage: number;
  reportYear: number;
  /** Paragraphs considered for extraction. */
  maxCandidates: number;
  /** Clauses scored per question part. */
  maxClauses: number;
  deadline: Deadline;
}

export interface AnswerContext {
  documents: Map<string, ReportDocument>;
  /** Notes by defined term, for 是什么/指什么 questions. */
  notes: Paragraph[];
}

/** An answer before timings are known (Omit distributed over the union). */
export /** Up to three clauses for a whole question, each adding at least a fifth of what was asked. */
const WHOLE_QUESTION = { maxPicks: 3, minGain: 0.2 };
/** One clause for one part of a multi-part question, covering at least half of that part. */
const ONE_PART = { maxPicks: 1, minGain: 0.5 };

/** Minimum coverage of the question for a passage to be shown beside an answer. */
const RELATED_COVERAGE = 0.3;

type Draft = Answer extends infer A ? (A extends Answer ? Omit<A, "timings"> : never) : never;

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

/** Quotes, and the linking words that vary between a term and its note (三大振兴和一个更新 ~ 三大振兴一个更新). */
const looseTerm = (s: string) => s.toLowerCase().replace(/[“”"‘’「」『』和与及的\s]/g, "");

/** A question about what a note's term means (是什么, 指什么, 哪些…) is answered by the note. */
function definitionPick(q: QuestionAnalysis, ctx: AnswerContext): Pick | null {
  if (q.intent === "quantity") return null;
  const question = looseTerm(q.normal);
  const note = ctx.notes
    .filter((n) => n.term && looseTerm(n.term).length >= 2 && question.includes(looseTerm(n.term)))
    .sort((a, b) => b.term!.length - a.term!.length)[0];
  if (!note) return null;
  if (q.intent !== "definition" && !/什么|哪些|哪几|哪[个项]|内容|包括|what|which|mean/.test(q.normal)) return null;
  return { paragraph: note, span: definitionSpan(note), covered: new Set(q.terms.map((t) => t.term)), score: 1, gain: 1 };
}

/** The definition part of a note: after "term:". */
function definitionSpan(note: Paragraph) {
  const colon = note.text.search(/[:：]/);
  return { start: note.start + (colon >= 0 ? colon + 1 : 0), end: note.end };
}

/** A figure (a number with a unit; dates do not count) whose unit is of the asked family. */
function hasFigureOf(text: string, asked: string | null): boolean {
  for (const m of text.matchAll(FIGURE_PATTERN)) {
    // A number glued to a digit run is part of a date or a longer number, not a figure.
    if (m.index! > 0 && /[\d.]/.test(text[m.index! - 1]!)) continue;
    if (!asked || unitFamily(`${m[3] ?? ""}${m[6]}`) === unitFamily(asked)) return true;
  }
  return false;
}

/**
 * Each part of a multi-part question that the picks do not yet answer gets its
 * own pick, from paragraphs of that part's period: 科技型中小企业入库，去年多少家，
 * 今年目标多少家 → the 2022 result and the 2023 target. Parts that ask nothing
 * (科技型中小企业入库数量) give the topic to the parts that ask.
 */
function answerSegments(q: QuestionAnalysis, picks: Pick[], hits: ParagraphHit[], options: AnswerOptions): Pick[] {
  const asking = q.segments.filter((s) => s.asks);
  if (q.segments.length < 2 || asking.length === 0) return picks;
  const topic = q.segments.filter((s) => !s.asks).flatMap((s) => s.terms);
  const weight = new Map(q.terms.map((t) => [t.term, t.weight]));
  const out = [...picks];
  for (const segment of asking) {
    options.deadline.check("answering the parts of the question");
    const own = new Set([...segment.terms, ...topic]);
    const sub: QuestionAnalysis = { ...q, terms: q.terms.filter((t) => own.has(t.term)), segments: [], period: segment.period.years.length ? segment.period : q.period };
    if (segment.terms.reduce((s, t) => s + (weight.get(t) ?? 0), 0) === 0 && segment.period.years.length === 0) continue;
    const filter = scopeFilter(sub, options.reportYear);
    if (typeof filter === "string") continue;
    const candidates = toCandidates(hits, filter, options.maxCandidates);
    const quoted = out.filter((p) => filter(p.paragraph.scope)).map((p) => p.paragraph.text.slice(p.span.start - p.paragraph.start, p.span.end - p.paragraph.start)).join("\n");
    if (sub.terms.length === 0 || coverage({ ...sub, terms: sub.terms.filter((t) => segment.terms.includes(t.term)) }, quoted) >= 0.75 && quoted) continue;
    const [pick] = selectClauses(sub, candidates, { ...ONE_PART, maxClauses: options.maxClauses, deadline: options.deadline });
    if (pick && pick.gain >= 0.5 && !out.some((p) => p.paragraph.id === pick.paragraph.id && p.span.start === pick.span.start)) out.push(pick);
  }
  return out;
}

function toCandidates(hits: ParagraphHit[], filter: (s: Scope) => boolean, max: number): Candidate[] {
  return hits
    .filter((h) => filter(h.paragraph.scope))
    .slice(0, max)
    .map((h, rank) => ({ paragraph: h.paragraph, rank, score: h.score }));
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
    const candidates = toCandidates(hits, filter, options.maxCandidates);
    const select = { ...WHOLE_QUESTION, maxClauses: options.maxClauses, deadline: options.deadline };
    picks = answerSegments(q, selectClauses(q, candidates, select), hits, options);
    picks = listPicks(q, picks, candidates, 6, options.maxClauses);
    // A clause picked from a note answers with the definition, not the term.
    picks = picks.map((p) => (p.paragraph.kind === "note" ? { ...p, span: definitionSpan(p.paragraph) } : p));
  }
  if (picks.length === 0) return refusal("no_matching_passage", q, nearest, top);

  // Answerable only when the quoted sentences cover enough of what was asked.
  const quotedText = picks
    .map((p) => {
      const s = widenToSentence(p, 400);
      return p.paragraph.text.slice(s.start - p.paragraph.start, s.end - p.paragraph.start);
    })
    .join("\n");
  const contextText = picks.map((p) => p.paragraph.sectionPath.join(" ")).join("\n");
  const covered = definition ? 1 : coverage(q, quotedText + "\n" + contextText);
  if (covered < options.minCoverage) return refusal("no_matching_passage", q, nearest, covered);

  const spans = picks.map((p) => trimSpan(p.paragraph, q.intent === "other" ? widenToSentence(p, 120) : p.span));
  // A quantity question needs a figure of the kind asked for; a neighbouring figure
  // (a growth rate when an amount in 亿元 was asked) is not an answer.
  const quoted = spans.map((s, i) => picks[i]!.paragraph.text.slice(s.start - picks[i]!.paragraph.start, s.end - picks[i]!.paragraph.start));
  if (q.intent === "quantity" && !quoted.some((text) => hasFigureOf(text, q.askedUnit))) {
    return refusal("figure_not_given", q, nearest, covered);
  }

  const used = picks.map((p, i) => citation(p.paragraph, ctx.documents.get(p.paragraph.docId), spans[i]!.start, spans[i]!.end, hits.find((h) => h.paragraph.id === p.paragraph.id)?.score ?? p.score, "answer"));
  const parts = used.map((c) => {
    const label = scopeLabel(c.scope);
    return label ? `${c.quote}（${label}）` : c.quote;
  });
  // Further passages are shown only when they speak of the question at all.
  const usedIds = new Set(used.map((c) => c.id));
  const related = hits.filter((h) => coverage(q, `${h.paragraph.text}\n${h.paragraph.sectionPath.join(" ")}`) >= RELATED_COVERAGE);
  const more = nearestCitations(related, ctx, Math.max(0, options.topK - used.length), usedIds);
  return { status: "answered", answer: parts.join("；"), parts, coverage: covered, citations: [...used, ...more], figures: [] };
}
