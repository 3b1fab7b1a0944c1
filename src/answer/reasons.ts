/**
 * Why and how questions (为什么2022年地区生产总值下降了？ 是怎么开展招商引资的？):
 * first the sentence where the report states the thing asked about (the
 * anchor), then, for why, the clauses of that sentence or the one before it
 * that state causes or circumstances (面对…, 受…影响, 积极应对…, 顶住…压力) or
 * shortcomings (还存在短板弱项); for how, the sentence of measures (坚持…, 通过…,
 * 采取…). A cause is only ever taken from beside the anchor: when none is there,
 * the answer says the report gives no reason and shows the anchor, never a
 * clause from elsewhere. Pure.
 */
import type { AnswerPart, Citation, DocumentProfile, Paragraph } from "../types.js";
import type { ParagraphHit } from "../retrieve/hybrid.js";
import { clauseSpans, sentenceSpans, type Span } from "../corpus/sentences.js";
import { citation } from "./citation.js";
import { coverage } from "./extract.js";
import { periodFilter, periodFor, scopeLabel } from "./periods.js";
import type { QuestionAnalysis } from "./question.js";
import type { AnswerContext, Draft } from "./answer.js";
import { isRunIn, topicTerms } from "./summary.js";
import { CAUSE_CUES, CHANGE_ONLY, MEASURE_CUES, PROBLEM_CUES } from "../lexicon.js";

/** Verbs that fix a shortcoming: 补齐短板 is a plan, not a cause. */
const FIXES = /补齐|补强|补上|弥补|解决|破解|化解|改善|提升|加强|缩小|着力/;
/** Anchors within this much of the best one's coverage are considered. */
const ANCHOR_SLACK = 0.15;
/** A how answer's sentence longer than this is cut to the clauses around the anchor. */
const MEASURE_MAX = 160;

export interface ReasonOptions {
  profile: DocumentProfile;
  /** Whether the report uses a word at all. */
  used: (term: string) => boolean;
  topK: number;
  minCoverage: number;
  maxCandidates: number;
}

interface Sentence {
  paragraph: Paragraph;
  span: Span;
  text: string;
  /** Index among its paragraph's sentences. */
  index: number;
  covered: number;
  rank: number;
}

const textOf = (p: Paragraph, s: Span) => p.text.slice(s.start - p.start, s.end - p.start);

/**
 * Cause clauses beside a paragraph's sentence `index`, the only places a stated
 * cause is read from: circumstances (面对…, 受…影响) in it or the sentence before
 * it, which sets the scene for a result; shortcomings (还存在短板) in it only.
 */
export function causesNear(paragraph: Paragraph, index: number): Span[] {
  const sentences = sentenceSpans(paragraph.text, paragraph.start);
  const out: Span[] = [];
  sentences.slice(Math.max(0, index - 1), index + 1).forEach((s, i, near) => {
    const own = i === near.length - 1;
    for (const c of clauseSpans(textOf(paragraph, s), s.start)) {
      const text = textOf(paragraph, c);
      if (CAUSE_CUES.test(text) || (own && PROBLEM_CUES.test(text) && !FIXES.test(text))) out.push(trim(paragraph, c));
    }
  });
  return out;
}

function trim(p: Paragraph, span: Span): Span {
  let { start, end } = span;
  while (end > start && /[,，;；。:：、\s]/.test(p.text[end - 1 - p.start]!)) end--;
  while (start < end && /[,，;；:：、\s—―]/.test(p.text[start - p.start]!)) start++;
  return { start, end };
}

/** The measures of a how answer: the anchor sentence, or the sentence a run-in heading (招商引资成效显著。) opens. */
function measureSpan(s: Sentence, q: QuestionAnalysis): Span {
  const p = s.paragraph;
  let span = s.span;
  if (isRunIn(s.text)) {
    const next = sentenceSpans(p.text, p.start)[s.index + 1];
    if (next) span = next;
  }
  if (span.end - span.start <= MEASURE_MAX) return trim(p, span);
  // A long sentence: the clauses up to the one that names the topic, as many as fit.
  const clauses = clauseSpans(textOf(p, span), span.start);
  const best = clauses.reduce((b, c, i) => (coverage(q, textOf(p, c)) > coverage(q, textOf(p, clauses[b]!)) ? i : b), 0);
  let from = best;
  let to = best;
  while (from > 0 && clauses[best]!.end - clauses[from - 1]!.start <= MEASURE_MAX) from--;
  while (to + 1 < clauses.length && clauses[to + 1]!.end - clauses[from]!.start <= MEASURE_MAX) to++;
  return trim(p, { start: clauses[from]!.start, end: clauses[to]!.end });
}

/**
 * The answer to a why or how question from one report, or null for a how
 * question the report states no measure for (the ordinary answer path then
 * speaks). A why question is never handed on: the report states a cause beside
 * the thing asked about, or the answer says it does not.
 */
