/**
 * Follow-up questions, without a language model: "2022年地区生产总值是多少？"
 * then "那2023年的目标呢？" is read as "2023年地区生产总值目标是多少？". Each turn
 * is taken apart into place, period, topic and how it asks; an elliptical turn
 * (那…呢, no topic of its own, or a bare verb phrase) takes what it lacks from the
 * turn before it (itself already read this way), a complete question takes
 * nothing. Pure: the questions in, the standalone question out.
 */
import type { DocumentProfile } from "../types.js";
import { otherPlaceNamed, placesNamed } from "../retrieve/route.js";
import { normalize } from "../index/tokenize.js";
import { completeMetric } from "./metrics.js";
import { COMPARING_FRAME, COUNT_UNIT, COUNTING_WORD, FOLLOWUP_PRONOUN, PERIOD_TIED_WORDS, RANKING_PLACE_CLASS, REPORT_FACT_WORDS, RELATIVE_YEARS } from "../lexicon.js";

/** Words that say when: years, relative years, five-year periods. */
const YEAR = /(?:19|20)\d{2}年(?:度)?|今年|去年|明年|上一年|本年|“?十[一二三四五六七八九]五”?(?:时期|期间)?|过去五年|未来五年/g;
/** Whether a plan or a result is meant. */
const PLAN_WORD = /的?(?:预期增长目标|预期目标|目标|计划|预期|实际|安排)/g;
/** How a question asks, at its end: 是多少, 呢, 是增长还是下降, 比上年怎么样… */
const FRAME = /(?:是增长还是下降|增长还是下降|比上年怎么样|比上年|(?:在全国|在全省|全国|全省)?(?:排第几位?|排名第几位?|居第几位?|排名如何)|同比增长多少|同比下降多少|同比|增长多少|下降了?多少|增长了多少|预期增长多少|计划增长多少|是多少|有多少|多少[个家人亩项所条户元]?|多大|多高|几个|几家|有哪些|哪些|是什么|是谁|谁作的|在哪次会议上作的|在哪次会议上|什么时候|哪天|怎么样|如何|吗|呢)*[？?。！!\s]*$/;
/** Words that open an elliptical turn. */
const ELLIPSIS = /^(那么?|还有|另外|再|而|又|那个)/;
/** A turn that starts with a verb or modal and names nothing: 能新增多少学位？ 具体有哪些？ */
const BARE = /^(能|要|会|将|有|还|再|又|具体|分别|其中|一共|总共|同比|比上年|是)/;
/** Words that frame a follow-up without naming anything: 具体有哪些, 分别是多少. */
const FILLER = /^(具体|分别|一共|总共|其中|大概|大约)+/;
/** A turn that asks by itself (多少, 哪些, 谁…) keeps its own way of asking. */
const ASKS = /多少|几[个家项人所条次]?|哪|什么|谁|怎么|如何|吗|是否|有没有|多大|多高/;
/** Aspects of a topic: 总产量 after 粮食种植面积 means 粮食总产量. */
const ASPECT = /(总产量|产量|总量|面积|规模|人数|数量|金额|增速|增幅|比重|占比|学位)$/;

export interface TurnParts {
  place: string;
  /** 2022年, 今年, 十五五期间… */
  year: string;
  /** 目标, 计划, 实际… */
  planWord: string;
  topic: string;
  frame: string;
  /** The turn asks by words of its own (能新增多少学位, 印了多少份), not only by its frame. */
  asks: boolean;
}

