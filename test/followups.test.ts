// Follow-up questions read after the conversation, without a language model:
// "2022年地区生产总值是多少？" then "那2023年的目标呢？" is the 2023 GDP target.
// The reading (interpret) is pure and tested on real profiles; the engine and the
// API answer what it reads, and return it as interpretedAs.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { loadDocuments } from "../src/corpus/load.js";
import { interpret, type HistoryTurn } from "../src/answer/followup.js";
import { servedSharedEngine } from "./helpers.js";

const { documents: profiles } = await loadDocuments(loadConfig().corpusDir);

describe("reading a follow-up after the turns before it", () => {
  it.each([
    [["2022年地区生产总值是多少？"], "那2023年的目标呢？", "2023年地区生产总值目标是多少？"],
    [["2022年柳北区固定资产投资完成多少？"], "社会消费品零售总额呢？", "柳北区2022年社会消费品零售总额"],
    [["2022年柳北区城镇居民人均可支配收入是多少？"], "农村居民呢？", "柳北区2022年农村居民人均可支配收入是多少？"],
    [["广西2025年城镇新增就业多少人？"], "广东呢？", "广东2025年城镇新增就业多少人？"],
    [["柳北区2022年地区生产总值是多少？"], "是增长还是下降？", "柳北区2022年地区生产总值是增长还是下降？"],
    [["2022年柳北区粮食总产量是多少？"], "种植面积多大？", "柳北区2022年粮食种植面积多大？"],
    [["2023年柳北区地区生产总值的预期增长目标是多少？"], "那2024年呢？", "柳北区2024年地区生产总值"],
    [["广西2025年地区生产总值增长了多少？", "2026年的预期目标呢？"], "十五五期间呢？", "广西十五五期间地区生产总值"],
  ])("%j then %s → %s", (history, question, expected) => {
    expect(interpret(question, history, profiles).interpretedAs).toContain(expected);
  });

  it("leaves a complete new question as it is: nothing stale carried over", () => {
    const history = ["柳北区2022年全年完成地区生产总值多少？", "2023年目标呢？"];
    expect(interpret("全区新增城镇就业多少人？", history, profiles)).toEqual({ interpretedAs: "全区新增城镇就业多少人？", carried: [] });
    expect(interpret("上海2025年外贸进出口总额是多少？", ["江苏2026年城镇新增就业目标是多少？"], profiles).carried).toEqual([]);
  });
});

describe("the rules a follow-up is read by", () => {
  const read = (history: HistoryTurn[], question: string) => interpret(question, history, profiles).interpretedAs;

  it("reads 今年/去年 as years of the report of the place asked about", () => {
    expect(read(["江苏2025年一般公共预算收入增长多少？"], "今年预期呢？")).toBe("江苏2026年一般公共预算收入预期增长多少？");
    expect(read(["柳北区2023年新增市场主体计划多少户？"], "去年呢？")).toContain("柳北区2022年新增市场主体");
  });

  it("lets a new plan or result word replace the old one instead of adding to it", () => {
    const out = read(["2023年柳北区固定资产投资计划增长多少？"], "去年实际呢？");
    expect(out).toBe("柳北区2022年固定资产投资实际增长多少？");
  });

  it("drops the words that tied the topic to its old period (全年完成, 要)", () => {
    expect(read(["湖北2025年全年完成外贸进出口总额多少？"], "2026年目标呢？")).toBe("湖北2026年外贸进出口总额目标多少？");
    expect(read(["2023年柳北区要新建多少个公园？"], "2022年呢？")).toBe("柳北区2022年新建公园多少个？");
  });

  it("asks a count after its noun, so the noun stays whole, but not before its unit; and adds no second frame", () => {
    expect(read(["2023年柳北区要建成哪些道路？"], "能新增多少停车位？")).toContain("新增停车位多少");
    expect(read(["柳北区2022年城镇居民人均可支配收入增长多少个百分点？"], "农村居民呢？")).toBe("柳北区2022年农村居民人均可支配收入增长多少个百分点？");
    expect(read(["安徽2025年全年完成造林多少万亩？"], "2026年呢？")).toBe("安徽2026年造林多少万亩？");
  });

  it("keeps the whole topic when a frame-only turn follows a question about what the report says", () => {
    expect(read(["吉林2026年政府工作报告提出了哪些重点任务？"], "具体有哪些？")).toContain("吉林2026年政府工作报告提出了哪些重点任务");
  });

  it("reads a comparison or ranking without a subject as one of the figure before, and not across a period change", () => {
    const history = ["福建2025年地区生产总值增长多少？"];
    expect(read(history, "在全国排第几？")).toBe("福建2025年地区生产总值在全国排第几？");
    expect(read([...history, "在全国排第几？"], "今年目标呢？")).toBe("福建2026年地区生产总值目标是多少？");
    expect(read(["云南2025年粮食产量是多少？"], "比上年怎么样？")).toBe("云南2025年粮食产量比上年增长还是下降？");
  });

  it("reads verbs alone as asking of the topic before", () => {
    expect(read(["重庆2026年外贸进出口总额计划增长多少？"], "2025年实际完成了多少？")).toBe("重庆2025年外贸进出口总额实际多少？");
  });

  it("completes a shortened metric name people use (规上工业)", () => {
    expect(read(["山东2025年地区生产总值增长多少？"], "规上工业呢？")).toBe("山东2025年规模以上工业增加值增长多少？");
  });

  it("keeps the report as the subject of a conversation about the report, and reads 它 as what was asked about", () => {
    expect(read(["河北2026年政府工作报告是谁作的？"], "在什么会议上作的？")).toMatch(/^河北2026年政府工作报告.*什么会议上作/);
    expect(read(["上海2026年政府工作报告的全称是什么？"], "它分几个部分？")).toMatch(/^上海2026年政府工作报告分.*部分/);
    expect(read(["这份报告是谁作的？"], "印了几份？")).toContain("这份报告印了几份");
  });

  it("keeps a complete question naming no place with the conversation's place, and carries nothing else", () => {
    expect(interpret("新增了多少家规上企业？", ["柳北区2022年地区生产总值是多少？"], profiles)).toEqual({ interpretedAs: "柳北区新增了多少家规上企业？", carried: ["place"] });
    expect(interpret("这份报告是哪天印的？", ["天津2025年一般公共预算收入增长多少？"], profiles).interpretedAs).toBe("天津这份报告是哪天印的？");
    // A question across places is not narrowed to one.
    expect(interpret("哪个省份地区生产总值增长最快？", ["广西2025年地区生产总值增长多少？"], profiles).carried).toEqual([]);
  });

  it("takes the place of a turn that named none from the report it was answered from, when the history says so", () => {
    expect(read([{ question: "这份报告是谁作的？", docIds: ["guizhou-2026"] }], "印了多少份？")).toMatch(/^贵州.*报告印了多少份/);
    expect(read([{ question: "全区新增城镇就业多少人？", docIds: ["liubei-2023"] }], "2023年目标呢？")).toMatch(/^柳北2023年.*新增城镇就业/);
    // Several reports answered: no one place is meant.
    expect(read([{ question: "这份报告是谁作的？", docIds: ["guizhou-2026", "hebei-2026"] }], "印了多少份？")).toBe("这份报告印了多少份？");
  });
});

