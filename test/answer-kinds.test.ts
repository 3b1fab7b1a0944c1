// Three kinds of question beyond looking a passage up (issue #12, items 2–4):
// summaries and outlines built from the report's headings, why and how answered
// by the clauses that state causes or measures beside the thing asked about, and
// facts about the report itself read from its title block and printing lines.
// Pure functions on small texts cut from the real reports, then the engine on
// the seed alone and on a few provincial reports.
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { inferProfile } from "../src/corpus/profile.js";
import { parseReport } from "../src/corpus/structure.js";
import { openEngine, type Engine } from "../src/engine.js";
import { answerKind, reportFactsAsked } from "../src/answer/question.js";
import { isRunIn, outlineOf } from "../src/answer/summary.js";
import { causesNear } from "../src/answer/reasons.js";
import { composeFacts, readReportFacts, reportFactSpans } from "../src/answer/facts.js";
import { CAUSE_CUES } from "../src/lexicon.js";
import type { Answer, DocumentProfile, Paragraph } from "../src/types.js";
import { sharedEngine, SEED_ID, testConfig } from "./helpers.js";

const corpusDir = loadConfig().corpusDir;
const lines = (id: string) => readFileSync(path.join(corpusDir, `${id}.txt`), "utf8").split("\n");
/** A small report made of some lines of a real one (1-based, in order), parsed as the engine parses reports. */
function excerpt(id: string, picks: number[]): { text: string; profile: DocumentProfile; paragraphs: Paragraph[] } {
  const all = lines(id);
  const text = picks.map((n) => all[n - 1]!).join("\n");
  const profile = inferProfile(id, `${id}.txt`, text);
  return { text, profile, paragraphs: parseReport(id, text, profile) };
}
/** The seed's title block, review part with its 民生 and 教育 sections, plan part with its 乡村振兴 section, a note, and the printing lines. */
const seedMini = () => excerpt(SEED_ID, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 18, 19, 22, 23, 29, 33, 47, 48, 49, 50, 70, 71, 150, 151]);

describe("question kinds", () => {
  it("reads summary, why, how and report-fact questions apart from lookups", () => {
    expect(answerKind("请总结一下教育方面的工作", "other")).toBe("summary");
    expect(answerKind("2023年要做哪几件大事?", "other")).toBe("summary");
    expect(answerKind("乡村振兴有什么安排?", "other")).toBe("summary");
    expect(answerKind("为什么2022年地区生产总值下降了?", "quantity")).toBe("why");
    expect(answerKind("是如何推进政校企合作的?", "other")).toBe("how");
    expect(answerKind("这份报告是谁作的?", "other")).toBe("fact");
    expect(answerKind("what did liubei do for education in 2022?", "other")).toBe("summary");
    expect(answerKind("how did liubei raise vaccination coverage?", "other")).toBe("how");
    // 为 + 什么 is no why; a figure, a change or a definition stays a lookup.
    expect(answerKind("how did industrial value added change in 2022?", "other")).toBe("lookup");
    expect(answerKind("2022年柳北区被教育部确定为什么区?", "other")).toBe("lookup");
    expect(answerKind("2022年粮食种植面积是多少?", "quantity")).toBe("lookup");
    expect(answerKind("三区三线是什么?", "definition")).toBe("lookup");
  });

  it("says which facts about the report are asked, in the order asked", () => {
    expect(reportFactsAsked("报告是哪个单位印发的?什么时候印的?")).toEqual(["printer", "printDate"]);
    expect(reportFactsAsked("印了多少份?由哪个单位印发?")).toEqual(["copies", "printer"]);
    expect(reportFactsAsked("报告是哪天在哪次会议上作的?")).toEqual(["date", "session"]);
    expect(reportFactsAsked("柳北区政府工作报告是哪天印的?")).toEqual(["printDate"]);
    expect(reportFactsAsked("它是大会的第几号文件?")).toEqual(["docNumber"]);
    expect(reportFactsAsked("村里的水今年怎么治理?")).toEqual([]);
  });
});

