// The HTTP contract over a real server on 127.0.0.1: /api/ask, /api/paragraphs/:id,
// /api/health, the error shape, and the refusal path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../src/engine.js";
import { serve, sharedEngine } from "./helpers.js";

let engine: Engine;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  engine = await sharedEngine();
  ({ base, close } = await serve(engine));
});
afterAll(() => close());

const ask = (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  fetch(`${base}/api/ask`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("POST /api/ask", () => {
  it("answers the grain question with 4.87万亩, citing the paragraph verbatim", async () => {
    const res = await ask({ question: "2022年全区粮食种植面积是多少？" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.answerable).toBe(true);
    expect(body.answer).toContain("4.87万亩");
    const cited = body.citations[0];
    expect(cited.id).toBe("liubei-2023:p1-2-1");
    expect(cited.role).toBe("answer");
    const doc = engine.corpus.documents[0]!;
    const paragraph = engine.paragraphsById.get(cited.id)!;
    // The paragraph is verbatim, the quote is a substring, and its offsets point into the file.
    expect(cited.text).toBe(doc.text.slice(paragraph.start, paragraph.end));
    expect(cited.text).toContain(cited.quote);
    expect(doc.text.slice(cited.start, cited.end)).toBe(cited.quote);
    expect(cited.quote).toContain("4.87万亩");
    expect(cited.section).toBe("一、2022年工作回顾 › (二)锚定乡村振兴目标,推动农业农村优先发展");
    expect(body.timings.totalMs).toBeGreaterThan(0);
  });

  it("keeps the direction and period of a figure: 2022 GDP fell, the 2023 target is growth", async () => {
    const result = await (await ask({ question: "2022年地区生产总值是多少？增长还是下降？" })).json();
    expect(result.answer).toContain("560.45亿元");
    expect(result.answer).toContain("下降5.6%");
    expect(result.answer).not.toContain("6.5%");
    const target = await (await ask({ question: "2023年地区生产总值预期增长多少？" })).json();
    expect(target.answer).toContain("增长6.5%");
    expect(target.answer).not.toContain("560.45");
  });

  it("refuses a 2024 target with answerable:false and the nearest passages", async () => {
    const body = await (await ask({ question: "2024年柳北区地区生产总值的目标是多少？" })).json();
    expect(body.answerable).toBe(false);
    expect(body.reason).toBe("out_of_scope_period");
    expect(body.answer).not.toMatch(/\d+(\.\d+)?亿元/);
    expect(body.citations.length).toBeGreaterThan(0);
  });

  it("refuses questions about another district or a figure the report never gives", async () => {
    for (const question of ["柳南区2022年地区生产总值是多少？", "柳北区常住人口有多少？", "2023年一般公共预算收入目标是多少亿元？"]) {
      const body = await (await ask({ question })).json();
      expect(body.answerable, question).toBe(false);
    }
  });

  it("honours topK (1–20)", async () => {
    const body = await (await ask({ question: "老旧小区改造", topK: 2 })).json();
    expect(body.citations.length).toBeLessThanOrEqual(2);
  });

  it.each([
    ["missing question", {}, 400, "INVALID_REQUEST"],
    ["empty question", { question: "   " }, 400, "INVALID_REQUEST"],
    ["question of the wrong type", { question: 42 }, 400, "INVALID_REQUEST"],
    ["topK out of range", { question: "粮食", topK: 99 }, 400, "INVALID_REQUEST"],
    ["unknown field", { question: "粮食", admin: true }, 400, "INVALID_REQUEST"],
    ["too long", { question: "粮".repeat(501) }, 400, "INVALID_REQUEST"],
  ])("rejects %s with a JSON error", async (_name, body, status, code) => {
    const res = await ask(body);
    expect(res.status).toBe(status);
    const json = await res.json();
    expect(json.error.code).toBe(code);
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts|node_modules|\/work\//);
  });

  it("rejects invalid JSON (400), a non-JSON content type (415) and a body over 16 KB (413)", async () => {
    expect((await ask("{not json")).status).toBe(400);
    expect((await ask("question=x", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    const big = await ask({ question: "粮食", pad: "x".repeat(20_000) });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("GET /api/paragraphs/:id", () => {
  it("returns the verbatim paragraph, its section path and its neighbours", async () => {
    const res = await fetch(`${base}/api/paragraphs/${encodeURIComponent("liubei-2023:p1-6-1")}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.paragraph.text.startsWith("坚持惠民生、守底线")).toBe(true);
    expect(body.paragraph.sectionPath).toEqual(["一、2022年工作回顾", "(六)落实人民至上理念,不断改善民生福祉"]);
    expect(body.previous.id).toBe("liubei-2023:h1-6");
    expect(body.next.id).toBe("liubei-2023:h1-7");
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    expect((await fetch(`${base}/api/paragraphs/liubei-2023:p9-9-9`)).status).toBe(404);
    const bad = await fetch(`${base}/api/paragraphs/${encodeURIComponent("../../etc/passwd")}`);
    expect(bad.status).toBe(400);
  });
});

describe("GET /api/health and the page", () => {
  it("reports the model, chunk count and build time", async () => {
    const body = await (await fetch(`${base}/api/health`)).json();
    expect(body).toMatchObject({ status: "ok", model: "builtin-zh-lex" });
    expect(body.chunks).toBe(engine.corpus.chunks.length);
    expect(body).toMatchObject({ backend: "embedded", reports: engine.profiles.length, indexVersion: expect.stringMatching(/^\d{4}-/) });
  });

  it("serves the page and unknown API routes as JSON 404", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<form");
    const missing = await fetch(`${base}/api/nope`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("NOT_FOUND");
  });
});

describe("POST /api/check and GET /api/figures", () => {
  const checkClaim = (body: unknown) =>
    fetch(`${base}/api/check`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("contradicts 规上工业增加值增长10.2%: the report says 下降10.2%, citing the paragraph", async () => {
    const res = await checkClaim({ claim: "2022年柳北区规上工业增加值增长10.2%" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.verdict).toBe("contradicted");
    expect(body.explanation).toContain("下降10.2%");
    expect(body.checks[0].mismatches).toContain("direction");
    const evidence = body.evidence[0];
    expect(evidence.id).toBe("liubei-2023:p1-0-1");
    expect(evidence.quote).toContain("下降10.2%");
    expect(engine.corpus.documents[0]!.text.slice(evidence.start, evidence.end)).toBe(evidence.quote);
  });

  it("says not_found for a claim about a place with no report here, naming the reports there are", async () => {
    const body = await (await checkClaim({ claim: "柳南区2022年地区生产总值增长3%" })).json();
    expect(body.verdict).toBe("not_found");
    expect(body.explanation).toContain("柳南区");
    expect(body.evidence).toEqual([]);
  });

  it("validates claims like questions", async () => {
    expect((await checkClaim({})).status).toBe(400);
    expect((await checkClaim({ claim: "" })).status).toBe(400);
    expect((await checkClaim({ claim: ["x"] })).status).toBe(400);
  });

  it("lists figures by query, period and unit, each with its citation", async () => {
    const body = await (await fetch(`${base}/api/figures?q=${encodeURIComponent("地区生产总值")}&period=plan`)).json();
    expect(body.figures.map((f: { valueText: string }) => f.valueText)).toEqual(["6.5"]);
    expect(body.figures[0].citation.quote).toBe("地区生产总值增长6.5%");
    const money = await (await fetch(`${base}/api/figures?unit=${encodeURIComponent("亿元")}&period=result`)).json();
    expect(money.count).toBeGreaterThan(10);
    expect((await fetch(`${base}/api/figures?period=someday`)).status).toBe(400);
  });

  it("gives quantity answers their figure records", async () => {
    const body = await (await ask({ question: "2022年新增城镇就业人员多少？" })).json();
    expect(body.answer).toContain("1.07万人");
    expect(body.figures[0]).toMatchObject({ valueText: "1.07", unit: "万人", baseValue: 10700, scope: { kind: "result", year: 2022 } });
  });
});
