/**
 * Every quantitative statement of the report as a record: metric, value, unit,
 * the value in base units, change direction, qualifier, period and the exact
 * span. Pure: paragraphs in, figures out. Built once when the engine opens.
 *
 * 地区生产总值560.45亿元,下降5.6% →
 *   {metric 地区生产总值, 560.45 亿元 = 56,045,000,000 元, scope result 2022}
 *   {metric 地区生产总值, 5.6 %, direction 下降, scope result 2022}
 */
import { clauseSpans } from "../corpus/sentences.js";
import { UNIT_ALTERNATION, foldWidth } from "../corpus/units.js";
import type { Figure, Paragraph } from "../types.js";
import { DIRECTION } from "../lexicon.js";

const UNIT = UNIT_ALTERNATION;
/**
 * qualifier? number (range)? multiplier? 余? unit qualifier?   e.g. 超过75家, 3万余个,
 * 189万余元, 30个以上, 5%左右, 5%—5.5%, 4.5-5%, 不低于85%. Named groups: q (qualifier
 * before), v (value), hi (the top of a range), m (a multiplier written apart), yu1/yu2
 * (余), u (unit, possibly with its own 万/亿), after (以上/左右/以内/以下). Match it on
 * foldWidth(text): full-width digits and ％ count too, at the same offsets.
 */
export const FIGURE_PATTERN = new RegExp(
  `(?<q>不少于|不低于|不超过|不高于|超过|达到|达|约|近|累计|共|力争|争取|预计|突破)?(?<v>\\d+(?:\\.\\d+)?) ?(?:%?[—–\\-～~至到](?<hi>\\d+(?:\\.\\d+)?))?(?<yu0>多|余)?(?:(?<m>万亿|千亿|亿|千万|万)(?<yu1>余|多)?(?=${UNIT}|[\\u4e00-\\u9fff，。、；,;）)]|$))?(?<yu2>余|多)?(?<u>${UNIT})?(?<after>以上|左右|以内|以下)?`,
  "g",
);

/**
 * The figures of a (width-folded) text: a number with a unit, or with 万/亿 before
 * what it counts (420万困难群众); not a number glued to a longer digit run (a date).
 */
export function figureMatches(folded: string): RegExpMatchArray[] {
  return [...folded.matchAll(FIGURE_PATTERN)].filter((m) => (m.groups!.u || m.groups!.m) && (m.index === 0 || !/[\d.]/.test(folded[m.index! - 1]!)));
}

const MULTIPLIER: Record<string, number> = { 万: 1e4, 千万: 1e7, 亿: 1e8, 千亿: 1e11, 万亿: 1e12 };
/** Words that open a clause but are not part of what is measured. */
const LEADING = /^(初步预计|预计|可|全年|累计|完成了?|实现了?|其中|共|为|达到?|投入|投放|安排使用|发放|接待|减免|拆除|新建|建成|交付|划定|设置|查处|办理|审查|受理|应诉|化解|排查整治|举办|开办|孵化培育|落实|争取|力争|确保|牢牢守住|提质改造|深入实施|加快推进列入|推进|谋划储备|统筹推进|实施|引进|完成投资|占)+/;

export interface FigureContext {
  /** The clause the figure sits in, for matching claims and questions. */
  clause: string;
}

export type FigureRecord = Figure & FigureContext;

/** Normalises a direction word to the four the records use. */
function direction(word: string | undefined): Figure["direction"] {
  if (!word) return null;
  if (/增长|提高|增加/.test(word)) return "增长";
  if (/下降|减少|降低/.test(word)) return "下降";
  if (/上升/.test(word)) return "上升";
  return "持平";
}

export function baseOf(value: number, multiplier: string | undefined, unit: string): { baseValue: number | null; baseUnit: string } {
  const own = unit.match(/^(万亿|千亿|亿|千万|万)/)?.[1];
  const m = (multiplier ? MULTIPLIER[multiplier]! : 1) * (own ? MULTIPLIER[own]! : 1);
  const baseUnit = own ? unit.slice(own.length) : unit;
  if (baseUnit === "%" || baseUnit === "个百分点" || baseUnit === "‰" || baseUnit === "倍") return { baseValue: null, baseUnit };
  // Round away float noise: 560.45 * 1e8 = 56044999999.99999.
  return { baseValue: Number((value * m).toPrecision(12)), baseUnit };
}

