/**
 * Rankings across reports (哪个省2026年经济增长目标最高？): from the figure records
 * of every report, one figure per report for the metric and period asked, in
 * order, each quoted and cited. The order is computed; every value is the
 * report's own words. Pure.
 */
import type { AnswerPart, Citation, DocumentProfile } from "../types.js";
import { placeLabel } from "../corpus/profile.js";
import type { FigureRecord } from "./figures.js";
import { canonicalMetric } from "./metrics.js";
import { scopeLabel } from "./periods.js";
import type { Draft } from "./answer.js";
import { RANKING_FRAMING as FRAMING, RANKING_PLACE_CLASS as PLACE_CLASS, RANKING_WORDS } from "../lexicon.js";

export { RANKING_WORDS };


export interface RankingAsk {
  metric: string;
  wantsPlan: boolean;
  year: number | null;
  descending: boolean;
  /** 哪个省: province-level reports only. */
  provincesOnly: boolean;
  /** The word the question used: 最高, 最多, 最低… */
  superlative: string;
}

export function readRanking(normal: string, years: number[]): RankingAsk | null {
  if (!RANKING_WORDS.test(normal) || !PLACE_CLASS.test(normal)) return null;
  const metric = canonicalMetric(normal.replace(FRAMING, ""));
  if (metric.length < 2) return null;
  return {
    metric,
    wantsPlan: /目标|预期|计划|今年|安排|target|plan/i.test(normal),
    year: years[0] ?? null,
    descending: !/最低|最少|最小|最慢|lowest|smallest/i.test(normal),
    provincesOnly: /省/.test(normal),
    superlative: normal.match(/最[高低多少大小快慢]/)?.[0] ?? "排在最前",
  };
}

export function rankingAnswer(ask: RankingAsk, figures: FigureRecord[], profiles: DocumentProfile[], cite: (f: FigureRecord) => Citation, topK: number): Draft | null {
  const rate = /增长|增速|率|%/.test(ask.metric);
  const rows: { profile: DocumentProfile; figure: FigureRecord }[] = [];
  for (const profile of profiles) {
    if (ask.provincesOnly && !["省", "自治区", "直辖市"].includes(profile.place.level)) continue;
    const year = ask.year ?? (ask.wantsPlan ? profile.reportYear : profile.reviewYear);
    const kind = ask.wantsPlan ? "plan" : "result";
    // The report's first statement of the metric for that period: where the main targets or results are listed.
    const figure = figures.find(
      (f) => f.docId === profile.id && f.scope.kind === kind && f.scope.year === year && canonicalMetric(f.metric) === ask.metric && (!rate || f.unit.endsWith("%")) && (f.unit.endsWith("%") || f.baseValue !== null),
    );
    if (figure) rows.push({ profile, figure });
  }
  if (rows.length < 2) return null;
  // A range (5%—5.5%) ranks by its top for "highest" and by its bottom for "lowest".
  const key = (f: FigureRecord) => (f.unit.endsWith("%") ? (ask.descending ? (f.valueHigh ?? f.value) : f.value) : (f.baseValue ?? f.value));
  rows.sort((a, b) => (ask.descending ? key(b.figure) - key(a.figure) : key(a.figure) - key(b.figure)) || a.profile.id.localeCompare(b.profile.id));
  const citations = rows.map((r) => cite(r.figure));
  const parts: AnswerPart[] = rows.map((r, i) => ({
    text: `${i + 1}. 【${placeLabel(r.profile.place)}】${r.figure.quote}（${scopeLabel(r.figure.scope)}）`,
    docId: r.profile.id,
    report: r.profile.shortTitle,
    citation: i,
  }));
  const best = rows.filter((r) => key(r.figure) === key(rows[0]!.figure)).map((r) => placeLabel(r.profile.place));
  const lead = `${ask.superlative}的是${best.join("、")}（按各报告所写的数字排列，共${rows.length}份报告给出）`;
  return {
    status: "answered",
    answer: [lead, ...parts.slice(0, Math.max(topK, best.length)).map((p) => p.text)].join("；"),
    parts,
    routing: { docIds: rows.map((r) => r.profile.id), by: "several" },
    coverage: 1,
    citations,
    figures: [],
  };
}