describe("outline of a report", () => {
  const { text, paragraphs } = seedMini();
  const outline = outlineOf(paragraphs);

  it("takes section headings, run-in headings and lead sentences, each quoting the file verbatim", () => {
    expect(outline.length).toBeGreaterThan(5);
    for (const item of outline) expect(text.slice(item.start, item.end)).toBe(item.text);
    const rural = outline.find((i) => i.level === 1 && i.text.includes("乡村振兴") && i.scope.kind === "plan")!;
    expect(rural).toBeDefined();
    // The paragraphs of the plan's rural section open with run-in headings.
    const runIns = outline.filter((i) => i.section === rural.section && i.level === 2 && !i.lead).map((i) => i.text);
    expect(runIns).toEqual(["持续壮大乡村产业", "建设美丽宜居乡村"]);
    // A run-in heading inside a paragraph of the review, with the sentences it heads.
    const education = outline.find((i) => i.text === "教育强区全面进步")!;
    expect(education.level).toBe(3);
    expect(education.scope).toEqual({ kind: "result", year: 2022 });
    expect(education.body).toContain("集团化办学覆盖率达60%");
    expect(education.body).not.toContain("人才建设优化集聚");
  });

  it("tells a run-in heading from a sentence that states something", () => {
    expect(isRunIn("疫情防控阻击有力。")).toBe(true);
    expect(isRunIn("——经济增长稳中有进。")).toBe(true);
    expect(isRunIn("新增城镇就业人员1.07万人,农村劳动力转移就业5386人。")).toBe(false);
    expect(isRunIn("坚持惠民生、守底线,不断造福城区人民,提高群众生活幸福指数。")).toBe(false);
  });
});

describe("causes beside a statement", () => {
  const { text, paragraphs } = seedMini();
  const sentenceOf = (p: Paragraph, needle: string) => p.text.slice(0, p.text.indexOf(needle)).split(/[。！？!?；;]/).length - 1;

  it("reads the circumstances the report gives before a result", () => {
    const p = paragraphs.find((x) => x.text.includes("地区生产总值560.45亿元"))!;
    const causes = causesNear(p, sentenceOf(p, "地区生产总值560.45亿元")).map((s) => text.slice(s.start, s.end));
    expect(causes.some((c) => c.includes("疫情持续反复"))).toBe(true);
    for (const c of causes) expect(CAUSE_CUES.test(c)).toBe(true);
  });

  it("finds none where the report states a figure with no cause", () => {
    const governance = excerpt(SEED_ID, [1, 2, 3, 4, 5, 6, 8, 24, 25]);
    const p = governance.paragraphs.find((x) => x.text.includes("持证率67.3%"))!;
    expect(causesNear(p, sentenceOf(p, "持证率67.3%"))).toEqual([]);
  });
});

describe("facts about a report", () => {
  it("finds each fact on the line that states it", () => {
    const { text, profile, paragraphs } = seedMini();
    const spans = reportFactSpans(profile, paragraphs);
    const quote = (f: Parameters<typeof spans.get>[0]) => {
      const s = spans.get(f)!;
      return text.slice(s.start, s.end);
    };
    expect(quote("speaker")).toBe(lines(SEED_ID)[4]);
    expect(quote("session")).toBe(profile.session);
    expect(quote("date")).toBe("2023年1月8日");
    expect(quote("printer")).toBe("区十三届人大三次会议秘书处");
    expect(quote("printDate")).toBe("2023年1月7日印");
    expect(quote("copies")).toBe("共印580份");
    expect(quote("docNumber")).toBe(lines(SEED_ID)[1]);
  });

  it("says so when a report does not state a fact, and cites its title block", () => {
    const guangxi = excerpt("guangxi-2026", [10, 11, 12, 13, 14, 15, 16]);
    const draft = composeFacts(["copies"], { profile: guangxi.profile, facts: readReportFacts(guangxi.profile, guangxi.paragraphs), document: undefined, topK: 5 });
    expect(draft.status).toBe("not_in_report");
    expect(draft.answer).toContain("没有写明印数");
    expect(draft.citations.length).toBeGreaterThan(0);
    expect(draft.citations.every((c) => c.role === "context")).toBe(true);
    const both = composeFacts(["speaker", "copies"], { profile: guangxi.profile, facts: readReportFacts(guangxi.profile, guangxi.paragraphs), document: undefined, topK: 5 });
    expect(both.status).toBe("answered");
    expect(both.answer).toContain("韦 韬");
    expect(both.answer).toContain("报告没有写明印数");
  });
});

