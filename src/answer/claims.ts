/**
 * Claim checking for journalists: every figure in a claim is matched to the
 * report's figure for the same metric and compared on value, unit, direction,
 * period and qualifier. Pure: claim text and figure records in, verdict out.
 *
 * "2022年柳北区规上工业增加值增长10.2%" → contradicted: the report says 下降10.2%.
 */
import { normalize, tokenize } from "../index/tokenize.js";
import type { Scope } from "../types.js";
import { baseOf, figureMatches, type FigureRecord } from "./figures.js";
import { foldWidth } from "../corpus/units.js";
import { parseChineseNumbers } from "./numerals.js";
import { termWeight, unitFamily, type TermWeights } from "./question.js";
import { periodFor, scopeLabel } from "./periods.js";
import type { DocumentProfile } from "../types.js";
import type { Paragraph } from "../types.js";
import { NO_DEADLINE, type Deadline } from "../deadline.js";
import { APPROX, DIRECTION_BEFORE } from "../lexicon.js";

export type Verdict = "supported" | "contradicted" | "partially_supported" | "not_found";
export type Mismatch = "direction" | "value" | "unit" | "period" | "qualifier";

export interface ClaimFigure {
  /** The figure as written in the claim (after numeral normalisation), with its direction. */
  text: string;
  value: number;
  unit: string;
  baseValue: number | null;
  baseUnit: string;
  direction: "增长" | "下降" | "上升" | null;
  qualifier: string | null;
  /** The claim's words around the figure: what it says is measured. */
  context: string;
}

export interface FigureCheck {
  claim: ClaimFigure;
  verdict: "supported" | "contradicted" | "not_found";
  mismatches: Mismatch[];
  evidence: FigureRecord | null;
  explanation: string;
}

export interface CheckOutcome {
  verdict: Verdict;
  explanation: string;
  checks: FigureCheck[];
}

/** Minimum share of the claim's metric words a report figure must carry to be "the same metric". */
const MIN_METRIC_MATCH = 0.5;

function normDirection(word: string | undefined): ClaimFigure["direction"] {
  if (!word) return null;
  if (/增长|提高|增加/.test(word)) return "增长";
  if (/下降|减少|降低/.test(word)) return "下降";
  return "上升";
}

/** The figures a claim states (at most `max`), each with the words that say what it measures. */
export function claimFigures(claim: string, max = Infinity): ClaimFigure[] {
  const text = parseChineseNumbers(normalize(claim), { small: true });
  const pieces = text.split(/[,，;；。]/);
  const out: ClaimFigure[] = [];
  let lastContext = "";
  for (const piece of pieces) {
    for (const m of figureMatches(foldWidth(piece))) {
      if (out.length >= max) return out;
      const at = m.index!;
      const { q: qualifierBefore, v: valueText, m: multiplier, yu0, yu1, yu2, after } = m.groups!;
      const unitWord = m.groups!.u ?? "";
      const before = piece.slice(0, at);
      const value = Number(valueText);
      let context = before.replace(DIRECTION_BEFORE, "").replace(/(同比|比上年|较上年|分别)$/, "").replace(/\d+(\.\d+)?\S{0,3}$/, "").trim();
      // A bare change (同比下降5.6%) speaks of the metric named before it.
      if (!/[\u4e00-\u9fff]{2}/.test(context.replace(/^\d{4}年/, ""))) context = `${lastContext} ${context}`.trim();
      lastContext = context;
      const qualifier = [qualifierBefore, yu0 || yu1 || yu2, after, /实际|已经|已/.test(before) ? "实际" : undefined].filter(Boolean).join("") || null;
      const dirWord = before.match(DIRECTION_BEFORE)?.[1];
      out.push({
        text: `${dirWord ?? ""}${m[0]}`,
        value,
        unit: `${multiplier ?? ""}${unitWord}`,
        ...baseOf(value, multiplier, unitWord!),
        direction: normDirection(dirWord),
        qualifier,
        context: `${context} ${piece.slice(at + m[0].length)}`.trim(),
      });
    }
  }
  return out;
}

/** Share (0–1) of the weight of `terms` (IDF, the report's subject discounted) that `text` holds. */
function weightedShare(terms: string[], text: string, weights: TermWeights): number {
  let total = 0;
  let hit = 0;
  for (const t of terms) {
    const w = termWeight(weights, t);
    total += w;
    if (text.includes(t)) hit += w;
  }
  return total ? hit / total : 0;
}

/**
 * The report's figures indexed by the words of their metric and clause, each
 * tokenised once when the engine opens. A claim figure finds its candidates by
 * its own words in one pass over their postings, so checking a claim costs about
 * its length — never claim figures × report figures × re-tokenising.
 */
export class FigureIndex {
  private readonly postings = new Map<string, number[]>();

