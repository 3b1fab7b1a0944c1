/**
 * The one segmenter, used both to index passages and to read questions
 * (indexing and querying must agree, or terms silently miss).
 *
 * jieba's search mode emits a long word and its parts (可支配收入 → 支配, 收入,
 * 可支配收入) so both a precise and a loose question match. Figures are kept
 * whole as well (560.45亿元, 5.6%), and the stop list never drops direction
 * words such as 增长, 下降, 上升.
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { NUMBER_WITH_UNIT } from "../corpus/units.js";
import { STOP_WORDS } from "../lexicon.js";

export { STOP_WORDS };

const jieba = Jieba.withDict(dict);


const PUNCT_OR_SPACE = /^[\s\p{P}\p{S}]+$/u;

/** Full-width → half-width (ＧＤＰ → gdp, ５．６％ → 5.6%) and lower case, as in the index. */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/**
 * Removes how a question asks (是多少, 多少家, 有哪些, 吗) before segmenting it, so the
 * asking words cannot glue onto topic words (多少家规上企业 → 家规 | 上 | 企业).
 * Query side only: passages never contain these phrasings.
 */
export function stripQuestionWords(question: string): string {
  return normalize(question)
    .replace(/百分之几|百分比是多少|百分比/g, " ")
    .replace(/(是)?(多少|几)(万|亿)?(个|家|项|件|户|人次|人|名|所|条|处|套|亿元|万元|元|万亩|亩|吨|份|场|次|天|年)?/g, " ")
    .replace(/是什么|指什么|什么是|是哪些|有哪些|哪些|哪几[个项家条所位]?|哪个|哪一|哪里|什么时候|什么|怎么样|怎样|如何|是否|有没有|吗|呢|[?？]/g, " ");
}

/**
 * Words that name places: what jieba tags as place names (ns: 柳南区, 北京,
 * 南宁市), and names it does not know but that end as administrative units do
 * (鱼峰区, and 柳江|区 cut in two).
 */
export function placeWords(text: string): string[] {
  const normal = normalize(text);
  const words = jieba.tag(normal).filter((t) => t.tag === "ns").map((t) => t.word);
  const cut = jieba.cut(normal, true);
  cut.forEach((w, i) => {
    if (/^[\u4e00-\u9fff]{2,4}[区县市旗]$/.test(w)) words.push(w);
    else if (/^[\u4e00-\u9fff]{2,3}$/.test(w) && /^[区县市旗]$/.test(cut[i + 1] ?? "")) words.push(w + cut[i + 1]);
  });
  return [...new Set(words)];
}

/**
 * "search" (index and BM25 queries) adds the parts of long words (可支配收入 →
 * 支配, 收入) so loose wording still matches; "exact" keeps whole words only, for
 * judging whether a passage really contains what was asked (副区长 is not 区长).
 */
export function tokenize(text: string, mode: "search" | "exact" = "search"): string[] {
  const normal = normalize(text);
  const tokens: string[] = [];
  for (const t of mode === "search" ? jieba.cutForSearch(normal, true) : jieba.cut(normal, true)) {
    const term = t.trim();
    if (!term || PUNCT_OR_SPACE.test(term) || STOP_WORDS.has(term)) continue;
    tokens.push(term);
  }
  for (const m of normal.matchAll(NUMBER_WITH_UNIT)) tokens.push(m[0]);
  // Months stay one term, so 2022年12月 finds the December entries of the honours list.
  for (const m of normal.matchAll(/(?<!\d)(1[0-2]|[1-9])月/g)) tokens.push(m[0]);
  return tokens;
}
