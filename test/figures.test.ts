// Figures as structured records, on the real report: every number is either in a
// figure record or on the commented ignore list below; values, units, directions
// and periods are read as the report states them; claims are checked figure by figure.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildCorpus, loadCorpus, loadDocuments } from "../src/corpus/load.js";
import { extractAllFigures, extractFigures } from "../src/answer/figures.js";
import { foldWidth } from "../src/corpus/units.js";
import { FigureIndex, checkClaim, claimFigures } from "../src/answer/claims.js";
import { TermStats } from "../src/index/term-stats.js";
import { seedCorpusDir } from "./helpers.js";
import { chunkTerms } from "../src/index/backend.js";

const config = loadConfig();
const corpus = await loadCorpus(seedCorpusDir(), config.chunkMaxChars);
const doc = corpus.documents[0]!;
const figures = extractAllFigures(corpus.paragraphs);
const df = new Map<string, number>();
for (const c of corpus.chunks) for (const [t] of chunkTerms(c).tf) df.set(t, (df.get(t) ?? 0) + 1);
const weights = new TermStats(new Map([[doc.id, { chunks: corpus.chunks.length, df }]]), [...doc.place.aliases, ...doc.place.selfWords]);
const index = new FigureIndex(figures);
const check = (claim: string) => checkClaim(claim, { figures: index, paragraphs: corpus.paragraphs, weights, profile: doc });

/**
 * Numbers that are not quantities. Each pattern says why; the coverage tests fail on
 * any number that is neither in a figure nor matched here (nor in page noise).
 */
const NOT_FIGURES: [RegExp, string][] = [
  [/\d{4}[-—－～~至到]\d{4}年(度)?/g, "year ranges: (2022-2024年), 2021-2022年度"],
  [/\d{4}年(度)?(\d{1,2}月(\d{1,2}日)?)?(印)?/g, "dates and years: 2023年1月8日, 2022年度"],
  [/\d{1,2}月(\d{1,2}日|底|份)?|至\d{1,2}日/g, "dates: 6月22日, 9月底, 3月19日至20日"],
  [/\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?/g, "timestamps of the collected page"],
  [/[(（]\d{1,2}[)）]/g, "note markers (1)…(13)"],
  [/^\d{1,2}[.．、]/gm, "numbered notes, honours and appendix items: 1. 2. …"],
  [/“[^”]{0,12}\d[^”]{0,12}”/g, "names in quotes: “1+1+3”, “123”, “4·27”"],
  [/361°/g, "a brand name"],
  [/\d+号/g, "street numbers: 跃进路102号"],
  [/第\d+/g, "ordinals: 第2位"],
  [/(?<![\d.])\d{1,2}年(?!度)|\d+\.\d+年/g, "durations in years: 5年过渡期, 连续6年, 受教育年限10.5年"],
  [/\d+周年/g, "anniversaries"],
  [/连续\d+|\d+连[增涨升]/g, "streaks: 连续3年, 5连增"],
  [/\d+(\.\d+)?∶\d+(\.\d+)?(∶\d+(\.\d+)?)?/g, "ratios: 2.81∶1, 三次产业结构 7.1∶41.2∶50.1"],
  [/\d+(\.\d+)?(?=缩小至|缩小到|下降至|调整为)|(?<=缩小至|缩小到|调整为|提升至|提高到)\d+(\.\d+)?(?![\d.%万亿个])/g, "unitless ratios that change: 收入比3.27缩小至2.93"],
  [/\d+\/\d+/g, "fractions: 1/3以上"],
  [/\d+(\.\d+)?版|\d+\.0(?!\d)/g, "versions: 2.0版, 首发经济3.0"],
  [/[A-Za-z_]+[-_]?\d+(\.\d+)?[A-Za-z]*|\d+[A-Za-z]+(-[A-Za-z]+)?/g, "names with letters: PM2.5, 5G-A, C919, L3级, T3B"],
  [/\d+大(?=[\u4e00-\u9fff])/g, "names of programmes: 7大领域"],
  [/(?<!\d)\d{1,3}(?=[-—～~至到]\d)/g, "the start of a range whose end is the figure: 3-5年"],
  [/(?<![\d.])1\d{4}(?![\d.])/g, "hotline numbers: 12345"],
  [/(19|20)\d{2}(?=[\u4e00-\u9fff])(?!年)/g, "years in event names: 2025全球创新创业大赛"],
  [/\d+\+\d+/g, "names of programmes: 5+2就业之家"],
  [/\d+强/g, "rank classes: 世界500强"],
  [/\d+[金银铜]/g, "medal tallies: 9金、5银"],
  [/\d+(?=国道|省道|边防路|号线)/g, "road and line numbers: 331国道"],
  [/365展贸网|歼-35/g, "a platform's and an aircraft's names"],
];