  constructor(readonly figures: FigureRecord[]) {
    const tokensOf = new Map<string, string[]>();
    figures.forEach((f, i) => {
      const text = normalize(`${f.metric} ${f.clause}`);
      let tokens = tokensOf.get(text);
      if (!tokens) tokensOf.set(text, (tokens = [...new Set([...tokenize(text, "search"), ...tokenize(text, "exact")])]));
      for (const t of tokens) {
        const list = this.postings.get(t);
        if (list) list.push(i);
        else this.postings.set(t, [i]);
      }
    });
  }

  /** Each figure holding any of `terms`, with the share (0–1) of the terms' total weight it holds. */
  match(terms: { term: string; weight: number }[]): Map<FigureRecord, number> {
    const total = terms.reduce((s, t) => s + t.weight, 0);
    const hits = new Map<number, number>();
    if (total === 0) return new Map();
    for (const { term, weight } of terms) for (const i of this.postings.get(term) ?? []) hits.set(i, (hits.get(i) ?? 0) + weight);
    return new Map([...hits].map(([i, w]) => [this.figures[i]!, w / total]));
  }
}

/** The claim's words that name what a figure measures (not numbers, years, directions or the place itself). */
function metricTerms(claimContext: string, weights: TermWeights): { term: string; weight: number }[] {
  return [...new Set(tokenize(claimContext, "exact"))]
    .filter((t) => !/^\d/.test(t) && !/^(增长|下降|上升|年)$/.test(t) && !weights.subjectWords.has(t))
    .map((term) => ({ term, weight: termWeight(weights, term) }));
}

const sameValue = (a: number | null, b: number | null, av: number, bv: number) =>
  a !== null && b !== null ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) : Math.abs(av - bv) < 1e-9;

const isPercent = (unit: string) => unitFamily(unit) === "percent";

const scopeText = (s: Scope) => scopeLabel(s) || "报告";

type ClaimPeriod = "plan" | "result" | "period-result" | "period-plan" | null;

/** Which period the claim speaks of, for this report: a target, a result, a five-year figure, or unsaid. */
function claimPeriod(claim: string, profile: DocumentProfile): ClaimPeriod {
  const text = normalize(claim);
  const period = periodFor(text, profile);
  if (period.fiveYear === "review") return "period-result";
  if (period.fiveYear === "plan") return "period-plan";
  if (/目标|计划|预期|力争|争取|将|要|打算/.test(text)) return "plan";
  if (period.years.includes(profile.reviewYear) || /去年|已|实现了|完成了|达到了/.test(text)) return "result";
  if (period.years.includes(profile.reportYear)) return "plan";
  return null;
}

