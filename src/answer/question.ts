/**
 * Reads what a question asks for: its content terms and their weights, the
 * period it is about (a 2022 result, a 2023 target, a year the report does not
 * cover), whether it wants a quantity or a definition, and whether it names
 * another place.
 */
import { normalize, stripQuestionWords, tokenize } from "../index/tokenize.js";
import { parseChineseNumbers } from "./numerals.js";
import { expansions } from "./colloquial.js";
import { ENGLISH_STOP_WORDS } from "../embed/builtin/gloss.js";
import { translate, type EnglishLexicon } from "../index/english.js";

/** A content term of a question, with the report's words that stand for it. */
export interface QuestionTerm {
  term: string;
  weight: number;
  /** Everyday → report words (看病 → 医疗) and English → Chinese (income → 收入). */
  alts: string[];
}

/** English words that name the report itself, not a topic in it. */
const ENGLISH_SUBJECT = new Set(["liubei", "liuzhou", "district", "report", "government", "work", "year"]);

export type Intent = "quantity" | "definition" | "other";

export interface PeriodAsk {
  /** Years the question names (explicitly or as 今年/去年/明年). */
  years: number[];
  /** The question speaks of plans/targets (目标, 计划, 预期, 将…). */
  wantsPlan: boolean;
  /** The question speaks of results (完成, 实现了, 去年…). */
  wantsResult: boolean;
}

export interface QuestionAnalysis {
  text: string;
  /** Normalised, with Chinese numerals turned into digits. */
  normal: string;
  /** Content terms with weights (IDF), years removed. */
  terms: QuestionTerm[];
  intent: Intent;
  period: PeriodAsk;
  /** Another district or city named instead of the report's. */
  otherPlace: string | null;
  /** Mostly Latin letters: lexical coverage against Chinese text means little. */
  latin: boolean;
  /** The unit asked for (多少亿元 → 元, 百分之几 → %), if the wording says. */
  askedUnit: string | null;
  /** Parts of a multi-part question, each with its own terms and period. */
  segments: Segment[];
}

/** Places a reader may confuse with the report's district (Liuzhou's districts and counties, nearby cities). */
export const OTHER_PLACES = [
  "柳南区", "柳南", "鱼峰区", "鱼峰", "城中区", "柳江区", "柳江", "柳东新区", "柳东", "柳城县", "柳城", "鹿寨县", "鹿寨", "融安县", "融安", "融水县", "融水", "三江县", "三江",
  "南宁", "桂林", "梧州", "北海", "玉林", "百色", "河池", "来宾", "贵港", "钦州", "防城港", "贺州", "崇左",
  "北京", "上海", "广州", "深圳",
];

const PLAN_WORDS = /目标|计划|预期|预计|打算|将要|将会|力争|争取|安排|要做|准备|明年|今年.*(要|将|计划)|2023年.*(要|将)|target|plan|goal|expect/i;
const RESULT_WORDS = /完成了|实现了|达到了|取得|去年|上一年|2022年.*(完成|实现|达到)|achieved|was|were|did/i;
const QUANTITY_WORDS = /多少|几[个家项人户所条次名万亿]|多大|多高|多长|比例|比重|占比|率|增长|下降|增速|增幅|金额|总额|数量|规模|面积|how many|how much|what percentage|rate|amount|number of/i;
const DEFINITION_WORDS = /是什么|指什么|什么是|指的是|是指|含义|意思|内容是|包括哪些|包含哪些|哪[几些]个方面|what (is|are|does) .*(mean|refer)|meaning of|what is|define/i;

/** What a question's wording says about the unit it wants; the first match wins. */
const ASKED_UNIT: [RegExp, string][] = [
  [/百分之几|百分比|多少%|占比|比例|比重|percentage|percent|rate/, "%"],
  [/多少(亿|万)?元|多少钱|多少资金|多少亿|how much money|yuan/, "元"],
  [/多少(万)?亩|面积有多大/, "亩"],
  [/多少(万)?平方米|多少平米/, "平方米"],
  [/多少(万)?吨/, "吨"],
  [/多少(万)?人次/, "人次"],
  [/多少(万)?人|多少名/, "人"],
  [/(多少|几)(个|家|户|项|件|处|套|所|条|场|份)/, "个"],
];

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
  /** Words naming the report's own subject (柳北区, 柳州市): implied by every paragraph. */
  subjectWords: Set<string>;
}

/** A term's weight: rarer words count more; the report's own subject (柳北区) hardly at all. */
export function termWeight(weights: TermWeights, term: string): number {
  return weights.idf(term) * (weights.subjectWords.has(term) || ENGLISH_SUBJECT.has(term) ? 0.1 : 1);
}

