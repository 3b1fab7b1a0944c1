// Any report, as it comes: the seed and the 21 provincial reports, read from their
// .txt files alone. Each report's profile is inferred from its text; every character
// belongs to exactly one paragraph or to whitespace between them; offsets round-trip
// as characters and bytes; web-page noise is typed and never retrieved; and every
// paragraph has its period. The output prints each report's parts and the share of
// paragraphs in each period, so a person can read what the reader made of it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildCorpus, loadDocuments } from "../src/corpus/load.js";
import type { Paragraph, Scope } from "../src/types.js";

const config = loadConfig();
const { documents, problems } = await loadDocuments(config.corpusDir);
const corpus = buildCorpus(documents, config.chunkMaxChars);
const paragraphsOf = (id: string) => corpus.paragraphs.filter((p) => p.docId === id);
const doc = (id: string) => documents.find((d) => d.id === id)!;

/** [id, full name, level, short name, report year, date, speaker, session number] — read off each report by a person. */
const PROFILES: [string, string, string, string, number, string, string, string][] = [
  ["liubei-2023", "柳州市柳北区", "区", "柳北", 2023, "2023-01-08", "石中华", "第十三届人民代表大会第三次会议"],
  ["anhui-2026", "安徽省", "省", "安徽", 2026, "2026-02-05", "王清宪", "第十四届人民代表大会第四次会议"],
  ["chongqing-2026", "重庆市", "直辖市", "重庆", 2026, "2026-01-28", "胡衡华", "第六届人民代表大会第四次会议"],
  ["fujian-2026", "福建省", "省", "福建", 2026, "2026-01-27", "赵龙", "第十四届人民代表大会第四次会议"],
  ["gansu-2026", "甘肃省", "省", "甘肃", 2026, "2026-01-27", "任振鹤", "十四届人民代表大会第四次会议"],
  ["guangxi-2026", "广西壮族自治区", "自治区", "广西", 2026, "2026-02-02", "韦韬", "第十四届人民代表大会第五次会议"],
  ["guizhou-2026", "贵州省", "省", "贵州", 2026, "2026-01-27", "李炳军", "第十四届人民代表大会第四次会议"],
  ["hebei-2026", "河北省", "省", "河北", 2026, "2026-01-26", "王正谱", "第十四届人民代表大会第四次会议"],
  ["heilongjiang-2026", "黑龙江省", "省", "黑龙江", 2026, "2026-01-31", "梁惠玲", "第十四届人民代表大会第四次会议"],
  ["hubei-2026", "湖北省", "省", "湖北", 2026, "2026-01-27", "李殿勋", "第十四届人民代表大会第四次会议"],
  ["jiangsu-2026", "江苏省", "省", "江苏", 2026, "2026-02-03", "刘小涛", "第十四届人民代表大会第五次会议"],
  ["jiangxi-2026", "江西省", "省", "江西", 2026, "2026-01-27", "叶建春", "第十四届人民代表大会第四次会议"],
  ["jilin-2026", "吉林省", "省", "吉林", 2026, "2026-01-27", "胡玉亭", "第十四届人民代表大会第五次会议"],
  ["liaoning-2026", "辽宁省", "省", "辽宁", 2026, "2026-01-27", "王新伟", "第十四届人民代表大会第五次会议"],
  ["neimenggu-2026", "内蒙古自治区", "自治区", "内蒙古", 2026, "2026-02-04", "包钢", "第十四届人民代表大会第五次会议"],
  ["ningxia-2026", "宁夏回族自治区", "自治区", "宁夏", 2026, "2026-02-03", "张雨浦", "第十三届人民代表大会第四次会议"],
  ["qinghai-2026", "青海省", "省", "青海", 2026, "2026-01-27", "罗东川", "第十四届人民代表大会第四次会议"],
  ["shandong-2026", "山东省", "省", "山东", 2026, "2026-01-27", "周乃翔", "第十四届人民代表大会第四次会议"],
  ["shanghai-2026", "上海市", "直辖市", "上海", 2026, "2026-02-03", "龚正", "第十六届人民代表大会第四次会议"],
  ["shanxi-2026", "山西省", "省", "山西", 2026, "2026-02-02", "卢东亮", "第十四届人民代表大会第五次会议"],
  ["tianjin-2026", "天津市", "直辖市", "天津", 2026, "2026-01-26", "张工", "第十八届人民代表大会第四次会议"],
  ["yunnan-2026", "云南省", "省", "云南", 2026, "2026-01-28", "王予波", "第十四届人民代表大会第四次会议"],
];

