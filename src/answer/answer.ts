/**
 * From retrieved paragraphs to an Answer: check the question is about what the
 * report covers (period, place), pick the clauses that answer it, and either
 * quote them with citations or say the report does not say — with the nearest
 * passages. No language model: every word of an answer's substance is quoted.
 */
import type { Answer, Citation, DocumentProfile, Paragraph, RefusalReason, ReportDocument, Scope } from "../types.js";
import type { ParagraphHit } from "../retrieve/hybrid.js";
import { citation } from "./citation.js";
import { coverage, listPicks, selectClauses, trimSpan, widenToSentence, type Candidate, type Pick } from "./extract.js";
import { REPORT_FACT_WORDS, unitFamily, type QuestionAnalysis } from "./question.js";
import { coveredPeriods, periodFilter, periodFor, scopeLabel } from "./periods.js";
import { figureMatches } from "./figures.js";
import { foldWidth } from "../corpus/units.js";
import { RELATED_PREFIX, confidenceScore, relatedPassage } from "./confidence.js";
import type { Deadline } from "../deadline.js";

export interface AnswerOptions {
  topK: number;
  minCoverage: number;
  /** The report answered from: its years, periods and place. */
  profile: DocumentProfile;
  /** Paragraphs considered for extraction. */
  maxCandidates: number;
  /** Clauses scored per question part. */
  maxClauses: number;
  deadline: Deadline;
  /** Graded confidence: show the most relevant sentence as "related" when its score reaches minScore; null = refuse outright. */
  related?: { weights: readonly number[]; minScore: number } | null;
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

export type Draft = Answer extends infer A ? (A extends Answer ? Omit<A, "timings"> : never) : never;

/** Which scopes a question may be answered from in this report, or a refusal when it asks for a period the report lacks. */
function scopeFilter(q: QuestionAnalysis, profile: DocumentProfile, text = q.normal): ((s: Scope) => boolean) | RefusalReason {
  return periodFilter(periodFor(text, profile), profile);
}

/** The refusal texts, built from the report's own profile. */
export const REFUSAL_TEXT: Record<RefusalReason, (p: DocumentProfile, detail: string) => string> = {
  out_of_scope_period: (p, years) => `报告没有说。《${p.shortTitle}》${coveredPeriods(p)}，没有涉及${years}年的内容。以下是最接近的段落，供核对。`,
  // No passage is offered for a place with no report: another place's words would stand in for it.
  other_place: (_p, place) => `报告没有说。现有的报告中没有${place}的报告。`,
  no_matching_passage: (p) => `报告没有说。《${p.shortTitle}》中没有找到能回答这个问题的内容。以下是最接近的段落，供核对。`,
  figure_not_given: (p) => `报告没有给出这个数字。《${p.shortTitle}》提到了相关内容，但没有具体数据。以下是最接近的段落，供核对。`,
};

function refusal(reason: RefusalReason, q: QuestionAnalysis, profile: DocumentProfile, nearest: Citation[], covered = 0): Draft {
  const years = reason === "out_of_scope_period" ? periodFor(q.normal, profile).years.filter((y) => y !== profile.reviewYear && y !== profile.reportYear).join("、") : "";
  return { status: "not_in_report", reason, answer: REFUSAL_TEXT[reason](profile, years), routing: { docIds: [profile.id], by: "only" }, coverage: covered, citations: nearest, figures: [] };
}

/**
 * Instead of refusing with `reason`: the report's most relevant sentence, shown as
 * such, when the confidence score of the retrieval signals reaches the threshold.
 * Otherwise the refusal, carrying the score it fell short with.
 */
function relatedOrRefusal(reason: "no_matching_passage" | "figure_not_given", q: QuestionAnalysis, picks: Pick[], candidates: Candidate[], hits: ParagraphHit[], ctx: AnswerContext, options: AnswerOptions, nearest: Citation[], covered: number): Draft {
  const refused = refusal(reason, q, options.profile, nearest, covered);
  if (!options.related) return refused;
  const passage = relatedPassage(q, picks, candidates, hits, (text) => hasFigureOf(text, q.askedUnit));
  if (!passage) return refused;
  const confidence = { score: confidenceScore(passage.features, options.related.weights), features: passage.features };
  if (confidence.score < options.related.minScore) return { ...refused, confidence } as Draft;
  const span = trimSpan(passage.paragraph, passage.span);
  const hit = hits.find((h) => h.paragraph.id === passage.paragraph.id);
  const cited = citation(passage.paragraph, ctx.documents.get(passage.paragraph.docId), span.start, span.end, hit?.score ?? 0, "answer");
  const more = nearest.filter((c) => c.id !== cited.id).slice(0, Math.max(0, options.topK - 1));
  return {
    status: "related",
    reason,
    answer: `${RELATED_PREFIX}${cited.quote}`,
    parts: [{ text: `${RELATED_PREFIX}${cited.quote}`, docId: cited.docId, report: cited.report, citation: 0 }],
    routing: { docIds: [options.profile.id], by: "only" },
    coverage: covered,
    confidence,
    citations: [cited, ...more],
    figures: [],
  };
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
  for (const m of figureMatches(foldWidth(text))) {
    if (!asked || unitFamily(`${m.groups!.m ?? ""}${m.groups!.u}`) === unitFamily(asked)) return true;
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
    const sub: QuestionAnalysis = { ...q, terms: q.terms.filter((t) => own.has(t.term)), segments: [] };
    const own_period = periodFor(segment.text, options.profile);
    if (segment.terms.reduce((s, t) => s + (weight.get(t) ?? 0), 0) === 0 && own_period.years.length === 0) continue;
    // A part that names its own period (去年多少家, 今年目标多少家) is answered from that period.
    const filter = scopeFilter(sub, options.profile, own_period.years.length || own_period.fiveYear ? segment.text : q.normal);
    if (typeof filter === "string") continue;
    const candidates = toCandidates(hits, filter, options.maxCandidates, q);
    const quoted = out.filter((p) => filter(p.paragraph.scope)).map((p) => p.paragraph.text.slice(p.span.start - p.paragraph.start, p.span.end - p.paragraph.start)).join("\n");
    if (sub.terms.length === 0 || coverage({ ...sub, terms: sub.terms.filter((t) => segment.terms.includes(t.term)) }, quoted) >= 0.75 && quoted) continue;
    const [pick] = selectClauses(sub, candidates, { ...ONE_PART, maxClauses: options.maxClauses, deadline: options.deadline });
    if (pick && pick.gain >= 0.5 && !out.some((p) => p.paragraph.id === pick.paragraph.id && p.span.start === pick.span.start)) out.push(pick);
  }
  return out;
}

/** Paragraphs that speak about the report itself (title block, printing lines), not about the place. */
const ABOUT_THE_REPORT = new Set<Paragraph["kind"]>(["title", "trailer"]);

function toCandidates(hits: ParagraphHit[], filter: (s: Scope) => boolean, max: number, q?: QuestionAnalysis): Candidate[] {
  // The title block answers questions about the report (who delivered it, when, how many copies), nothing else.
  const aboutReport = q ? REPORT_FACT_WORDS.test(q.normal) : true;
  return hits
    .filter((h) => filter(h.paragraph.scope) && (aboutReport || !ABOUT_THE_REPORT.has(h.paragraph.kind)))
    .slice(0, max)
    .map((h, rank) => ({ paragraph: h.paragraph, rank, score: h.score }));
}

export function composeAnswer(q: QuestionAnalysis, hits: ParagraphHit[], ctx: AnswerContext, options: AnswerOptions): Draft {
  const nearest = nearestCitations(hits, ctx, options.topK);
  // How well the best passage covers the question, whatever path is taken: plotted by the eval report.
  const top = hits[0] ? coverage(q, hits[0].paragraph.text + "\n" + hits[0].paragraph.sectionPath.join(" ")) : 0;
  if (q.terms.length === 0) return refusal("no_matching_passage", q, options.profile, nearest, top);
  const filter = scopeFilter(q, options.profile);
  if (typeof filter === "string") return refusal(filter, q, options.profile, nearest, top);

  const definition = definitionPick(q, ctx);
  let picks: Pick[];
  const candidates = toCandidates(hits, filter, options.maxCandidates, q);
  if (definition) picks = [definition];
  else {
    const select = { ...WHOLE_QUESTION, maxClauses: options.maxClauses, deadline: options.deadline };
    picks = answerSegments(q, selectClauses(q, candidates, select), hits, options);
    picks = listPicks(q, picks, candidates, 6, options.maxClauses);
    // A clause picked from a note answers with the definition, not the term.
    picks = picks.map((p) => (p.paragraph.kind === "note" ? { ...p, span: definitionSpan(p.paragraph) } : p));
  }
  if (picks.length === 0) return relatedOrRefusal("no_matching_passage", q, picks, candidates, hits, ctx, options, nearest, top);

  // Answerable only when the quoted sentences cover enough of what was asked.
  const quotedText = picks
    .map((p) => {
      const s = widenToSentence(p, 400);
      return p.paragraph.text.slice(s.start - p.paragraph.start, s.end - p.paragraph.start);
    })
    .join("\n");
  const contextText = picks.map((p) => p.paragraph.sectionPath.join(" ")).join("\n");
  const covered = definition ? 1 : coverage(q, quotedText + "\n" + contextText);
  if (covered < options.minCoverage) return relatedOrRefusal("no_matching_passage", q, picks, candidates, hits, ctx, options, nearest, covered);

  const spans = picks.map((p) => trimSpan(p.paragraph, q.intent === "other" ? widenToSentence(p, 120) : p.span));
  // A quantity question needs a figure of the kind asked for; a neighbouring figure
  // (a growth rate when an amount in 亿元 was asked) is not an answer.
  const quoted = spans.map((s, i) => picks[i]!.paragraph.text.slice(s.start - picks[i]!.paragraph.start, s.end - picks[i]!.paragraph.start));
  if (q.intent === "quantity" && !quoted.some((text) => hasFigureOf(text, q.askedUnit))) {
    return relatedOrRefusal("figure_not_given", q, picks, candidates, hits, ctx, options, nearest, covered);
  }

  const used = picks.map((p, i) => citation(p.paragraph, ctx.documents.get(p.paragraph.docId), spans[i]!.start, spans[i]!.end, hits.find((h) => h.paragraph.id === p.paragraph.id)?.score ?? p.score, "answer"));
  const parts = used.map((c, i) => {
    const label = scopeLabel(c.scope);
    return { text: label ? `${c.quote}（${label}）` : c.quote, docId: c.docId, report: c.report, citation: i };
  });
  // Further passages are shown only when they speak of the question at all.
  const usedIds = new Set(used.map((c) => c.id));
  const related = hits.filter((h) => coverage(q, `${h.paragraph.text}\n${h.paragraph.sectionPath.join(" ")}`) >= RELATED_COVERAGE);
  const more = nearestCitations(related, ctx, Math.max(0, options.topK - used.length), usedIds);
  const routing = { docIds: [options.profile.id], by: "only" as const };
  return { status: "answered", answer: parts.map((p) => p.text).join("；"), parts, routing, coverage: covered, citations: [...used, ...more], figures: [] };
}
