/**
 * Evaluation metrics, pure: from (item, answer) outcomes to per-type and overall
 * numbers. Shared by `npm run eval` and the regression guard in `npm test`.
 */
import type { Answer } from "../src/types.js";
import type { EvalItem } from "./sets.js";

/** Full-width → half-width, no spaces, 亿/万 written out the same way, so 4.87 万亩 matches 4.87万亩. */
export function normalizeAnswer(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/，/g, ",")
    .replace(/(\d+(?:\.\d+)?)(亿|万)/g, (_m, n: string, u: string) => `${Number(n)}${u}`);
}

export interface Outcome {
  item: EvalItem;
  answer: Answer;
  ms: number;
}

export interface ItemScore {
  id: string;
  split: string;
  type: string;
  lang: string;
  question: string;
  answerable: boolean;
  shouldAnswer: boolean;
  /** 1-based rank of the first gold paragraph among citations, or null. */
  goldRank: number | null;
  /** All expected strings found in the answer (null when nothing is expected). */
  correct: boolean | null;
  /** Share of the answer's own citations whose paragraph holds an expected string (null if none). */
  citationPrecision: number | null;
  /** The answer's coverage of the question, the quantity the refusal threshold cuts. */
  coverage: number;
  ms: number;
  answer: string;
  citations: string[];
}

export function scoreItem(o: Outcome): ItemScore {
  const { item, answer } = o;
  const shouldAnswer = item.type !== "unanswerable";
  const ids = answer.citations.map((c) => c.id);
  const gold = new Set(item.gold ?? []);
  const rank = ids.findIndex((id) => gold.has(id));
  const normal = normalizeAnswer(answer.answer);
  const expected = item.expected.map(normalizeAnswer);
  const answered = answer.status === "answered";
  const used = answered ? answer.citations.filter((c) => c.role === "answer") : [];
  return {
    id: item.id,
    split: item.split,
    type: item.type,
    lang: item.lang,
    question: item.question,
    answerable: answered,
    shouldAnswer,
    goldRank: rank >= 0 ? rank + 1 : null,
    correct: expected.length === 0 ? null : answered && expected.every((e) => normal.includes(e)),
    citationPrecision:
      used.length === 0 || expected.length === 0
        ? null
        : used.filter((c) => expected.some((e) => normalizeAnswer(c.text).includes(e))).length / used.length,
    coverage: answer.coverage,
    ms: o.ms,
    answer: answer.answer,
    citations: ids,
  };
}

export interface Summary {
  n: number;
  hit1: number | null;
  hit3: number | null;
  hit5: number | null;
  mrr: number | null;
  accuracy: number | null;
  citationPrecision: number | null;
  refusalPrecision: number | null;
  refusalRecall: number | null;
  falseRefusalRate: number | null;
  p50Ms: number;
  p95Ms: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(scores: ItemScore[]): Summary {
  // Retrieval is measured on the questions that have a paragraph to find.
  const retrieval = scores.filter((s) => s.shouldAnswer && s.type !== "claim");
  const hit = (k: number) => mean(retrieval.map((s) => (s.goldRank !== null && s.goldRank <= k ? 1 : 0)));
  const refused = scores.filter((s) => !s.answerable);
  const unanswerable = scores.filter((s) => !s.shouldAnswer);
  const answerable = scores.filter((s) => s.shouldAnswer);
  return {
    n: scores.length,
    hit1: hit(1),
    hit3: hit(3),
    hit5: hit(5),
    mrr: mean(retrieval.map((s) => (s.goldRank ? 1 / s.goldRank : 0))),
    accuracy: mean(scores.filter((s) => s.correct !== null).map((s) => (s.correct ? 1 : 0))),
    citationPrecision: mean(scores.filter((s) => s.citationPrecision !== null).map((s) => s.citationPrecision!)),
    refusalPrecision: refused.length ? refused.filter((s) => !s.shouldAnswer).length / refused.length : null,
    refusalRecall: unanswerable.length ? unanswerable.filter((s) => !s.answerable).length / unanswerable.length : null,
    falseRefusalRate: answerable.length ? answerable.filter((s) => !s.answerable).length / answerable.length : null,
    p50Ms: percentile(scores.map((s) => s.ms), 50),
    p95Ms: percentile(scores.map((s) => s.ms), 95),
  };
}

export function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of xs) groups.set(key(x), [...(groups.get(key(x)) ?? []), x]);
  return groups;
}