const served = servedSharedEngine();
const ask = (body: unknown) => fetch(`${served.base}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("POST /api/ask with history", () => {
  it("answers 那2023年的目标呢？ after the 2022 GDP question with the 2023 target, saying how it read it", async () => {
    const first = await (await ask({ question: "2022年地区生产总值是多少？" })).json();
    expect(first.answer).toContain("560.45亿元");
    // The question as read: NFKC-normalised, as every question is.
    expect(first.interpretedAs).toBe("2022年地区生产总值是多少？".normalize("NFKC"));
    const body = await (await ask({ question: "那2023年的目标呢？", history: ["2022年地区生产总值是多少？"] })).json();
    expect(body.answer).toContain("地区生产总值增长6.5%");
    expect(body.interpretedAs).toMatch(/2023.*地区生产总值|地区生产总值.*2023/);
  });

  it("refuses a follow-up about a year or a place the report does not cover", async () => {
    const year = await (await ask({ question: "那2024年呢？", history: ["2023年柳北区地区生产总值的预期增长目标是多少？"] })).json();
    expect(year).toMatchObject({ answerable: false, reason: "out_of_scope_period" });
    const place = await (await ask({ question: "柳南区呢？", history: ["柳北区2022年地区生产总值下降了多少？"] })).json();
    expect(place).toMatchObject({ answerable: false, reason: "other_place" });
  });

  it("accepts history turns with the reports they were answered from", async () => {
    const body = await (await ask({ question: "2022年地区生产总值是多少？", history: [{ question: "这份报告是谁作的？", docIds: ["liubei-2023"] }] })).json();
    expect(body.interpretedAs).toMatch(/^柳北/);
    expect(body.answer).toContain("560.45亿元");
    expect((await ask({ question: "那2023年呢？", history: [{ question: 42 }] })).status).toBe(400);
    expect((await ask({ question: "那2023年呢？", history: [{ question: "2022年地区生产总值是多少？", docIds: ["Not An Id"] }] })).status).toBe(400);
  });

  it("validates history: at most 10 strings", async () => {
    expect((await ask({ question: "那2023年呢？", history: Array(11).fill("2022年地区生产总值是多少？") })).status).toBe(400);
    expect((await ask({ question: "那2023年呢？", history: [42] })).status).toBe(400);
    expect((await ask({ question: "那2023年呢？", history: ["粮".repeat(501)] })).status).toBe(400);
  });
});