/** Every quote is the report's own text at its offsets, and every answer part rests on one citation. */
function checkCited(engine: Engine, a: Answer) {
  for (const c of a.citations) {
    expect(engine.corpus.documents.find((d) => d.id === c.docId)!.text.slice(c.start, c.end)).toBe(c.quote);
    expect(c.text.slice(c.start - c.paragraphStart, c.end - c.paragraphStart)).toBe(c.quote);
  }
  if (a.status === "answered") for (const p of a.parts) if (p.citation !== null) expect(a.citations[p.citation]!.role).toBe("answer");
}

describe("the seed report", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await sharedEngine();
  }, 300_000);
  const seedParagraphs = () => engine.corpus.paragraphs.filter((p) => p.docId === SEED_ID);

  it("lists the plan part's section headings for the year's big tasks", async () => {
    const a = await engine.ask("2023年要做哪几件大事？");
    expect(a.status).toBe("answered");
    checkCited(engine, a);
    const plan = seedParagraphs().filter((p) => p.kind === "section-heading" && p.scope.kind === "plan");
    const cited = a.citations.filter((c) => c.role === "answer");
    expect(cited.map((c) => c.id)).toEqual(plan.map((p) => p.id));
    expect(a.answer.startsWith("2023年安排：")).toBe(true);
    expect(a.answer.length).toBeLessThanOrEqual(engine.config.summaryMaxChars + 20);
  });

  it("lists the review part's headings for what was done", async () => {
    const a = await engine.ask("主要做了哪些工作？");
    expect(a.status).toBe("answered");
    const review = seedParagraphs().filter((p) => p.kind === "section-heading" && p.scope.kind === "result");
    expect(a.citations.filter((c) => c.role === "answer").map((c) => c.id)).toEqual(review.map((p) => p.id));
    expect(a.answer.startsWith("2022年：")).toBe(true);
  });

  it("summarises a topic from both the review and the plan, labelled and kept apart", async () => {
    const a = await engine.ask("请总结一下教育方面的工作");
    expect(a.status).toBe("answered");
    checkCited(engine, a);
    if (a.status !== "answered") return;
    const answer = a.citations.filter((c) => c.role === "answer");
    expect(answer.some((c) => c.scope.kind === "result")).toBe(true);
    expect(answer.some((c) => c.scope.kind === "plan")).toBe(true);
    expect(answer.every((c) => c.quote.includes("教育") || c.section.includes("教育"))).toBe(true);
    // Results first under the review year, then the plans under the report year.
    const planAt = a.answer.indexOf("2023年安排：");
    expect(a.answer.startsWith("2022年：")).toBe(true);
    expect(planAt).toBeGreaterThan(0);
    expect(a.parts.findIndex((p) => p.text.startsWith("2023年安排："))).toBe(answer.findIndex((c) => c.scope.kind === "plan"));
  });

  it("outlines a plan topic with its section heading and the run-in headings under it", async () => {
    const a = await engine.ask("乡村振兴有什么安排？");
    expect(a.status).toBe("answered");
    if (a.status !== "answered") return;
    const answer = a.citations.filter((c) => c.role === "answer");
    expect(answer.every((c) => c.scope.kind === "plan")).toBe(true);
    expect(answer[0]!.id).toBe(seedParagraphs().find((p) => p.kind === "section-heading" && p.scope.kind === "plan" && p.text.includes("乡村振兴"))!.id);
    expect(a.answer).toContain("持续壮大乡村产业");
  });

  it("quotes the causes the report states for the fall in GDP, beside the figure", async () => {
    const a = await engine.ask("为什么2022年地区生产总值下降了？");
    expect(a.status).toBe("answered");
    checkCited(engine, a);
    if (a.status !== "answered") return;
    const answer = a.citations.filter((c) => c.role === "answer");
    const figure = seedParagraphs().find((p) => p.text.includes("地区生产总值560.45亿元"))!;
    expect(answer.every((c) => c.id === figure.id)).toBe(true);
    expect(answer.some((c) => CAUSE_CUES.test(c.quote) && c.quote.includes("疫情持续反复"))).toBe(true);
    expect(a.answer).toContain("下降5.6%");
  });

  it("says the report gives no reason rather than quote an unrelated clause", async () => {
    const a = await engine.ask("为什么行政执法人员持证率是67.3%？");
    expect(a.status).toBe("not_in_report");
    expect(a.answer.startsWith("报告没有说明原因")).toBe(true);
    expect(a.citations[0]!.quote).toContain("持证率67.3%");
    expect(a.citations.every((c) => c.role === "context")).toBe(true);
  });

  it("answers how with the measures stated", async () => {
    const a = await engine.ask("柳北区是怎么开展招商引资的？");
    expect(a.status).toBe("answered");
    checkCited(engine, a);
    expect(a.answer).toContain("驻点招商");
  });

  it("answers who delivered the report, where and how many copies were printed, from the title block and the printing lines", async () => {
    const who = await engine.ask("这份报告是谁作的？");
    expect(who.status).toBe("answered");
    checkCited(engine, who);
    const speaker = who.citations[0]!;
    expect(engine.paragraphsById.get(speaker.id)!.kind).toBe("title");
    expect(speaker.quote).toContain(engine.profiles[0]!.speaker!.name);

    const where = await engine.ask("报告是在哪次会议上作的？");
    expect(where.citations[0]!.quote).toBe(engine.profiles[0]!.session);

    const copies = await engine.ask("这份报告印了多少份？由哪个单位印发？");
    expect(copies.status).toBe("answered");
    checkCited(engine, copies);
    const used = copies.citations.filter((c) => c.role === "answer");
    expect(used.map((c) => engine.paragraphsById.get(c.id)!.kind)).toEqual(["trailer", "trailer"]);
    expect(copies.answer).toMatch(/共印\d+份.*秘书处/);
  });
});