/** Another district or city a text names instead of the report's own (null if none, or if 柳北 is named too). */
export function otherPlaceIn(normal: string): string | null {
  if (normal.includes("柳北")) return null;
  return OTHER_PLACES.find((p) => normal.includes(p)) ?? null;
}

/** The period a piece of text asks about. */
export function periodOf(normal: string, reportYear: number): PeriodAsk {
  const years = new Set<number>();
  for (const m of normal.matchAll(/((?:19|20)\d{2})\s*年?/g)) years.add(Number(m[1]));
  if (/今年|本年|this year/.test(normal)) years.add(reportYear);
  if (/去年|上年|上一年|last year/.test(normal)) years.add(reportYear - 1);
  if (/明年|下一年|next year/.test(normal)) years.add(reportYear + 1);
  if (/后年/.test(normal)) years.add(reportYear + 2);
  // 完成全年目标 reports a result against a target; it does not ask for the target.
  const planText = normal.replace(/(完成|实现|达到|超额完成)[^,，。？?]{0,6}目标/g, "完成");
  return { years: [...years].sort(), wantsPlan: PLAN_WORDS.test(planText), wantsResult: RESULT_WORDS.test(normal) || planText !== normal };
}

const INTERROGATIVE = /多少|几|什么|哪|吗|是否|有没有|怎么|如何|谁|how|what|which|when|who|where|\?|？/;

export interface Segment {
  text: string;
  terms: string[];
  period: PeriodAsk;
  /** Asks something itself (多少/什么/哪…); other segments only set the topic. */
  asks: boolean;
}

/**
 * Splits a question into its parts: at ，？； and, when it says 分别/各, also at
 * 、和及与 (工业投资、到位资金和减免税费分别是多少 → three parts).
 */
function segmentsOf(normal: string, known: Set<string>, reportYear: number, maxParts: number): Segment[] {
  const respectively = /分别|各/.test(normal);
  const pieces = normal.split(/[,，?？;；。]/).flatMap((piece) => (respectively ? piece.split(/[、和及与]/) : [piece]));
  const segments: Segment[] = [];
  // At most maxParts parts: every part costs a retrieval, so the input cannot multiply the work.
  for (const text of pieces) {
    if (segments.length >= maxParts) break;
    const segment = {
      text,
      terms: tokenize(stripQuestionWords(text), "exact").filter((t) => known.has(t)),
      period: periodOf(text, reportYear),
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

export function analyzeQuestion(question: string, weights: TermWeights, reportYear: number, lexicon: EnglishLexicon = {}, limits: QuestionLimits = DEFAULT_LIMITS): QuestionAnalysis {
  const normal = parseChineseNumbers(normalize(question));
  const seen = new Set<string>();
  const terms: QuestionTerm[] = [];
  for (const term of tokenize(stripQuestionWords(normal), "exact")) {
    if (seen.has(term) || /^(19|20)\d{2}$/.test(term) || /^\d+$/.test(term)) continue;
    const english = /^[a-z]+$/.test(term);
    if (english && (ENGLISH_STOP_WORDS.has(term) || term.length < 2)) continue;
    seen.add(term);
    // The report's own subject is implied everywhere; naming it proves nothing.
    terms.push({ term, weight: termWeight(weights, term), alts: [...expansions(term), ...(english ? translate(lexicon, term) : [])] });
  }
  // A question of hundreds of distinct words keeps its rarest maxTerms, in their order.
  if (terms.length > limits.maxTerms) {
    const keep = new Set([...terms].sort((a, b) => b.weight - a.weight).slice(0, limits.maxTerms));
    terms.splice(0, terms.length, ...terms.filter((t) => keep.has(t)));
    for (const t of [...seen]) if (!terms.some((x) => x.term === t)) seen.delete(t);
  }
  const latinChars = (normal.match(/[a-z]/g) ?? []).length;
  const cjkChars = (normal.match(/[\u4e00-\u9fff]/g) ?? []).length;
  return {
    text: question,
    normal,
    terms,
    intent: DEFINITION_WORDS.test(normal) ? "definition" : QUANTITY_WORDS.test(normal) ? "quantity" : "other",
    period: periodOf(normal, reportYear),
    otherPlace: otherPlaceIn(normal),
    latin: latinChars > cjkChars * 2,
    askedUnit: ASKED_UNIT.find(([re]) => re.test(normal))?.[1] ?? null,
    segments: segmentsOf(normal, seen, reportYear, limits.maxParts),
  };
}