/** A question taken apart (the place as written, the period words, the topic, how it asks). */
export function partsOf(question: string, profiles: DocumentProfile[]): TurnParts {
  let text = normalize(question).trim();
  const frame = text.match(FRAME)?.[0] ?? "";
  text = text.slice(0, text.length - frame.length);
  const named = placesNamed(text, profiles).map((p) => p.alias);
  const other = otherPlaceNamed(text, profiles);
  const self = profiles.flatMap((p) => p.place.selfWords).find((w) => text.includes(w));
  const place = named[0] ?? other ?? self ?? "";
  if (place) text = text.replace(place, "");
  const year = (text.match(YEAR) ?? []).join("");
  const planWord = (text.match(PLAN_WORD) ?? []).join("").replace(/^的/, "");
  text = text.replace(YEAR, "").replace(PLAN_WORD, "").replace(ELLIPSIS, "").replace(FILLER, "").replace(/^(的|在|和|与)+|(的)+$/g, "").trim();
  const asks = ASKS.test(text);
  // A frame of 呢 alone asks as the turn before did.
  let ownFrame = frame.replace(/^呢?[？?。！!\s]*$/, "");
  // A count asked before its noun is asked after it, so the noun stays whole (新增多少学位 → 新增学位, 多少).
  const counted = ownFrame ? null : text.match(new RegExp(`^(.+?)${COUNTING_WORD.source}(.{2,})$`));
  if (counted && !ASKS.test(counted[3]!) && !COUNT_UNIT.test(counted[3]!)) {
    text = counted[1]! + counted[3]!;
    ownFrame = `${counted[2]}？`;
  }
  // 比上年怎么样 asks for the change.
  ownFrame = ownFrame.replace(/(比上年|同比)(?:怎么样|如何)/, "$1增长还是下降");
  return { place, year, planWord, topic: text, frame: ownFrame, asks };
}

/** Whether a turn leans on the ones before it. */
function elliptical(question: string, parts: TurnParts, previous: TurnParts): boolean {
  const text = normalize(question).trim();
  // In a conversation about the report, a question on a fact of a report that names none is about that one.
  if (reportSubject(previous.topic) && REPORT_FACT_WORDS.test(text) && !text.includes("报告")) return true;
  if (ELLIPSIS.test(text) || /呢[？?]?$/.test(text) || FOLLOWUP_PRONOUN.test(text)) return true;
  if (!parts.topic.replace(PERIOD_TIED_WORDS, "")) return true;
  return !parts.place && !parts.year && (BARE.test(text) || text.length <= 8);
}

/** The topic a follow-up means: its own, completed from the one before (农村居民 → 农村居民人均可支配收入). */
function topicOf(own: string, before: string): string {
  if (!own) return before;
  if (!before || before.includes(own)) return before.includes(own) ? before : own;
  // A shared ending (居民 in 农村居民 and 城镇居民人均可支配收入): the new words replace the old ones.
  for (let n = Math.min(own.length, before.length) - 1; n >= 2; n--) {
    const tail = own.slice(-n);
    const at = before.indexOf(tail);
    if (at >= 0 && own.length > n) return before.slice(0, Math.max(0, at - (own.length - n))) + own + before.slice(at + n);
  }
  // An aspect (总产量, 面积) of the topic before: keep the thing it is an aspect of.
  if (ASPECT.test(own)) {
    const head = before.replace(ASPECT, "");
    return head && !own.startsWith(head) ? head + own : own;
  }
  return own;
}

export interface Interpretation {
  /** The standalone question answered (the question itself when nothing was carried over). */
  interpretedAs: string;
  /** What was taken from earlier turns. */
  carried: ("place" | "period" | "topic" | "frame")[];
}

/** An earlier turn: its question, or its question and the reports it was answered from. */
export type HistoryTurn = string | { question: string; docIds?: string[] };

/** Reads `question` after `history` (earlier turns, oldest first). */
export function interpret(question: string, history: HistoryTurn[], profiles: DocumentProfile[]): Interpretation {
  let previous: TurnParts | null = null;
  for (const earlier of history) {
    const { question: asked, docIds } = typeof earlier === "string" ? { question: earlier, docIds: undefined } : earlier;
    const read = interpretOne(asked, previous, profiles);
    previous = partsOf(read.interpretedAs, profiles);
    // A turn that named no report's place (none, or only 全区) but was answered from one report was about that report's place.
    const answeredFrom = docIds?.length === 1 ? profiles.find((p) => p.id === docIds[0]) : undefined;
    if (answeredFrom && placesNamed(previous.place, profiles).length === 0) previous = { ...previous, place: answeredFrom.place.short };
  }
  return interpretOne(question, previous, profiles);
}

