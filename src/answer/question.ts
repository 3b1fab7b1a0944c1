/**
 * Reads what a question asks for: its content terms and their weights, the
 * years and periods it names, whether it wants a quantity or a definition, and
 * its parts. Which report it is about is routing's job (src/retrieve/route.ts);
 * what 今年 or 去年 means depends on the report, so the period is read per
 * report (periodOf).
 */
import { normalize, stripQuestionWords, tokenize } from "../index/tokenize.js";
import { parseChineseNumbers } from "./numerals.js";
import { expansions } from "./colloquial.js";
import { ENGLISH_STOP_WORDS } from "../embed/builtin/gloss.js";
import { translate, type EnglishLexicon } from "../index/english.js";
import type { DocumentProfile } from "../types.js";
import { ASKED_UNIT, DEFINITION_WORDS, ENGLISH_SUBJECT, HOW_WORDS, INTERROGATIVE, QUANTITY_WORDS, QUESTION_PLAN_WORDS as PLAN_WORDS, QUESTION_RESULT_WORDS as RESULT_WORDS, REPORT_FACT_ASKS, REPORT_FACT_WORDS, SUMMARY_WORDS, WHY_WORDS } from "../lexicon.js";

export { REPORT_FACT_WORDS } from "../lexicon.js";

/** A content term of a question, with the report's words that stand for it. */
export interface QuestionTerm {
  term: string;
  weight: number;
  /** Everyday → report words (看病 → 医疗) and English → Chinese (income → 收入). */
  alts: string[];
}


export type Intent = "quantity" | "definition" | "other";

/**
 * The kind of answer a question wants: a passage looked up (a figure, a fact of
 * the place, a definition), an overview built from the report's headings, the
 * causes the report states, the measures it states, or a fact about the report
 * itself (who delivered it, when, where, printed by whom).
 */
export type AnswerKind = "lookup" | "summary" | "why" | "how" | "fact";

/** The facts about a report itself a question can ask for. */
export type ReportFact = (typeof REPORT_FACT_ASKS)[number][0];

