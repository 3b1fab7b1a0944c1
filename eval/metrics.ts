/**
 * Evaluation metrics, pure: from (item, answer, gold) outcomes to per-item
 * scores and per-group numbers. Shared by `npm run eval` and the regression
 * guard in `npm test`.
 */
import { groupBy } from "../src/group.js";
import type { CheckResult } from "../src/engine.js";
import type { Answer } from "../src/types.js";
import { ALL_DOCS, reportKey, shouldAnswer as shouldBeAnswered, type EvalItem } from "./sets.js";

/** Full-width → half-width, no spaces, 亿/万 written out the same way, so 4.87 万亩 matches 4.87万亩. */
export function normalizeAnswer(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/，/g, ",")
    .replace(/(\d+(?:\.\d+)?)(亿|万)/g, (_m, n: string, u: string) => `${Number(n)}${u}`);
}

/**
 * The reports among `docIds` that the item did not ask about (each once).
 * `docs: ["*"]` asks about every report, so none is foreign; `docs: []` (a place
 * with no report) makes every report foreign.
 */
export function otherReports(docs: readonly string[], docIds: Iterable<string>): string[] {
  if (docs.includes(ALL_DOCS)) return [];
  return [...new Set([...docIds].filter((d) => !docs.includes(d)))];
}

/**
 * The engine's refusal reasons that count as the item's `reason`. The sets say
 * `not_in_report` where the engine says either "nothing relevant" or "the topic
 * is there but not this figure"; an engine that adopts `not_in_report` as a
 * reason also matches.
 */
export const SAME_REASON: Record<string, readonly string[]> = {
  not_in_report: ["not_in_report", "no_matching_passage", "figure_not_given"],
  out_of_scope_period: ["out_of_scope_period"],
  other_place: ["other_place"],
};

export interface Outcome {
  item: EvalItem;
  answer: Answer;
  /** Gold paragraph ids resolved from item.goldLines against the served corpus. */
  gold: string[];
  /** Gold lines that resolved to no paragraph (e.g. their report is not served). */
  goldUnresolved: number;
  ms: number;
}

export interface ItemScore {
  id: string;
  split: string;
  set: string;
  type: string;
  lang: string;
  question: string;
  docs: string[];
  /** Group key per report: docs[0], "*" or "none". */
  report: string;
  /** The engine answered (status "answered"). */
  answerable: boolean;
  /** The engine's status: answered, related (its most relevant passage, not a direct answer) or not_in_report. */
  status: Answer["status"];
  /** Related answers of answerable items: the passage shown is a gold paragraph (null otherwise). */
  relatedGold: boolean | null;
  /** The confidence score of a related passage, shown or not (null when none was weighed). */
  confidence: number | null;
  /** The signals that score came from (null when none was weighed). */
  confidenceFeatures: Record<string, number> | null;
  shouldAnswer: boolean;
  gold: string[];
  goldUnresolved: number;
  /** 1-based rank of the first gold paragraph among citations, or null. */
  goldRank: number | null;
  /** Answerable: all expected strings found in the answer (null when nothing is expected). Unanswerable: refused. */
  correct: boolean | null;
  /** Share of the answer's own citations whose paragraph holds an expected string (null if none). */
  citationPrecision: number | null;
  /** The answer's coverage of the question, the quantity the refusal threshold cuts. */
  coverage: number;
  /** Items with a `reason`: the reason expected, the engine's reason if it refused, and whether they agree. */
  reason: string | null;
  refusal: string | null;
  reasonMatch: boolean | null;
  /** Answered from another report: an answer citation or figure outside `docs` (any answer at all when docs is []). */
  wrongReport: boolean;
  /** Answered from several reports, each labelled (a question that names no place). */
  several: boolean;
  /** Any citation (context too) or figure from a report outside `docs`, answered or not. */
  wrongReportCited: boolean;
  otherReports: string[];
  ms: number;
  answer: string;
  citations: string[];
}