/** The report a topic is about, when it is about the report itself (这份政府工作报告的全称 → 这份政府工作报告). */
function reportSubject(topic: string): string | null {
  return topic.match(/^.*?报告/)?.[0] ?? null;
}

/** 今年/去年/明年 as the years they are in the one report of `place`; unchanged when the place has no single report. */
function resolveYears(year: string, place: string, profiles: DocumentProfile[]): string {
  const named = place ? placesNamed(place, profiles) : [];
  if (named.length !== 1) return year;
  const reportYear = profiles.find((p) => p.id === named[0]!.docId)!.reportYear;
  return RELATIVE_YEARS.reduce((y, [word, offset]) => y.replace(word, `${reportYear + offset}年`), year);
}

function interpretOne(question: string, previous: TurnParts | null, profiles: DocumentProfile[]): Interpretation {
  const own = partsOf(question, profiles);
  if (!previous) return { interpretedAs: question, carried: [] };
  if (!elliptical(question, own, previous)) {
    // A complete question naming no place stays with the place the conversation is about (not one asking across places).
    if (!own.place && previous.place && !RANKING_PLACE_CLASS.test(normalize(question))) {
      return { interpretedAs: `${previous.place}${question.trim()}`, carried: ["place"] };
    }
    return { interpretedAs: question, carried: [] };
  }
  const carried: Interpretation["carried"] = [];
  const place = own.place || (previous.place && carried.push("place") ? previous.place : "");
  // A year given replaces the one before (and its plan word, unless it says one); else both carry over.
  const year = resolveYears(own.year || (previous.year && carried.push("period") ? previous.year : ""), place, profiles);
  const planWord = own.year ? own.planWord : own.planWord || previous.planWord;
  // Another year, or plan instead of result: the words that tied the old topic and frame to their period go.
  const periodChanged = Boolean(own.year || own.planWord);
  const before = periodChanged ? previous.topic.replace(PERIOD_TIED_WORDS, "") || previous.topic : previous.topic;
  const subject = reportSubject(previous.topic);
  let topic: string;
  if (FOLLOWUP_PRONOUN.test(own.topic)) topic = own.topic.replace(FOLLOWUP_PRONOUN, subject ?? before);
  // In a conversation about the report itself, a verb phrase asking by itself (印了多少份, 刊登在哪家报纸) is still about the report.
  else if (subject && own.asks && !own.topic.includes("报告")) topic = subject + own.topic;
  // A turn that asks by itself (能新增多少学位？) keeps its words; one that does not (规上工业呢？) asks of the topic before.
  else if (own.asks) topic = own.topic;
  else {
    // Verbs alone (实际完成了多少？) name no topic: the one before is meant.
    topic = topicOf(own.topic.replace(PERIOD_TIED_WORDS, "") ? own.topic : "", before);
    topic = completeMetric(topic) ?? topic;
  }
  if (topic !== own.topic) carried.push("topic");
  let frame = own.frame;
  if (!own.frame && !own.asks) {
    carried.push("frame");
    // A topic that asks by itself (增长多少个百分点) needs no frame added.
    frame = previous.frame || (ASKS.test(topic) ? "" : "是多少？");
    // A comparison or ranking is of the figure before; another period asks the figure itself.
    if (periodChanged && COMPARING_FRAME.test(frame)) frame = "是多少？";
    if (own.planWord) frame = frame.replace(/预期|计划|目标|实际|安排/g, "");
    if (periodChanged) frame = frame.replace(/了/g, "");
  }
  const interpretedAs = `${place}${year}${topic}${planWord}${frame}`.replace(/[？?。]*$/, "？");
  return { interpretedAs, carried };
}