/** What a question asks of the report itself, in the order it asks; [] when it asks none. */
export function reportFactsAsked(normal: string): ReportFact[] {
  if (!REPORT_FACT_WORDS.test(normal)) return [];
  // In the order the question asks them.
  const asked = REPORT_FACT_ASKS.map(([fact, re]) => ({ fact, at: normal.search(re) }))
    .filter((a) => a.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((a) => a.fact);
  // 什么时候印的 asks when it was printed, not when it was delivered.
  return asked.includes("printDate") && !/(?<!工)作|召开|举行|deliver/.test(normal) ? asked.filter((f) => f !== "date") : asked;
}

/**
 * The kind of answer wanted. A why question names its cause words; a summary
 * beats how (…做了什么，接下来怎么做); a term's definition (包括哪些) is looked up.
 */
export function answerKind(normal: string, intent: Intent): AnswerKind {
  if (WHY_WORDS.test(normal)) return "why";
  if (reportFactsAsked(normal).length > 0) return "fact";
  if (SUMMARY_WORDS.test(normal)) return "summary";
  if (intent === "definition") return "lookup";
  if (HOW_WORDS.test(normal)) return "how";
  return "lookup";
}

export interface PeriodAsk {
  /** Years the question names (explicitly or as 今年/去年/明年, relative to the report). */
  years: number[];
  /** The question speaks of plans/targets (目标, 计划, 预期, 将…). */
  wantsPlan: boolean;
  /** The question speaks of results (完成, 实现了, 去年…). */
  wantsResult: boolean;
  /** It asks about a five-year plan's period: the one the report reviews (十四五, 过去五年) or the one it opens (十五五, 到2030年). */
  fiveYear: "review" | "plan" | null;
}

export interface QuestionAnalysis {
  text: string;
  /** Normalised, with Chinese numerals turned into digits. */
  normal: string;
  /** Content terms with weights (IDF), years removed. */
  terms: QuestionTerm[];
  intent: Intent;
  /** The kind of answer wanted (answerKind). */
  kind: AnswerKind;
  /** For kind "fact": the facts about the report asked for. */
  facts: ReportFact[];
  /** Years written as years (2022年): which reports can answer depends on them. 今年/去年 are read per report. */
  years: number[];
  /** Mostly Latin letters: lexical coverage against Chinese text means little. */
  latin: boolean;
  /** The unit asked for (多少亿元 → 元, 百分之几 → %), if the wording says. */
  askedUnit: string | null;
  /** Parts of a multi-part question, each with its own terms and period. */
  segments: Segment[];
}



/** Which unit family a unit belongs to: units of one family can answer for each other. */
export function unitFamily(unit: string): string {
  const base = unit.replace(/^[万亿千百]+/, "");
  if (/元$/.test(base)) return "money";
  if (/%|百分点/.test(base)) return "percent";
  if (/亩|平方米|平米/.test(base)) return "area";
  if (/^(人|名)$/.test(base)) return "people";
  if (/^[个家户项件处套所条场份]$/.test(base)) return "count";
  return base;
}

export interface TermWeights {
  idf(term: string): number;
  /** Words naming a report's own subject (its place's names, 全区, 全省): implied by every paragraph of it. */
  subjectWords: Set<string>;
}

/** A term's weight: rarer words count more; a report's own subject (its place) hardly at all. */
export function termWeight(weights: TermWeights, term: string): number {
  return weights.idf(term) * (weights.subjectWords.has(term) || ENGLISH_SUBJECT.has(term) ? 0.1 : 1);
}

/** Years written out in a text (2022年, 2022): absolute, whatever the report. */
export function yearsIn(normal: string): number[] {
  const years = new Set<number>();
  // 2022年, or 2022 on its own ("GDP in 2022"); not 2027万亩, a number.
  for (const m of normal.matchAll(/(?<![\d.])((?:19|20)\d{2})(?=\s*年|\s*$|\s*[a-z,，?？。;；、])/g)) years.add(Number(m[1]));
  return [...years].sort();
}

/** The period a piece of text asks about, for a report planning `reportYear` (今年 = reportYear) and covering `plans`. */
export function periodOf(normal: string, reportYear: number, plans: DocumentProfile["fiveYearPlans"] = []): PeriodAsk {
  const years = new Set<number>(yearsIn(normal));
  if (/今年|本年|this year/.test(normal)) years.add(reportYear);
  if (/去年|上年|上一年|last year/.test(normal)) years.add(reportYear - 1);
  if (/明年|下一年|next year/.test(normal)) years.add(reportYear + 1);
  if (/后年/.test(normal)) years.add(reportYear + 2);
  const reviewed = plans.find((p) => p.to === reportYear - 1);
  const planned = plans.find((p) => p.from === reportYear);
  let fiveYear: PeriodAsk["fiveYear"] = null;
  if ((reviewed && normal.includes(reviewed.name)) || /过去五年|五年来|这五年|前五年/.test(normal)) fiveYear = "review";
  else if ((planned && (normal.includes(planned.name) || new RegExp(`到${planned.to}年`).test(normal))) || /未来五年/.test(normal)) fiveYear = "plan";
  // The end year of a five-year period asked about is that period, not a year of its own.
  if (fiveYear === "plan" && planned) years.delete(planned.to);
  // 完成全年目标 reports a result against a target; it does not ask for the target.
  const planText = normal.replace(/(完成|实现|达到|超额完成)[^,，。？?]{0,6}目标/g, "完成");
  return { years: [...years].sort(), wantsPlan: PLAN_WORDS.test(planText), wantsResult: RESULT_WORDS.test(normal) || planText !== normal, fiveYear };
}



export interface Segment {
  text: string;
  terms: string[];
  /** Asks something itself (多少/什么/哪…); other segments only set the topic. */
  asks: boolean;
}

/**
 * Splits a question into its parts: at ，？； and, when it says 分别/各, also at
 * 、和及与 (工业投资、到位资金和减免税费分别是多少 → three parts).
 */
function segmentsOf(normal: string, known: Set<string>, maxParts: number): Segment[] {
  const respectively = /分别|各/.test(normal);
  const pieces = normal.split(/[,，?？;；。]/).flatMap((piece) => (respectively ? piece.split(/[、和及与]/) : [piece]));
  const segments: Segment[] = [];
  // At most maxParts parts: every part costs a retrieval, so the input cannot multiply the work.
  for (const text of pieces) {
    if (segments.length >= maxParts) break;
    const segment = {
      text,
      terms: tokenize(stripQuestionWords(text), "exact").filter((t) => known.has(t)),
      asks: INTERROGATIVE.test(text) || respectively,
    };
    if (segment.terms.length > 0 || segment.asks) segments.push(segment);
  }
  return segments;
}

/** How much of a question is read: parts and content terms (config MAX_QUESTION_PARTS / MAX_QUESTION_TERMS). */
export interface QuestionLimits {
  maxParts: number;
  maxTerms: number;
}

const DEFAULT_LIMITS: QuestionLimits = { maxParts: 6, maxTerms: 48 };

export function analyzeQuestion(question: string, weights: TermWeights, lexicon: EnglishLexicon = {}, limits: QuestionLimits = DEFAULT_LIMITS): QuestionAnalysis {
  const normal = parseChineseNumbers(normalize(question));
  const seen = new Set<string>();
  const terms: QuestionTerm[] = [];
  for (const term of tokenize(stripQuestionWords(normal), "exact")) {
    if (seen.has(term) || /^(19|20)\d{2}$/.test(term) || /^\d+$/.test(term)) continue;
    const english = /^[a-z]+$/.test(term);
    if (english && (ENGLISH_STOP_WORDS.has(term) || term.length < 2)) continue;
    seen.add(term);
    // The report's own subject is implied everywhere; naming it proves nothing — in English (Liubei) too.
    const alts = [...expansions(term), ...(english ? translate(lexicon, term) : [])];
    const subject = english && alts.length > 0 && alts.every((a) => weights.subjectWords.has(a));
    terms.push({ term, weight: termWeight(weights, term) * (subject ? 0.1 : 1), alts });
  }
  // A question of hundreds of distinct words keeps its rarest maxTerms, in their order.
  if (terms.length > limits.maxTerms) {
    const keep = new Set([...terms].sort((a, b) => b.weight - a.weight).slice(0, limits.maxTerms));
    terms.splice(0, terms.length, ...terms.filter((t) => keep.has(t)));
    for (const t of [...seen]) if (!terms.some((x) => x.term === t)) seen.delete(t);
  }
  const latinChars = (normal.match(/[a-z]/g) ?? []).length;
  const cjkChars = (normal.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const intent: Intent = DEFINITION_WORDS.test(normal) ? "definition" : QUANTITY_WORDS.test(normal) ? "quantity" : "other";
  const kind = answerKind(normal, intent);
  return {
    text: question,
    normal,
    terms,
    intent,
    kind,
    facts: kind === "fact" ? reportFactsAsked(normal) : [],
    years: yearsIn(normal),
    latin: latinChars > cjkChars * 2,
    askedUnit: ASKED_UNIT.find(([re]) => re.test(normal))?.[1] ?? null,
    segments: segmentsOf(normal, seen, limits.maxParts),
  };
}