const label = (s: Scope) =>
  s.kind === "result" || s.kind === "plan" ? `${s.kind} ${s.year}` : s.kind === "period-result" || s.kind === "period-plan" ? `${s.kind} ${s.name}` : s.kind;

describe("profiles are read from the reports' own text (no .json)", () => {
  it("finds all 22 reports and no problem", () => {
    expect(problems).toEqual([]);
    expect(documents.map((d) => d.id).sort()).toEqual(PROFILES.map((p) => p[0]).sort());
  });

  it.each(PROFILES)("%s: %s (%s, %s), %i, %s, %s", (id, fullName, level, short, year, date, speaker, session) => {
    const d = doc(id);
    expect(d.place.fullName).toBe(fullName);
    expect(d.place.level).toBe(level);
    expect(d.place.short).toBe(short);
    expect(d.place.aliases).toContain(short);
    expect(d.reportYear).toBe(year);
    expect(d.reviewYear).toBe(year - 1);
    expect(d.date).toBe(date);
    expect(d.speaker?.name).toBe(speaker);
    expect(d.session).toBe(`${fullName}${session}`);
    expect(d.shortTitle).toMatch(new RegExp(`^(${d.place.short}|${d.place.name})${year}年政府工作报告$`));
  });

  it("knows the five-year plans a report covers and how it names itself", () => {
    expect(doc("anhui-2026").fiveYearPlans).toEqual([
      { name: "十四五", from: 2021, to: 2025 },
      { name: "十五五", from: 2026, to: 2030 },
    ]);
    expect(doc("liubei-2023").place).toMatchObject({ name: "柳北区", parent: "柳州市", short: "柳北" });
    expect(doc("liubei-2023").place.selfWords).toContain("全区");
    expect(doc("guangxi-2026").place.selfWords).toContain("全区");
    expect(doc("anhui-2026").place.selfWords).toContain("全省");
    expect(doc("shanghai-2026").place.selfWords).toContain("全市");
  });
});

describe.each(documents.map((d) => [d.id, d] as const))("%s: every character, verbatim", (id, d) => {
  const paragraphs = paragraphsOf(id);
  const bytes = readFileSync(path.join(config.corpusDir, d.source));

  it("gives every character to exactly one paragraph, or to whitespace between them", () => {
    const owner = new Int32Array(d.text.length).fill(-1);
    paragraphs.forEach((p, i) => {
      for (let c = p.start; c < p.end; c++) {
        expect(owner[c], `${p.id} overlaps ${paragraphs[owner[c]!]?.id}`).toBe(-1);
        owner[c] = i;
      }
    });
    for (let c = 0; c < d.text.length; c++) if (owner[c] === -1) expect(d.text[c], `offset ${c}`).toMatch(/\s/);
    for (let i = 1; i < paragraphs.length; i++) expect(paragraphs[i]!.start).toBeGreaterThanOrEqual(paragraphs[i - 1]!.end);
  });

  it("round-trips offsets as characters and as UTF-8 bytes", () => {
    for (const p of paragraphs) {
      expect(d.text.slice(p.start, p.end)).toBe(p.text);
      expect(bytes.subarray(p.byteStart, p.byteEnd).toString("utf8")).toBe(p.text);
    }
  });

  it("gives unique ids, and never retrieves page noise or a lone salutation", () => {
    expect(new Set(paragraphs.map((p) => p.id)).size).toBe(paragraphs.length);
    const unretrievable = new Set(paragraphs.filter((p) => p.kind === "noise" || p.kind === "salutation").map((p) => p.id));
    expect(corpus.chunks.filter((c) => c.docId === id && unretrievable.has(c.paragraphId))).toEqual([]);
  });

  it("finds at least three parts, results of the review year and plans of the report year", () => {
    const count = (pred: (p: Paragraph) => boolean) => paragraphs.filter(pred).length;
    expect(count((p) => p.kind === "part-heading")).toBeGreaterThanOrEqual(3);
    expect(count((p) => p.kind === "body" && p.scope.kind === "result" && p.scope.year === d.reviewYear)).toBeGreaterThan(0);
    expect(count((p) => p.kind === "body" && p.scope.kind === "plan" && p.scope.year === d.reportYear)).toBeGreaterThan(0);
    // A 2026 report reviews the 十四五 period and plans the 十五五 period.
    if (d.reportYear === 2026) {
      expect(count((p) => p.scope.kind === "period-result" && p.scope.name === "十四五")).toBeGreaterThan(0);
      expect(count((p) => p.scope.kind === "period-plan" && p.scope.name === "十五五")).toBeGreaterThan(0);
    }
    // What the reader made of it, for a person to read.
    const bodies = paragraphs.filter((p) => p.kind === "body");
    const share = new Map<string, number>();
    for (const p of bodies) share.set(label(p.scope), (share.get(label(p.scope)) ?? 0) + 1);
    const parts = paragraphs.filter((p) => p.kind === "part-heading").map((p) => `    ${p.id.split(":")[1]} [${label(p.scope)}] ${p.text.slice(0, 36)}`);
    console.log(
      `${id}: ${paragraphs.length} paragraphs, ${count((p) => p.kind === "noise")} noise\n${parts.join("\n")}\n    body: ${[...share].map(([k, n]) => `${k} ${Math.round((100 * n) / bodies.length)}%`).join(", ")}`,
    );
  });
});

