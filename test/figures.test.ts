// Figures as structured records, on the real report: every number is either in a
// figure record or on the commented ignore list below; values, units, directions
// and periods are read as the report states them; claims are checked figure by figure.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { loadCorpus } from "../src/corpus/load.js";
import { extractAllFigures } from "../src/answer/figures.js";
import { FigureIndex, checkClaim, claimFigures } from "../src/answer/claims.js";
import { TermStats } from "../src/index/term-stats.js";
import { seedCorpusDir } from "./helpers.js";
import { bm25Text } from "../src/index/store.js";

const config = loadConfig();
const corpus = await loadCorpus(seedCorpusDir(), config.chunkMaxChars);
const doc = corpus.documents[0]!;
const figures = extractAllFigures(corpus.paragraphs);
const weights = new TermStats(corpus.chunks, bm25Text, [...doc.place.aliases, ...doc.place.selfWords]);
const index = new FigureIndex(figures);
const check = (claim: string) => checkClaim(claim, { figures: index, paragraphs: corpus.paragraphs, weights, profile: doc });

/**
 * Numbers that are not quantities. Each pattern says why; the coverage test fails on
 * any number that is neither in a figure nor matched here.
 */
const NOT_FIGURES: [RegExp, string][] = [
  [/\d{4}-\d{4}年(度)?/g, "year ranges: (2022-2024年), 2021-2022年度"],
  [/\d{4}年(度)?(\d{1,2}月(\d{1,2}日)?)?(印)?/g, "dates and years: 2023年1月8日, 2022年度"],
  [/\d{1,2}月(\d{1,2}日|底)/g, "dates inside a note: 6月22日, 9月底"],
  [/[(（]\d{1,2}[)）]/g, "note markers (1)…(13)"],
  [/^\d{1,2}\./gm, "numbered notes and honours: 1. 2. …"],
  [/“1\+1\+3”/g, "the name of the industrial system “1+1+3”"],
  [/“123”/g, "the name of the education work system “123”"],
  [/361°/g, "a brand name"],
  [/“4·27”/g, "the date-name of a speech"],
  [/\d+号/g, "street numbers: 跃进路102号104号"],
];

describe("figure extraction", () => {
  it("covers every number in the report: in a figure record or on the ignore list", () => {
    const covered = new Uint8Array(doc.text.length);
    for (const f of figures) covered.fill(1, f.start, f.end);
    for (const [pattern] of NOT_FIGURES) for (const m of doc.text.matchAll(pattern)) covered.fill(1, m.index!, m.index! + m[0].length);
    const missed: string[] = [];
    for (const m of doc.text.matchAll(/\d+(\.\d+)?/g)) {
      if (!covered.subarray(m.index!, m.index! + m[0].length).every((x) => x === 1)) missed.push(doc.text.slice(Math.max(0, m.index! - 8), m.index! + m[0].length + 4));
    }
    expect(missed).toEqual([]);
  });

  it("quotes every figure verbatim from the file", () => {
    for (const f of figures) expect(doc.text.slice(f.start, f.end)).toBe(f.quote);
  });

  const find = (metric: string, valueText: string) => figures.find((f) => f.metric.includes(metric) && f.valueText === valueText)!;

  it("reads value, unit, base value, direction and period", () => {
    const gdp = find("地区生产总值", "560.45");
    expect(gdp).toMatchObject({ unit: "亿元", baseValue: 56_045_000_000, baseUnit: "元", direction: null, scope: { kind: "result", year: 2022 } });
    expect(find("地区生产总值", "5.6")).toMatchObject({ unit: "%", direction: "下降", quote: "地区生产总值560.45亿元,下降5.6%" });
    expect(find("地区生产总值", "6.5")).toMatchObject({ direction: "增长", scope: { kind: "plan", year: 2023 } });
    expect(find("新增城镇就业人员", "1.07")).toMatchObject({ unit: "万人", baseValue: 10_700, baseUnit: "人" });
    expect(find("住房租赁补贴", "189")).toMatchObject({ unit: "万元", baseValue: 1_890_000, qualifier: "余" });
    expect(find("入驻企业", "75")).toMatchObject({ unit: "家", qualifier: "超过" });
    expect(find("新开工项目", "30")).toMatchObject({ qualifier: "以上", scope: { kind: "plan" } });
    expect(find("耕地红线", "1.75")).toMatchObject({ unit: "万亩", baseValue: 17_500 });
    expect(find("老旧小区改造项目", "60")).toMatchObject({ unit: "个", scope: { kind: "result" } });
    // 分别增长3.8%、8%: the second rate keeps the direction and the metric.
    expect(find("可支配收入", "8")).toMatchObject({ unit: "%", direction: "增长" });
  });
});

describe("claims", () => {
  it("reads the figures a claim states, with Chinese numerals", () => {
    expect(claimFigures("地区生产总值增长百分之六点五")[0]).toMatchObject({ value: 6.5, unit: "%", direction: "增长" });
    expect(claimFigures("新引进项目五十六个")[0]).toMatchObject({ value: 56, unit: "个" });
  });

  it.each([
    ["2022年柳北区规上工业增加值增长10.2%", "contradicted", "direction"],
    ["2022年柳北区规上工业增加值下降10.2%", "supported", null],
    ["2022年全区粮食种植面积4.87万亩", "supported", null],
    ["2022年地区生产总值增长6.5%", "contradicted", "period"],
    ["2022年发放住房租赁补贴189万元", "contradicted", "qualifier"],
    ["2022年城区累计接种新冠疫苗119.14万剂次", "supported", null],
    ["2022年新增城镇就业人员1.5万人", "contradicted", "value"],
    ["2022年减免各项税费10.69万元", "contradicted", "unit"],
    ["2022年地区生产总值560.45亿元，增长5.6%", "partially_supported", "direction"],
    ["2022年柳北区常住人口增长2%", "not_found", null],
  ])("%s → %s", (claim, verdict, mismatch) => {
    const result = check(claim);
    expect(result.verdict).toBe(verdict);
    if (mismatch) expect(result.checks.flatMap((c) => c.mismatches)).toContain(mismatch);
  });

  it("names the mismatch and cites the report's words", () => {
    const result = check("2022年柳北区规上工业增加值增长10.2%");
    expect(result.explanation).toContain("下降10.2%");
    expect(result.checks[0]!.evidence!.quote).toBe("规上工业增加值228.49亿元,下降10.2%");
  });
});