function cleanMetric(raw: string): string {
  let m = raw.replace(/[“”"()（）]/g, "").trim();
  m = m.replace(/[。；;！!？?]+$/, "");
  m = m.replace(/^[和、与及,，]+/, "").replace(DIRECTION, "").replace(/(分别为|分别|(?<!行)为|达|的|是|占)$/, "");
  m = m.replace(LEADING, "").replace(/^\d{4}年(度)?/, "").replace(LEADING, "");
  return m.replace(/^[,，、:：的]+|[,，、:：]+$/g, "").trim();
}

/** Units that count things: the thing counted usually follows (实施60个老旧小区改造项目). */
const COUNT_UNIT = /^(个|项|件|家|处|条|场|套|所|名|批|户|人次|人|天|份)$/;

/** Figures of one paragraph, in reading order. */
export function extractFigures(p: Paragraph): FigureRecord[] {
  if (p.kind === "part-heading" || p.kind === "section-heading" || p.kind === "notes-heading" || p.kind === "honours-level") return [];
  const figures: FigureRecord[] = [];
  let previous: FigureRecord | null = null;
  for (const clause of clauseSpans(p.text, p.start)) {
    const text = p.text.slice(clause.start - p.start, clause.end - p.start);
    // Matched on the width-folded clause (same offsets), read from the verbatim one.
    const folded = foldWidth(text);
    const matches = figureMatches(folded);
    let cursor = 0;
    let inClause: FigureRecord | null = null;
    matches.forEach((m, i) => {
      const at = m.index!;
      const figEnd = at + m[0].length;
      const next = matches[i + 1]?.index ?? text.length;
      const { q: qualifierBefore, v: valueText, hi, m: multiplier, yu0, yu1, yu2, after } = m.groups!;
      const unitWord = m.groups!.u ?? "";
      const between = text.slice(cursor, at);
      const before = cleanMetric(between);
      const following = cleanMetric(text.slice(figEnd, next).replace(/^[的]/, ""));
      // Where the metric is: before the figure (粮食种植面积4.87万亩), after it when the
      // clause goes on to name what is counted (实施60个老旧小区改造项目, 守住1.75万亩耕地红线),
      // or — for a bare change or second value (下降5.6%, 和23816元) — the figure before it.
      const useFollowing = next === text.length && /[\u4e00-\u9fff]{2}/.test(following) && !/^(同比)?(增长|下降|上升)/.test(following);
      const parts: string[] = [];
      let metricStart = at;
      let metricEnd = figEnd;
      if (before.length >= 2) {
        parts.push(before);
        // The cleaned metric may have lost brackets or quotes (中欧班列（成渝）…): then it starts where the clause text does.
        const found = between.indexOf(before);
        metricStart = cursor + (found >= 0 ? found : between.length - between.trimStart().length);
      }
      if (useFollowing && (COUNT_UNIT.test(unitWord!) || parts.length === 0)) {
        parts.push(following);
        metricEnd = figEnd + text.slice(figEnd).indexOf(following) + following.length;
      }
      const owner = parts.length ? null : (inClause ?? previous);
      const metric = parts.length ? parts.join(" ") : (owner?.metric ?? "");
      const dirWord = between.match(DIRECTION)?.[2];
      // 分别增长3.8%、8%: a bare 、-joined figure keeps the direction before it.
      const dir = dirWord ? direction(dirWord) : /^[、和]$/.test(between.trim()) ? (inClause?.direction ?? null) : null;
      const unit = `${multiplier ?? ""}${unitWord}`;
      const value = Number(valueText);
      // A hedge earlier in the clause (预计全年可实现营业收入45亿元) qualifies the figure too.
      const hedge = qualifierBefore ? undefined : text.slice(0, at).match(/预计|力争|争取|约/)?.[0];
      const qualifier = [hedge, qualifierBefore, yu0 || yu1 || yu2, after].filter(Boolean).join("") || null;
      // A figure that continues another (下降5.6%) is quoted with it: 地区生产总值560.45亿元,下降5.6%.
      const start = owner ? Math.min(owner.start, clause.start + at) : clause.start + Math.min(metricStart, at);
      const end = clause.start + Math.max(metricEnd, figEnd);
      const record: FigureRecord = {
        id: `${p.id}#f${figures.length + 1}`,
        paragraphId: p.id,
        docId: p.docId,
        metric,
        valueText: valueText!,
        value,
        ...(hi ? { valueHigh: Number(hi) } : {}),
        unit,
        ...baseOf(value, multiplier, unitWord!),
        direction: dir,
        qualifier,
        scope: p.scope,
        start,
        end,
        quote: p.text.slice(start - p.start, end - p.start),
        clause: text,
      };
      figures.push(record);
      inClause = record;
      cursor = figEnd;
    });
    if (inClause) previous = inClause;
  }
  return figures;
}

export function extractAllFigures(paragraphs: Paragraph[]): FigureRecord[] {
  return paragraphs.flatMap(extractFigures);
}