export function composeReasons(kind: "why" | "how", q: QuestionAnalysis, hits: ParagraphHit[], ctx: AnswerContext, options: ReasonOptions): Draft | null {
  const { profile } = options;
  const document = ctx.documents.get(profile.id);
  const routing = { docIds: [profile.id], by: "only" as const };
  const nearest = (exclude: string[], k: number): Citation[] =>
    hits
      .filter((h) => !exclude.includes(h.paragraph.id))
      .slice(0, k)
      .map((h) => citation(h.paragraph, document, h.chunks[0]!.chunk.start, h.chunks[0]!.chunk.end, h.score, "context"));
  const noReason = (anchor: Sentence | null): Draft => {
    const shown = anchor ? [citation(anchor.paragraph, document, trim(anchor.paragraph, anchor.span).start, trim(anchor.paragraph, anchor.span).end, 1, "context")] : [];
    return {
      status: "not_in_report",
      reason: "no_matching_passage",
      answer: anchor
        ? `报告没有说明原因。《${profile.shortTitle}》提到了这件事，但没有说明原因。以下是最接近的段落，供核对。`
        : `报告没有说。《${profile.shortTitle}》中没有找到能回答这个问题的内容。以下是最接近的段落，供核对。`,
      routing,
      coverage: anchor?.covered ?? 0,
      citations: [...shown, ...nearest(shown.map((c) => c.id), options.topK - shown.length)],
      figures: [],
    };
  };

  const topic = topicTerms(q, profile, options.used);
  const tq = { ...q, terms: topic };
  const filter = periodFilter(periodFor(q.normal, profile), profile);
  if (topic.length === 0 || typeof filter === "string") return kind === "why" ? noReason(null) : null;

  // Every sentence of the best passages, by how much of the topic it states.
  const sentences: Sentence[] = hits
    .filter((h) => filter(h.paragraph.scope) && (h.paragraph.kind === "body" || h.paragraph.kind === "trailer" || h.paragraph.kind === "title"))
    .slice(0, options.maxCandidates)
    .flatMap((h, rank) =>
      sentenceSpans(h.paragraph.text, h.paragraph.start).map((span, index) => {
        const text = textOf(h.paragraph, span);
        return { paragraph: h.paragraph, span, text, index, rank, covered: coverage(tq, text) };
      }),
    );
  const best = Math.max(0, ...sentences.map((s) => s.covered));
  if (best < options.minCoverage) return kind === "why" ? noReason(null) : null;
  const anchors = sentences.filter((s) => s.covered >= best - ANCHOR_SLACK).sort((a, b) => b.covered - a.covered || a.rank - b.rank);

  const parts: AnswerPart[] = [];
  const used: Citation[] = [];
  const add = (p: Paragraph, span: Span, text?: string) => {
    used.push(citation(p, document, span.start, span.end, 1, "answer"));
    parts.push({ text: text ?? used[used.length - 1]!.quote, docId: profile.id, report: profile.shortTitle, citation: used.length - 1 });
  };

  if (kind === "why") {
    // The first strong anchor with a cause beside it; a cause is never taken from anywhere else.
    const anchor = anchors.find((s) => causesNear(s.paragraph, s.index).length > 0);
    if (!anchor) return noReason(anchors[0] ?? null);
    const causes = causesNear(anchor.paragraph, anchor.index);
    causes.forEach((c, i) => add(anchor.paragraph, c, i === 0 ? `报告所述原因和背景：${textOf(anchor.paragraph, c)}` : undefined));
    // The thing asked about, as the report states it, unless a cause clause already quotes it.
    const clauses = clauseSpans(anchor.text, anchor.span.start).map((c) => trim(anchor.paragraph, c));
    const at = clauses.reduce((b, c, i) => (coverage(tq, textOf(anchor.paragraph, c)) > coverage(tq, textOf(anchor.paragraph, clauses[b]!)) ? i : b), 0);
    // A figure keeps the change that follows it (…560.45亿元,下降5.6%).
    let to = at;
    while (to + 1 < clauses.length && CHANGE_ONLY.test(textOf(anchor.paragraph, clauses[to + 1]!))) to++;
    const stated = { start: clauses[at]!.start, end: clauses[to]!.end };
    if (!causes.some((c) => c.start <= stated.start && stated.end <= c.end)) {
      const label = scopeLabel(anchor.paragraph.scope);
      add(anchor.paragraph, stated, `${textOf(anchor.paragraph, stated)}${label ? `（${label}）` : ""}`);
    }
    return { status: "answered", answer: parts.map((p) => p.text).join("；"), parts, routing, coverage: anchor.covered, citations: [...used, ...nearest(used.map((c) => c.id), options.topK - used.length)], figures: [] };
  }

  // How: sentences of measures, the ones stating measures first; at most two.
  const measures = [...anchors].sort((a, b) => Number(MEASURE_CUES.test(b.text) && !isRunIn(b.text)) - Number(MEASURE_CUES.test(a.text) && !isRunIn(a.text)) || b.covered - a.covered || a.rank - b.rank);
  for (const s of measures) {
    if (used.length >= 2) break;
    const span = measureSpan(s, tq);
    if (used.some((c) => c.id === s.paragraph.id && c.start < span.end && span.start < c.end)) continue;
    const label = scopeLabel(s.paragraph.scope);
    add(s.paragraph, span, `${textOf(s.paragraph, span)}${label ? `（${label}）` : ""}`);
  }
  if (used.length === 0) return null;
  return { status: "answered", answer: parts.map((p) => p.text).join("；"), parts, routing, coverage: best, citations: [...used, ...nearest(used.map((c) => c.id), options.topK - used.length)], figures: [] };
}
