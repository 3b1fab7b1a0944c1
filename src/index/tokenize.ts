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

const jieba = Jieba.withDict(dict);

/**
 * Function words and question words that carry no topic. Deliberately short:
 * direction words (增长/下降/上升/减少), negations and units stay searchable.
 */
export const STOP_WORDS = new Set([
  "的", "了", "和", "与", "及", "以及", "或", "是", "在", "为", "对", "把", "被", "将", "从", "向", "于", "等", "并", "也", "都", "就", "又", "还",
  "这", "那", "其", "之", "个", "年", "月", "日", "中", "上", "下", "里",
  "吗", "呢", "吧", "啊", "呀", "么", "多少", "什么", "哪些", "哪个", "哪里", "哪", "怎么", "怎么样", "怎样", "如何", "为什么", "是否", "有没有", "有", "没有",
  "请问", "请", "一下", "告诉", "我", "我们", "你", "你们", "他们", "想", "知道", "问", "能", "可以", "会", "要", "去", "给", "让", "情况", "具体",
  "the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "is", "are", "was", "were", "be", "by", "with", "what", "which", "how", "many", "much", "did", "does", "do",
]);

const PUNCT_OR_SPACE = /^[\s\p{P}\p{S}]+$/u;

/** Full-width → half-width (ＧＤＰ → gdp, ５．６％ → 5.6%) and lower case, as in the index. */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

export function tokenize(text: string): string[] {
  const normal = normalize(text);
  const tokens: string[] = [];
  for (const t of jieba.cutForSearch(normal, true)) {
    const term = t.trim();
    if (!term || PUNCT_OR_SPACE.test(term) || STOP_WORDS.has(term)) continue;
    tokens.push(term);
  }
  for (const m of normal.matchAll(NUMBER_WITH_UNIT)) tokens.push(m[0]);
  return tokens;
}