/** Every number of a report's text: in a figure, on the ignore list, or in page noise. */
function uncovered(text: string, figs: { start: number; end: number }[], noise: { start: number; end: number }[]) {
  const folded = foldWidth(text);
  const covered = new Uint8Array(folded.length);
  for (const f of [...figs, ...noise]) covered.fill(1, f.start, f.end);
  let ignored = 0;
  for (const [pattern] of NOT_FIGURES) for (const m of folded.matchAll(pattern)) covered.fill(1, m.index!, m.index! + m[0].length);
  const missed: string[] = [];
  let numbers = 0;
  const inFigure = new Uint8Array(folded.length);
  for (const f of figs) inFigure.fill(1, f.start, f.end);
  for (const m of folded.matchAll(/\d+(\.\d+)?/g)) {
    numbers++;
    const span = covered.subarray(m.index!, m.index! + m[0].length);
    if (!span.every((x) => x === 1)) missed.push(folded.slice(Math.max(0, m.index! - 8), m.index! + m[0].length + 4));
    else if (!inFigure.subarray(m.index!, m.index! + m[0].length).every((x) => x === 1)) ignored++;
  }
  return { missed, numbers, ignored };
}

describe("figure extraction", () => {
  it("covers every number in the seed: in a figure record or on the ignore list", () => {
    expect(uncovered(doc.text, figures, []).missed).toEqual([]);
  });

  it("covers every number of all 22 reports, and prints the share ignored per report", async () => {
    const { documents } = await loadDocuments(loadConfig().corpusDir);
    const all = buildCorpus(documents, config.chunkMaxChars);
    const allFigures = extractAllFigures(all.paragraphs);
    const lines: string[] = [];
    for (const d of documents) {
      const { missed, numbers, ignored } = uncovered(d.text, allFigures.filter((f) => f.docId === d.id), all.paragraphs.filter((p) => p.docId === d.id && p.kind === "noise"));
      expect(missed, d.id).toEqual([]);
      const figs = allFigures.filter((f) => f.docId === d.id);
      for (const f of figs) expect(d.text.slice(f.start, f.end)).toBe(f.quote);
      lines.push(`${d.id.padEnd(18)} ${String(figs.length).padStart(4)} figures, ${String(numbers).padStart(4)} numbers, ${((100 * ignored) / numbers).toFixed(1).padStart(5)}% on the ignore list`);
    }
    console.log(lines.join("\n"));
  });

  it("reads the forms reports write: 万亿元, 亿斤, 微克/立方米, ranges, 左右, 以上, full-width digits", () => {
    const read = (text: string) => extractFigures({ ...corpus.paragraphs.find((p) => p.kind === "body")!, text, start: 0, end: text.length });
    expect(read("全省地区生产总值增长5%—5.5%")[0]).toMatchObject({ value: 5, valueHigh: 5.5, unit: "%", direction: "增长" });
    expect(read("地区生产总值增长4.5-5%")[0]).toMatchObject({ value: 4.5, valueHigh: 5 });
    expect(read("经济增长5%左右")[0]).toMatchObject({ value: 5, qualifier: "左右" });
    expect(read("城镇调查失业率5.5%以内")[0]).toMatchObject({ qualifier: "以内" });
    expect(read("地区生产总值突破1.2万亿元")[0]).toMatchObject({ unit: "万亿元", baseValue: 1.2e12, baseUnit: "元", qualifier: "突破" });
    expect(read("粮食产量达到350.4亿斤")[0]).toMatchObject({ unit: "亿斤", baseValue: 35_040_000_000 });
    expect(read("PM2.5平均浓度25.9微克/立方米")).toEqual([expect.objectContaining({ value: 25.9, unit: "微克/立方米" })]);
    expect(read("地区生产总值增长５．２％")[0]).toMatchObject({ value: 5.2, unit: "%", direction: "增长", quote: "地区生产总值增长５．２％" });
    expect(read("惠及130万老年人")[0]).toMatchObject({ value: 130, unit: "万", baseValue: 1_300_000 });
    expect(read("新增30多万个")[0]).toMatchObject({ value: 30, unit: "万个", qualifier: "多" });
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