describe("provincial reports", () => {
  let engine: Engine;
  const ids = ["guangxi-2026", "gansu-2026", "guizhou-2026", "jiangsu-2026"];
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "report-qa-kinds-"));
    for (const id of ids) copyFileSync(path.join(corpusDir, `${id}.txt`), path.join(dir, `${id}.txt`));
    engine = await openEngine(testConfig({ corpusDir: dir }));
  }, 300_000);
  const headings = (docId: string, kind: string) => engine.corpus.paragraphs.filter((p) => p.docId === docId && p.kind === "section-heading" && p.scope.kind === kind);

  it("lists the report year's work of the province named, not its five-year tasks", async () => {
    const a = await engine.ask("江苏2026年要重点做好哪几方面工作？");
    expect(a.status).toBe("answered");
    checkCited(engine, a);
    expect(a.citations.filter((c) => c.role === "answer").map((c) => c.id)).toEqual(headings("jiangsu-2026", "plan").map((p) => p.id));
    expect(a.answer.startsWith("2026年安排：")).toBe(true);
  });

  it("summarises a topic of the review year and the report year with the province's own years", async () => {
    const a = await engine.ask("广西民生方面去年做了什么、今年有什么安排？");
    expect(a.status).toBe("answered");
    checkCited(engine, a);
    if (a.status !== "answered") return;
    expect(a.answer).toContain("2025年：");
    expect(a.answer).toContain("2026年安排：");
    const answer = a.citations.filter((c) => c.role === "answer");
    expect(answer.every((c) => c.docId === "guangxi-2026" && (c.scope.kind === "result" || c.scope.kind === "plan"))).toBe(true);
  });

  it("answers how from a provincial report", async () => {
    const a = await engine.ask("贵州针对三季度经济增速回落是怎么推动经济企稳回升的？");
    expect(a.status).toBe("answered");
    checkCited(engine, a);
    expect(a.citations[0]!.docId).toBe("guizhou-2026");
    expect(a.citations[0]!.quote).toContain("企稳回升");
  });

  it("says a provincial report gives no reason when it states none", async () => {
    const a = await engine.ask("为什么广西女足能首夺全国女甲联赛冠军？");
    expect(a.status).toBe("not_in_report");
    expect(a.answer.startsWith("报告没有说明原因")).toBe(true);
  });

  it("reads the speaker and the date from a provincial title block, as the report writes them", async () => {
    const who = await engine.ask("广西2026年政府工作报告是谁作的？");
    expect(who.status).toBe("answered");
    checkCited(engine, who);
    expect(who.citations[0]!.quote).toBe(lines("guangxi-2026").find((l) => l.includes("韦 韬")));

    const when = await engine.ask("甘肃省2026年政府工作报告是哪天作的？");
    expect(when.status).toBe("answered");
    checkCited(engine, when);
    // The date as the report writes it, in Chinese numerals.
    expect(when.citations[0]!.quote).toMatch(/^[〇一二三四五六七八九十]+年[一二三四五六七八九十]+月[一二三四五六七八九十]+日$/);

    const copies = await engine.ask("甘肃省2026年政府工作报告印了多少份？");
    expect(copies.status).toBe("not_in_report");
    expect(copies.answer).toContain("没有写明印数");
  });
});
