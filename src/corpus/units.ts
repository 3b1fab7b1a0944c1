/**
 * Units reports write after numbers, and the multipliers before them. Shared by
 * the BM25 tokenizer (figures stay findable as one term) and the figure
 * extractor. Matched longest first, so 万平方米 wins over 平方米 and 千瓦时 over 千瓦.
 */
const BASE_UNITS = [
  // money
  "元", "美元", "元人民币",
  // area, length, volume, weight, energy
  "平方米", "平米", "平方公里", "亩", "公顷", "公里", "千米", "米", "立方米", "吨", "吨标准煤", "斤", "千瓦时", "千瓦", "兆瓦", "吉瓦", "度",
  // people and counts
  "人次", "人", "名", "户次", "户", "剂次", "例", "个", "家", "项", "件", "处", "套", "场", "条", "所", "栋", "批", "份", "张", "辆", "台", "座", "艘", "架", "列", "篇", "次", "车次", "标箱", "头", "只", "棵", "株", "块",
  "种", "类", "款", "支", "部", "轮", "级", "英寸", "微克", "P", "位", "对", "颗", "枚", "宗", "起", "单", "千伏", "厘米", "克/千克", "千克", "微米", "县", "乡", "届", "回",
  // time
  "天", "小时", "分钟", "岁",
  // rates
  "个百分点", "%", "‰", "倍", "成", "微克/立方米", "℃",
] as const;

/** 万, 亿, 万亿 before a unit: 4.87万亩, 1.2万亿元. (千 and 百 are parts of units such as 千瓦, never multipliers here.) */
export const MULTIPLIERS = ["万亿", "千亿", "亿", "千万", "万"] as const;

/** Every unit as written, with and without a multiplier, longest first. */
export const UNITS: string[] = [...new Set([...BASE_UNITS.flatMap((u) => (/^[%‰倍成℃]|百分点|微克\/|^级$/.test(u) ? [u] : [...MULTIPLIERS.map((m) => m + u), u]))])].sort(
  (a, b) => b.length - a.length,
);

export type Unit = string;

const escape = (u: string) => u.replace(/[.*+?^${}()|[\]\\%/]/g, "\\$&");
/** The units as a regex alternation, longest first. */
export const UNIT_ALTERNATION = UNITS.map(escape).join("|");
/** The base units alone, as an alternation (for a multiplier written apart: 3万余个). */
export const BASE_UNIT_ALTERNATION = [...BASE_UNITS].sort((a, b) => b.length - a.length).map(escape).join("|");
/** A number (Arabic, with optional decimals) followed by a known unit. */
export const NUMBER_WITH_UNIT = new RegExp(`(\\d+(?:\\.\\d+)?)(${UNIT_ALTERNATION})`, "g");

/**
 * Full-width digits, ％ and ．→ their ASCII forms, one character for one, so
 * offsets found in the folded text are offsets in the original.
 */
export function foldWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff05\uff0e\uff0b\uff0d]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