function checkFigure(c: ClaimFigure, period: ClaimPeriod, index: FigureIndex, weights: TermWeights): FigureCheck {
  const scored = [...index.match(metricTerms(c.context, weights))]
    .map(([f, match]) => ({ f, match }))
    .filter((x) => x.match >= MIN_METRIC_MATCH)
    // Percentages answer percentages, amounts answer amounts — unless the number itself is the same (a unit slip).
    .filter((x) => isPercent(x.f.unit) === isPercent(c.unit) || x.f.valueText === String(c.value))
    .sort((a, b) => b.match - a.match);
  if (scored.length === 0) {
    return { claim: c, verdict: "not_found", mismatches: [], evidence: null, explanation: `报告中没有找到与“${c.context || c.text}”对应的数字。` };
  }
  const best = scored[0]!.match;
  const close = scored.filter((x) => x.match >= best - 0.15).map((x) => x.f);
  const samePeriod = (f: FigureRecord) => !period || f.scope.kind === period || f.scope.kind === "definition" || f.scope.kind === "meta";
  const equal = (f: FigureRecord) => sameValue(c.baseValue, f.baseValue, c.value, f.value) && unitFamily(f.unit) === unitFamily(c.unit);

  // The exact figure, stated for the other period: a 2023 target told as a 2022 result.
  const otherPeriod = close.find((f) => equal(f) && !samePeriod(f) && (!c.direction || !f.direction || c.direction === f.direction));
  const candidates = close.filter(samePeriod);
  const evidence = candidates.find(equal) ?? candidates[0] ?? otherPeriod ?? close[0]!;
  if (otherPeriod && !candidates.some(equal)) {
    return {
      claim: c,
      verdict: "contradicted",
      mismatches: ["period"],
      evidence: otherPeriod,
      explanation: `时期不符：${otherPeriod.metric}“${c.text}”是报告中的${scopeText(otherPeriod.scope)}（“${otherPeriod.quote}”），不是${period === "result" ? "当年已取得的结果" : period === "period-result" ? "五年的结果" : period === "period-plan" ? "五年规划的目标" : "当年目标"}。`,
    };
  }

  const mismatches: Mismatch[] = [];
  const notes: string[] = [];
  if (!sameValue(c.baseValue, evidence.baseValue, c.value, evidence.value) || unitFamily(c.unit) !== unitFamily(evidence.unit)) {
    if (String(c.value) === evidence.valueText || c.value === evidence.value) {
      mismatches.push("unit");
      notes.push(`单位是${evidence.unit}，不是${c.unit}`);
    } else {
      mismatches.push("value");
      notes.push(`数值是${evidence.valueText}${evidence.unit}，不是${c.value}${c.unit}`);
    }
  }
  if (c.direction && evidence.direction && c.direction !== evidence.direction) {
    mismatches.push("direction");
    notes.push(`是${evidence.direction}${evidence.valueText}${evidence.unit}，不是${c.direction}${c.value}${c.unit}`);
  }
  if (mismatches.length === 0 && !samePeriod(evidence)) {
    mismatches.push("period");
    notes.push(`这是${scopeText(evidence.scope)}`);
  }
  if (mismatches.length === 0) {
    const reportApprox = evidence.qualifier && APPROX.test(evidence.qualifier);
    const claimApprox = c.qualifier && APPROX.test(c.qualifier);
    const reportHedged = evidence.qualifier && /预计|力争|争取/.test(evidence.qualifier);
    if (reportApprox && !claimApprox) {
      mismatches.push("qualifier");
      notes.push(`报告说的是“${evidence.quote}”（${evidence.qualifier}），不是正好${c.value}${c.unit}`);
    } else if (claimApprox && !reportApprox) {
      mismatches.push("qualifier");
      notes.push(`报告给的是确数${evidence.valueText}${evidence.unit}，没有说${c.qualifier}`);
    } else if (reportHedged && c.qualifier?.includes("实际")) {
      mismatches.push("qualifier");
      notes.push(`报告说的是${evidence.qualifier}，不是已经实现`);
    }
  }
  const quoted = `报告原文：“${evidence.quote}”（${scopeText(evidence.scope)}）`;
  const KIND: Record<Mismatch, string> = { direction: "方向不符", value: "数值不符", unit: "单位不符", period: "时期不符", qualifier: "限定词不符" };
  return mismatches.length === 0
    ? { claim: c, verdict: "supported", mismatches, evidence, explanation: `${evidence.metric}“${c.text}”与报告一致。${quoted}` }
    : {
        claim: c,
        verdict: "contradicted",
        mismatches,
        evidence,
        explanation: `${mismatches.map((m) => KIND[m]).join("、")}：${evidence.metric}${notes.join("；")}。${quoted}`,
      };
}

/** A claim with no figure is supported only when one paragraph says nearly all of it. */
const TEXT_SUPPORT = 0.9;

export interface ClaimContext {
  /** The figures of the report the claim is about (routing chose it). */
  figures: FigureIndex;
  /** Candidate paragraphs for claims without figures (retrieved for the claim). */
  paragraphs: Paragraph[];
  weights: TermWeights;
  profile: DocumentProfile;
  /** Figures of a claim checked at most; the rest are named as not checked. */
  maxFigures?: number;
  deadline?: Deadline;
}

export function checkClaim(claim: string, ctx: ClaimContext): CheckOutcome {
  const { figures, weights, profile } = ctx;
  const deadline = ctx.deadline ?? NO_DEADLINE;
  const maxFigures = ctx.maxFigures ?? Infinity;
  // One more than the cap, to know whether the claim states more figures than are checked.
  const found = claimFigures(claim, maxFigures + 1);
  const stated = found.slice(0, maxFigures);
  if (stated.length === 0) {
    const words = [...new Set(tokenize(claim, "exact"))];
    const best = ctx.paragraphs.map((p) => ({ p, support: weightedShare(words, normalize(p.text), weights) })).sort((a, b) => b.support - a.support)[0];
    if (best && best.support >= TEXT_SUPPORT) {
      return { verdict: "supported", explanation: `报告原文有此内容：“${best.p.text.slice(0, 80)}${best.p.text.length > 80 ? "…" : ""}”`, checks: [] };
    }
    return { verdict: "not_found", explanation: "报告中没有找到这句话的依据；请看下面最接近的段落。", checks: [] };
  }
  const period = claimPeriod(claim, profile);
  const checks = stated.map((c) => {
    deadline.check("checking the claim's figures");
    return checkFigure(c, period, figures, weights);
  });
  const count = (v: FigureCheck["verdict"]) => checks.filter((c) => c.verdict === v).length;
  const verdict: Verdict =
    count("not_found") === checks.length
      ? "not_found"
      : count("supported") === checks.length
        ? "supported"
        : count("supported") > 0
          ? "partially_supported"
          : count("contradicted") > 0
            ? "contradicted"
            : "not_found";
  const unchecked = found.length > stated.length ? ` 这句话的数字超过${maxFigures}个，只核对了前${maxFigures}个。` : "";
  return { verdict, explanation: checks.map((c) => c.explanation).join(" ") + unchecked, checks };
}
