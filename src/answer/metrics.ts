/**
 * Metric names normalised enough to compare reports: 经济增长, 地区生产总值增长,
 * 全省生产总值 and GDP are one metric, whatever place a report is about. Pure.
 */
import { unitFamily } from "./question.js";

/** Words that name every report's own place or frame a metric without changing it. */
const FRAME = /^(全省|全区|全市|全县|全州|我省|我区|我市|本市|全年|[\u4e00-\u9fff]{2,3}(省|市|区))(?=[\u4e00-\u9fff]{2})/;
/** Synonyms people and reports use for the same metric. */
const SYNONYMS: [RegExp, string][] = [
  [/^(gdp|经济|经济总量|生产总值|地区生产总值|国内生产总值|全省生产总值|全市生产总值|全区生产总值)$/i, "地区生产总值"],
  [/^(居民人均可支配收入|人均可支配收入|居民收入)$/, "居民人均可支配收入"],
  [/^(一般公共预算收入|地方一般公共预算收入|财政收入)$/, "一般公共预算收入"],
  [/^(城镇新增就业|新增城镇就业|城镇新增就业人数|新增城镇就业人员)$/, "城镇新增就业"],
  [/^(城镇调查失业率|城镇登记失业率|失业率)$/, "城镇调查失业率"],
  [/^(居民消费价格|居民消费价格涨幅|cpi|物价)$/i, "居民消费价格涨幅"],
  [/^(社会消费品零售总额|社零|消费品零售总额)$/, "社会消费品零售总额"],
  [/^(固定资产投资|投资)$/, "固定资产投资"],
  [/^(规模以上工业增加值|规上工业增加值|工业增加值)$/, "规模以上工业增加值"],
];

/**
 * A shortened metric name completed: the known name it begins, when it begins
 * names of one metric only (规上工业 → 规模以上工业增加值); null when none or
 * several (投资 is whole already; 城镇 begins two).
 */
export function completeMetric(topic: string): string | null {
  const m = topic.toLowerCase().replace(/\s+/g, "");
  if (m.length < 3) return null;
  const found = new Set<string>();
  for (const [re, name] of SYNONYMS) {
    for (const alt of re.source.replace(/^\^\(|\)\$$/g, "").split("|")) {
      if (alt === m) return null;
      if (alt.startsWith(m)) found.add(name);
    }
  }
  return found.size === 1 ? [...found][0]! : null;
}

/** 全省地区生产总值增长 → 地区生产总值; 经济增长 → 地区生产总值; GDP → 地区生产总值. */
export function canonicalMetric(metric: string): string {
  let m = metric.toLowerCase().replace(/\s+/g, "").replace(/[“”"（）()]/g, "");
  m = m.replace(FRAME, "");
  m = m.replace(/(增长|增速|增幅|下降|目标|预期|年均)+$/, "").replace(/^(实现|完成|预期|年均)/, "");
  for (const [re, name] of SYNONYMS) if (re.test(m)) return name;
  return m;
}

/** A comparable key: the metric and whether it is a rate or an amount. */
export function metricKey(metric: string, unit: string): string {
  return `${canonicalMetric(metric)}|${unitFamily(unit)}`;
}
