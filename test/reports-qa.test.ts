// Asking across the 22 reports of corpus/, each read from its .txt alone: the right
// report and year for every question, comparisons, rankings, claims naming their
// place — and, as an invariant over generated questions, never an answer, a quoted
// figure or claim evidence from a report other than the one asked about.
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { openEngine, type Engine } from "../src/engine.js";
import type { Answer } from "../src/types.js";
import { testConfig } from "./helpers.js";

let engine: Engine;
beforeAll(async () => {
  engine = await openEngine(testConfig({ corpusDir: loadConfig().corpusDir }));
}, 300_000);

const docsOf = (a: Answer) => new Set([...a.citations.filter((c) => c.role === "answer").map((c) => c.docId), ...a.figures.map((f) => f.docId)]);
/** Every quote is the report's own text at its offsets. */
function verbatim(a: Answer) {
  for (const c of a.citations) expect(engine.corpus.documents.find((d) => d.id === c.docId)!.text.slice(c.start, c.end)).toBe(c.quote);
}

describe("routing by place and year", () => {
  it("answers the seed's 2022 question from the seed: 全区 and 2022 name it", async () => {
    const a = await engine.ask("2022年全区粮食种植面积是多少？");
    expect(a.answer).toContain("4.87万亩");
    expect([...docsOf(a)]).toEqual(["liubei-2023"]);
    verbatim(a);
  });

  it("answers a question naming 广西 from Guangxi's report, with 2025 as its review year", async () => {
    const a = await engine.ask("广西2025年城镇新增就业多少人？");
    expect(a.answer).toContain("42.3万人");
    expect([...docsOf(a)]).toEqual(["guangxi-2026"]);
    expect(a.citations[0]!.report).toBe("广西2026年政府工作报告");
    verbatim(a);
  });

  it("reads 今年 relative to the report asked about, and refuses a year it does not cover", async () => {
    const thisYear = await engine.ask("广西今年地区生产总值增长目标是多少？");
    expect(thisYear.answer).toContain("5%左右");
    expect(thisYear.citations.filter((c) => c.role === "answer").every((c) => c.scope.kind === "plan")).toBe(true);
    const later = await engine.ask("广西2027年地区生产总值目标是多少？");
    expect(later).toMatchObject({ status: "not_in_report", reason: "out_of_scope_period" });
    expect(later.answer).toContain("2027");
    expect(later.citations.every((c) => c.docId === "guangxi-2026")).toBe(true);
  });

  it("answers 十四五 questions from the five-year paragraphs, not the year's", async () => {
    const a = await engine.ask("广西“十四五”时期地区生产总值年均增长多少？");
    expect(a.answer).toContain("年均增长4.8%");
    expect(a.citations.find((c) => c.role === "answer")!.scope.kind).toBe("period-result");
  });

  it("refuses a place with no report, naming the reports there are, and quotes no other place", async () => {
    for (const question of ["北京2025年地区生产总值是多少？", "柳南区2022年地区生产总值是多少？", "What is Hainan's GDP growth target for 2026?"]) {
      const a = await engine.ask(question);
      expect(a, question).toMatchObject({ status: "not_in_report", reason: "other_place", citations: [] });
      expect(a.answer).toContain("柳北区");
    }
  });

  it("routes place names written in English", async () => {
    const a = await engine.ask("What is Jiangsu's GDP growth target for 2026?");
    expect([...docsOf(a)]).toEqual(["jiangsu-2026"]);
  });

  it("narrows to the reports chosen (docIds)", async () => {
    const a = await engine.ask("2025年城镇新增就业多少人？", { docIds: ["guangxi-2026"] });
    expect(a.answer).toContain("42.3万人");
    expect(a.citations.every((c) => c.docId === "guangxi-2026")).toBe(true);
    const outside = await engine.ask("安徽2025年地区生产总值是多少？", { docIds: ["guangxi-2026"] });
    expect(outside).toMatchObject({ status: "not_in_report", reason: "other_place" });
  });
});

describe("comparisons and rankings", () => {
  it("answers each named report, labelled and cited from its own report", async () => {
    const a = await engine.ask("安徽和江苏2026年地区生产总值增长目标分别是多少？");
    expect(a.status).toBe("answered");
    if (a.status !== "answered") return;
    expect(a.routing.by).toBe("named");
    expect(new Set(a.parts.map((p) => p.docId))).toEqual(new Set(["anhui-2026", "jiangsu-2026"]));
    expect(a.answer).toMatch(/【安徽省】[^；]*5%—5\.5%/);
    expect(a.answer).toMatch(/【江苏省】[^；]*5%/);
    for (const p of a.parts) if (p.citation !== null) expect(a.citations[p.citation]!.docId).toBe(p.docId);
    verbatim(a);
  });

  it("ranks the provinces' 2026 growth targets from their figure records, each value cited", async () => {
    const a = await engine.ask("哪个省2026年经济增长目标最高？");
    expect(a.status).toBe("answered");
    if (a.status !== "answered") return;
    expect(a.parts.length).toBeGreaterThanOrEqual(15);
    expect(a.parts.every((p) => p.docId !== "liubei-2023")).toBe(true);
    const tops = a.figures.map((f) => f.valueHigh ?? f.value);
    for (let i = 1; i < tops.length; i++) expect(tops[i - 1]!).toBeGreaterThanOrEqual(tops[i]!);
    expect(a.answer).toMatch(/^最高的是/);
    verbatim(a);
  });
});

describe("claims name their place", () => {
  it("checks a claim against the named report only", async () => {
    const right = await engine.check("广西2025年地区生产总值增长5.1%");
    expect(right).toMatchObject({ verdict: "supported", docId: "guangxi-2026" });
    const wrong = await engine.check("广西2025年地区生产总值增长5.5%");
    expect(wrong.verdict).toBe("contradicted");
    expect(wrong.evidence.every((c) => c.docId === "guangxi-2026")).toBe(true);
    const nowhere = await engine.check("广东2025年地区生产总值增长5%");
    expect(nowhere).toMatchObject({ verdict: "not_found", docId: null, evidence: [] });
  });
});

describe("invariant: never an answer from a report other than the one asked about", () => {
  const TEMPLATES = [
    (p: string) => `${p}去年地区生产总值增长多少？`,
    (p: string) => `${p}今年城镇新增就业目标是多少？`,
    (p: string) => `${p}一般公共预算收入是多少？`,
    (p: string) => `${p}粮食产量是多少？`,
    (p: string) => `${p}“十四五”时期取得了哪些成就？`,
    (p: string) => `${p}2026年要抓好哪些重点工作？`,
  ];

  it("holds for questions naming each report by each of its names", async () => {
    const wrong: string[] = [];
    let answered = 0;
    for (const profile of engine.profiles) {
      for (const name of profile.place.aliases) {
        for (const template of TEMPLATES) {
          const question = template(name);
          const a = await engine.ask(question);
          if (a.status === "answered") answered++;
          const others = [...docsOf(a)].filter((d) => d !== profile.id);
          if (a.status === "answered" && others.length) wrong.push(`${question} → ${others.join(", ")}`);
          const claim = await engine.check(`${name}2025年地区生产总值增长5%`);
          if (claim.docId !== profile.id || claim.evidence.some((c) => c.docId !== profile.id)) wrong.push(`claim ${name} → ${claim.docId}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Not vacuous: most of these questions are answered.
    expect(answered).toBeGreaterThan(100);
  }, 300_000);
});
