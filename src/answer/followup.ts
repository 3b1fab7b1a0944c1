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

/** Words that say when: years, relative years, five-year periods. */
const YEAR = /(?:19|20)\d{2}年(?:度)?|今年|去年|明年|上一年|本年|“?十[一二三四五六七八九]五”?(?:时期|期间)?|过去五年|未来五年/g;
/** Whether a plan or a result is meant. */
const PLAN_WORD = /的?(?:预期增长目标|预期目标|目标|计划|预期|实际|安排)/g;
/** How a question asks, at its end: 是多少, 呢, 是增长还是下降, 比上年怎么样… */
const FRAME = /(?:是增长还是下降|增长还是下降|比上年怎么样|比上年|同比增长多少|同比下降多少|同比|增长多少|下降了?多少|增长了多少|预期增长多少|计划增长多少|是多少|有多少|多少[个家人亩项所条户元]?|多大|多高|几个|几家|有哪些|哪些|是什么|是谁|谁作的|在哪次会议上作的|在哪次会议上|什么时候|哪天|怎么样|如何|吗|呢)*[？?。！!\s]*$/;
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
  // A frame of 呢 alone asks as the turn before did.
  return { place, year, planWord, topic: text, frame: frame.replace(/^呢?[？?。！!\s]*$/, "") };
}

/** Whether a turn leans on the ones before it. */
function elliptical(question: string, parts: TurnParts): boolean {
  const text = normalize(question).trim();
  if (ELLIPSIS.test(text) || /呢[？?]?$/.test(text)) return true;
  if (!parts.topic) return true;
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

/** Reads `question` after `history` (earlier questions, oldest first). */
export function interpret(question: string, history: string[], profiles: DocumentProfile[]): Interpretation {
  let previous: TurnParts | null = null;
  for (const earlier of history) {
    const read = interpretOne(earlier, previous, profiles);
    previous = partsOf(read.interpretedAs, profiles);
  }
  return interpretOne(question, previous, profiles);
}

function interpretOne(question: string, previous: TurnParts | null, profiles: DocumentProfile[]): Interpretation {
  const own = partsOf(question, profiles);
  if (!previous || !elliptical(question, own)) return { interpretedAs: question, carried: [] };
  const carried: Interpretation["carried"] = [];
  const place = own.place || (previous.place && carried.push("place") ? previous.place : "");
  // A year given replaces the one before (and its plan word, unless it says one); else both carry over.
  const year = own.year || (previous.year && carried.push("period") ? previous.year : "");
  const planWord = own.year ? own.planWord : own.planWord || previous.planWord;
  // A turn that asks by itself (能新增多少学位？) keeps its words; one that does not (规上工业呢？) asks as the turn before.
  const asks = ASKS.test(own.topic);
  const topic = asks ? own.topic : topicOf(own.topic, previous.topic);
  if (topic !== own.topic) carried.push("topic");
  const frame = own.frame || asks ? own.frame : (carried.push("frame"), previous.frame || "是多少？");
  const interpretedAs = `${place}${year}${topic}${planWord}${frame}`.replace(/[？?。]*$/, "？");
  return { interpretedAs, carried };
}