export function scoreItem(o: Outcome): ItemScore {
  const { item, answer } = o;
  const shouldAnswer = shouldBeAnswered(item);
  const ids = answer.citations.map((c) => c.id);
  const gold = new Set(o.gold);
  const rank = ids.findIndex((id) => gold.has(id));
  const normal = normalizeAnswer(answer.answer);
  const expected = item.expected.map(normalizeAnswer);
  const answered = answer.status === "answered";
  const related = answer.status === "related";
  // A related passage speaks for a report too: it counts for the wrong-report check.
  const used = answered || related ? answer.citations.filter((c) => c.role === "answer") : [];
  const figureDocs = (answer.figures ?? []).map((f) => f.docId);
  const strictOther = answered || related ? otherReports(item.docs, [...used.map((c) => c.docId), ...figureDocs]) : [];
  const anyOther = otherReports(item.docs, [...answer.citations.map((c) => c.docId), ...figureDocs]);
  const refusal = answer.status !== "answered" ? answer.reason : null;
  // Several reports answering a question that names none, each part labelled, is not a wrong report —
  // unless the report asked about is not among them.
  const several = answered && answer.routing?.by === "several";
  const askedAmong = several && answer.parts.some((p) => item.docs.includes(p.docId));
  return {
    id: item.id,
    split: item.split,
    set: item.set,
    type: item.type,
    lang: item.lang,
    question: item.question,
    docs: item.docs,
    report: reportKey(item.docs),
    answerable: answered,
    status: answer.status,
    relatedGold: related && shouldAnswer ? used.some((c) => gold.has(c.id)) : null,
    confidence: answer.status !== "answered" && answer.confidence ? answer.confidence.score : null,
    confidenceFeatures: answer.status !== "answered" && answer.confidence ? answer.confidence.features : null,
    shouldAnswer,
    gold: o.gold,
    goldUnresolved: o.goldUnresolved,
    goldRank: rank >= 0 ? rank + 1 : null,
    correct: !shouldAnswer ? !answered : expected.length === 0 ? null : answered && expected.every((e) => normal.includes(e)),
    citationPrecision:
      !answered || used.length === 0 || expected.length === 0
        ? null
        : used.filter((c) => expected.some((e) => normalizeAnswer(c.text).includes(e))).length / used.length,
    coverage: answer.coverage,
    reason: item.reason ?? null,
    refusal,
    reasonMatch: item.reason ? refusal !== null && (SAME_REASON[item.reason] ?? [item.reason]).includes(refusal) : null,
    wrongReport: (answered || related) && (item.docs.length === 0 || (several ? !item.docs.includes("*") && !askedAmong : strictOther.length > 0)),
    several,
    wrongReportCited: anyOther.length > 0,
    otherReports: anyOther,
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
  /** Over the answerable items with expected spans (as before unanswerable items were scored). */
  accuracy: number | null;
  citationPrecision: number | null;
  refusalPrecision: number | null;
  refusalRecall: number | null;
  /** Items with a `reason`: share refused with that same reason. */
  reasonMatch: number | null;
  falseRefusalRate: number | null;
  /** Counts, not shares. */
  wrongReport: number;
  wrongReportCited: number;
  goldUnresolved: number;
  p50Ms: number;
  p95Ms: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const share = (xs: boolean[]) => mean(xs.map((x) => (x ? 1 : 0)));

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(scores: ItemScore[]): Summary {
  // Retrieval is measured on the questions that have a paragraph to find.
  const retrieval = scores.filter((s) => s.shouldAnswer && s.type !== "claim");
  const hit = (k: number) => share(retrieval.map((s) => s.goldRank !== null && s.goldRank <= k));
  const refused = scores.filter((s) => !s.answerable);
  const unanswerable = scores.filter((s) => !s.shouldAnswer);
  const answerable = scores.filter((s) => s.shouldAnswer);
  return {
    n: scores.length,
    hit1: hit(1),
    hit3: hit(3),
    hit5: hit(5),
    mrr: mean(retrieval.map((s) => (s.goldRank ? 1 / s.goldRank : 0))),
    accuracy: share(answerable.filter((s) => s.correct !== null).map((s) => s.correct!)),
    citationPrecision: mean(scores.filter((s) => s.citationPrecision !== null).map((s) => s.citationPrecision!)),
    refusalPrecision: refused.length ? refused.filter((s) => !s.shouldAnswer).length / refused.length : null,
    refusalRecall: unanswerable.length ? unanswerable.filter((s) => !s.answerable).length / unanswerable.length : null,
    reasonMatch: share(scores.filter((s) => s.reasonMatch !== null).map((s) => s.reasonMatch!)),
    falseRefusalRate: answerable.length ? answerable.filter((s) => !s.answerable).length / answerable.length : null,
    wrongReport: scores.filter((s) => s.wrongReport).length,
    wrongReportCited: scores.filter((s) => s.wrongReportCited).length,
    goldUnresolved: scores.filter((s) => s.goldUnresolved > 0).length,
    p50Ms: percentile(scores.map((s) => s.ms), 50),
    p95Ms: percentile(scores.map((s) => s.ms), 95),
  };
}

/**
 * The graded-confidence trade-off. Answerable items: answered right, answered
 * wrong (a wrong figure: the worst outcome), related with a gold passage
 * (neither wrong nor refused), related with another passage (counted with the
 * refusals: it did not help), refused. Unanswerable items: refused, related,
 * answered.
 */
export interface ConfidenceSummary {
  answerable: { n: number; right: number; wrong: number; relatedGold: number; relatedOther: number; refused: number };
  unanswerable: { n: number; refused: number; related: number; answered: number };
}

export function summarizeConfidence(scores: ItemScore[]): ConfidenceSummary {
  const a = scores.filter((s) => s.shouldAnswer && s.type !== "claim");
  const u = scores.filter((s) => !s.shouldAnswer);
  const count = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;
  return {
    answerable: {
      n: a.length,
      right: count(a, (s) => s.status === "answered" && s.correct !== false),
      wrong: count(a, (s) => s.status === "answered" && s.correct === false),
      relatedGold: count(a, (s) => s.status === "related" && s.relatedGold === true),
      relatedOther: count(a, (s) => s.status === "related" && s.relatedGold !== true),
      refused: count(a, (s) => s.status === "not_in_report"),
    },
    unanswerable: {
      n: u.length,
      refused: count(u, (s) => s.status === "not_in_report"),
      related: count(u, (s) => s.status === "related"),
      answered: count(u, (s) => s.status === "answered"),
    },
  };
}

export interface ReasonSummary {
  n: number;
  refused: number;
  sameReason: number;
  /** How the engine refused (or "answered"), counted. */
  got: Record<string, number>;
}

/** Unanswerable items with a `reason`, per reason. */
export function summarizeReasons(scores: ItemScore[]): Record<string, ReasonSummary> {
  const out: Record<string, ReasonSummary> = {};
  for (const [reason, ss] of groupBy(scores.filter((s) => s.reason !== null), (s) => s.reason!)) {
    const got: Record<string, number> = {};
    for (const s of ss) got[s.refusal ?? "answered"] = (got[s.refusal ?? "answered"] ?? 0) + 1;
    out[reason] = { n: ss.length, refused: ss.filter((s) => !s.answerable).length, sameReason: ss.filter((s) => s.reasonMatch).length, got };
  }
  return out;
}

export interface ClaimScore {
  id: string;
  split: string;
  set: string;
  claim: string;
  docs: string[];
  report: string;
  expected: string;
  got: string;
  expectedMismatch: string | null;
  gotMismatches: string[];
  correct: boolean;
  /** For contradicted claims: the expected kind of mismatch was named. */
  mismatchCorrect: boolean | null;
  gold: string[];
  goldUnresolved: number;
  /** The evidence cites a gold paragraph (null when nothing is expected). */
  evidenceHit: boolean | null;
  /** A figure the claim was checked against, or an evidence citation of role "answer", comes from a report outside `docs`. */
  wrongReport: boolean;
  /** Any evidence citation (context too) from a report outside `docs`. */
  wrongReportCited: boolean;
  otherReports: string[];
  ms: number;
}

export function scoreClaim(item: EvalItem, result: Pick<CheckResult, "verdict" | "checks" | "evidence">, gold: string[], goldUnresolved: number, ms: number): ClaimScore {
  const mismatches = result.checks.flatMap((c) => c.mismatches);
  const goldSet = new Set(gold);
  const checked = result.checks.flatMap((c) => (c.evidence ? [c.evidence.docId] : []));
  const strict = otherReports(item.docs, [...checked, ...result.evidence.filter((c) => c.role === "answer").map((c) => c.docId)]);
  const any = otherReports(item.docs, [...checked, ...result.evidence.map((c) => c.docId)]);
  return {
    id: item.id,
    split: item.split,
    set: item.set,
    claim: item.question,
    docs: item.docs,
    report: reportKey(item.docs),
    expected: item.verdict ?? "",
    got: result.verdict,
    expectedMismatch: item.mismatch ?? null,
    gotMismatches: mismatches,
    correct: result.verdict === item.verdict,
    mismatchCorrect: item.mismatch ? mismatches.includes(item.mismatch) : null,
    gold,
    goldUnresolved,
    evidenceHit: item.goldLines.length ? result.evidence.some((c) => goldSet.has(c.id)) : null,
    wrongReport: strict.length > 0,
    wrongReportCited: any.length > 0,
    otherReports: any,
    ms,
  };
}

export interface ClaimSummary {
  n: number;
  verdictAccuracy: number;
  mismatchAccuracy: number | null;
  evidenceHit: number | null;
  byVerdict: Record<string, { n: number; accuracy: number }>;
  wrongReport: number;
  wrongReportCited: number;
  p50Ms: number;
}

export function summarizeClaims(scores: ClaimScore[]): ClaimSummary {
  const byVerdict: ClaimSummary["byVerdict"] = {};
  for (const [v, ss] of groupBy(scores, (s) => s.expected)) byVerdict[v] = { n: ss.length, accuracy: share(ss.map((s) => s.correct)) ?? 0 };
  return {
    n: scores.length,
    verdictAccuracy: share(scores.map((s) => s.correct)) ?? 0,
    mismatchAccuracy: share(scores.filter((s) => s.mismatchCorrect !== null).map((s) => s.mismatchCorrect!)),
    evidenceHit: share(scores.filter((s) => s.evidenceHit !== null).map((s) => s.evidenceHit!)),
    byVerdict,
    wrongReport: scores.filter((s) => s.wrongReport).length,
    wrongReportCited: scores.filter((s) => s.wrongReportCited).length,
    p50Ms: percentile(scores.map((s) => s.ms), 50),
  };
}

export interface WrongReportCount {
  /** Questions + claims. */
  n: number;
  wrong: number;
  questions: number;
  claims: number;
  /** Items citing another report at all (context included). */
  cited: number;
}

export function countWrongReport(items: ItemScore[], claims: ClaimScore[]): WrongReportCount {
  const q = items.filter((s) => s.wrongReport).length;
  const c = claims.filter((s) => s.wrongReport).length;
  return { n: items.length + claims.length, wrong: q + c, questions: q, claims: c, cited: items.filter((s) => s.wrongReportCited).length + claims.filter((s) => s.wrongReportCited).length };
}

export { groupBy };
