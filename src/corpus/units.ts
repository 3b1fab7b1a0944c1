/**
 * Units the report writes after numbers, longest first so 万平方米 wins over 平方米.
 * Shared by the BM25 tokenizer (figures stay findable as one term) and the
 * figure extractor.
 */
export const UNITS = [
  "万平方米", "平方米", "万平米", "平米",
  "万人次", "人次", "万剂次", "剂次", "万人", "人",
  "亿元", "万元", "元",
  "万亩", "亩", "万吨", "吨",
  "个百分点", "%", "‰",
  "个", "家", "户", "项", "件", "处", "套", "名", "场", "条", "天", "所", "栋", "批", "份",
] as const;

export type Unit = (typeof UNITS)[number];

/** The units as a regex alternation, longest first. */
export const UNIT_ALTERNATION = UNITS.map((u) => u.replace(/[.*+?^${}()|[\]\\%]/g, "\\$&")).join("|");
/** A number (Arabic, with optional decimals) followed by a known unit. */
export const NUMBER_WITH_UNIT = new RegExp(`(\\d+(?:\\.\\d+)?)(${UNIT_ALTERNATION})`, "g");