describe("layouts the reports show", () => {
  it("splits a section heading from its body on the same line, each with exact offsets", () => {
    const d = doc("guangxi-2026");
    const heading = paragraphsOf(d.id).find((p) => p.kind === "section-heading" && p.text.startsWith("（八）"))!;
    expect(heading.text).toBe("（八）加强环境污染防治，保护好山山水水。");
    const body = paragraphsOf(d.id).find((p) => p.start > heading.start && p.kind === "body")!;
    expect(body.text.startsWith("空气质量")).toBe(true);
    expect(body.sectionPath[1]).toBe(heading.text);
    expect(d.text.slice(heading.start, body.end)).toBe(d.text.slice(heading.start, heading.end) + body.text);
  });

  it("joins a line broken mid-sentence into one paragraph, keeping the line break", () => {
    const tianjin = paragraphsOf("tianjin-2026").find((p) => p.text.includes("麒麟软件，"))!;
    expect(tianjin.text).toMatch(/麒麟软件，\n/);
    const yunnan = paragraphsOf("yunnan-2026").find((p) => /^（\n三）/.test(p.text))!;
    expect(yunnan.kind).toBe("section-heading");
  });

  it("types web-page furniture and photo captions as noise", () => {
    const noise = (id: string) => paragraphsOf(id).filter((p) => p.kind === "noise").map((p) => p.text);
    expect(noise("guangxi-2026")).toEqual(expect.arrayContaining(["下载", "打印", "【字号：", "来源：广西日报", "时间：2026-02-07"]));
    expect(noise("hebei-2026").some((t) => t.includes("霍艳恩摄"))).toBe(true);
    expect(noise("yunnan-2026")).toEqual(expect.arrayContaining(["您的位置:", "分享到微信"]));
    expect(noise("liubei-2023")).toEqual([]);
    // The title lines stay the report's own.
    expect(paragraphsOf("guangxi-2026").filter((p) => p.kind === "title").map((p) => p.text)).toEqual([
      "2026年广西壮族自治区政府工作报告",
      expect.stringMatching(/^——2026年2月2日在广西壮族自治区/),
      "自治区主席 韦 韬",
    ]);
  });

  it("reads notes under 附件 … 名词注释 and an appendix list with its year", () => {
    const notes = paragraphsOf("jiangxi-2026").filter((p) => p.kind === "note");
    expect(notes.length).toBe(26);
    expect(notes[0]!.term).toBe("2030启航计划");
    expect(notes.every((n) => n.scope.kind === "definition")).toBe(true);
    const items = paragraphsOf("neimenggu-2026").filter((p) => p.sectionPath[0] === "2026年自治区民生实事");
    expect(items.length).toBe(10);
    expect(items.every((p) => p.scope.kind === "plan" && p.scope.year === 2026)).toBe(true);
  });

  it("tells a part's five-year paragraphs from its one-year paragraphs", () => {
    const anhui = paragraphsOf("anhui-2026");
    const fiveYears = anhui.filter((p) => p.text.startsWith("——这五年"));
    expect(fiveYears.length).toBe(6);
    expect(fiveYears.every((p) => p.scope.kind === "period-result")).toBe(true);
    const lastYear = anhui.find((p) => p.text.startsWith("过去一年"))!;
    expect(lastYear.scope).toEqual({ kind: "result", year: 2025 });
    // A part planning one year stays that year, though its paragraphs speak of the 十五五 plan it opens.
    expect(anhui.filter((p) => p.sectionPath[0] === "三、2026年重点工作" && p.kind === "body").every((p) => p.scope.kind === "plan")).toBe(true);
  });
});
