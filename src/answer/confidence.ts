/**
 * Graded confidence for a question the quoted text does not answer outright.
 * Retrieval may still be sure where the answer is while the wording differs
 * (everyday words, another way of naming a measure): then the report's most
 * relevant sentence is shown as such — "报告中最相关的内容是：…" — instead of a
 * bare refusal. Whether retrieval is sure enough is a small logistic model over
 * retrieval and question signals, fitted on the tuning split by
 * `eval/tools/confidence.ts`; its weights are config (RELATED_WEIGHTS). Pure.
 */
import type { Paragraph } from "../types.js";
import { sentenceSpans, type Span } from "../corpus/sentences.js";
import type { ParagraphHit } from "../retrieve/hybrid.js";
import { coverage, type Candidate, type Pick } from "./extract.js";
import type { QuestionAnalysis } from "./question.js";

/** The signals the score is computed from, each 0–1. */
export const FEATURE_NAMES = ["coverage", "fused", "dense", "bm25", "margin", "rank", "unit", "quantity"] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export type ConfidenceFeatures = Record<FeatureName, number>;

/** The words shown before the related sentence. */
export const RELATED_PREFIX = "报告中最相关的内容是：";

export interface RelatedPassage {
  paragraph: Paragraph;
  /** File offsets of the sentence shown. */
  span: Span;
  features: ConfidenceFeatures;
}

/** Logistic score of the features: weights[0] is the bias, then one weight per feature in FEATURE_NAMES order. */
export function confidenceScore(features: ConfidenceFeatures, weights: readonly number[]): number {
  if (weights.length !== FEATURE_NAMES.length + 1) throw new Error(`confidence weights: expected ${FEATURE_NAMES.length + 1} numbers (bias, ${FEATURE_NAMES.join(", ")}), got ${weights.length}`);
  const z = FEATURE_NAMES.reduce((s, name, i) => s + weights[i + 1]! * features[name], weights[0]!);
  return 1 / (1 + Math.exp(-z));
}

/** Sentences longer than this are shown from the clause picked, not whole. */
const MAX_SENTENCE = 200;

/**
 * The passage to show, with its signals: the sentence of the clause the answer
 * stage picked first (what it would have quoted), else the best-covering
 * sentence of the best-ranked candidate. Null when there is no candidate.
 *
 * `hasUnit(text)`: the text holds a figure of the unit asked for (quantity questions).
 */
export function relatedPassage(q: QuestionAnalysis, picks: Pick[], candidates: Candidate[], hits: ParagraphHit[], hasUnit: (text: string) => boolean): RelatedPassage | null {
  const slice = (p: Paragraph, s: Span) => p.text.slice(s.start - p.start, s.end - p.start);
  const heading = (p: Paragraph) => p.sectionPath[p.sectionPath.length - 1] ?? "";
  const fusedOf = (p: Paragraph) => hits.find((h) => h.paragraph.id === p.id)?.score ?? 0;
  // Candidates: the sentence of the first pick (what would have been quoted), and the best-covering sentence of the top candidate.
  const options: { paragraph: Paragraph; span: Span; value: number }[] = [];
  const first = picks[0];
  if (first) {
    const p = first.paragraph;
    const sentence = sentenceSpans(p.text, p.start).find((s) => s.start <= first.span.start && first.span.end <= s.end);
    const span = sentence && sentence.end - sentence.start <= MAX_SENTENCE ? sentence : first.span;
    options.push({ paragraph: p, span, value: coverage(q, `${slice(p, span)}\n${heading(p)}`) + fusedOf(p) });
  }
  if (candidates[0]) {
    const p = candidates[0].paragraph;
    const best = sentenceSpans(p.text, p.start)
      .filter((s) => s.end - s.start <= MAX_SENTENCE)
      .map((s, i) => ({ s, i, c: coverage(q, `${slice(p, s)}\n${heading(p)}`) }))
      .sort((a, b) => b.c - a.c || a.i - b.i)[0];
    if (best) options.push({ paragraph: p, span: best.s, value: best.c + fusedOf(p) });
  }
  // The stronger of the two by coverage plus retrieval score; the pick wins ties.
  const chosen = options.sort((a, b) => b.value - a.value)[0] ?? null;
  if (!chosen) return null;
  const { paragraph, span } = chosen;
  const at = hits.findIndex((h) => h.paragraph.id === paragraph.id);
  const hit = hits[at];
  const bm25Rank = hit ? Math.min(...hit.chunks.map((c) => c.bm25?.rank ?? Infinity)) : Infinity;
  const text = slice(paragraph, span);
  const features: ConfidenceFeatures = {
    coverage: coverage(q, `${text}\n${heading(paragraph)}`),
    fused: hit?.score ?? 0,
    dense: Math.max(0, hit?.dense ?? 0),
    bm25: Number.isFinite(bm25Rank) ? 1 / bm25Rank : 0,
    margin: Math.max(0, (hits[0]?.score ?? 0) - (hits[1]?.score ?? 0)),
    rank: at >= 0 ? 1 / (at + 1) : 0,
    unit: q.intent === "quantity" && q.askedUnit && hasUnit(text) ? 1 : 0,
    quantity: q.intent === "quantity" ? 1 : 0,
  };
  return { paragraph, span, features };
}
