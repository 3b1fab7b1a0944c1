// Questions of our own (not the eval set), one or more from every part and section,
// each must find the paragraph that answers it in the top 3 of the answer path.
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../src/engine.js";
import { sharedEngine } from "./helpers.js";

const CASES: [question: string, paragraph: string][] = [
  ["政府工作报告是在第几届人民代表大会上作的？", "t4"],
  ["2022年全区粮食种植面积是多少？", "p1-2-1"],
  ["2022年地区生产总值多少亿元？", "p1-0-1"],
  ["城乡居民人均可支配收入分别是多少？", "p1-0-1"],
  ["2022年完成工业投资多少？", "p1-1-1"],
  ["2022年新增规上服务业企业多少家？", "p1-1-2"],
  ["限额以上零售业销售收入增长了多少？", "p1-1-2"],
  ["防返贫监测帮扶了多少户？", "p1-2-1"],
  ["乡村振兴项目实施了多少个？", "p1-2-1"],
  ["市级层面重大项目完成投资多少？", "p1-3-1"],
  ["减免了多少税费？", "p1-3-1"],
  ["科创大厦入驻了多少家企业？", "p1-4-1"],
  ["义务教育基础设施投入了多少资金？", "p1-4-1"],
  ["拆除了多少处违法建设？", "p1-5-1"],
  ["空气质量优良天数比率是多少？", "p1-5-1"],
  ["新冠疫苗接种覆盖率是多少？", "p1-6-1"],
  ["新增城镇就业人员多少人？", "p1-6-1"],
  ["2022年接待了多少游客？", "p1-6-1"],
  ["审查了多少件规范性文件？", "p1-7-1"],
  ["2023年地区生产总值的预期目标是什么？", "p2-0-2"],
  ["2023年科技型中小企业入库目标是多少家？", "p2-1-3"],
  ["今年要推进哪些物流项目？", "p2-2-2"],
  ["2023年力争新引进多少个项目？", "p2-3-2"],
  ["今年要守住多少亩耕地红线？", "p2-4-2"],
  ["2023年要改造多少个老旧小区？", "p2-5-2"],
  ["今年预计新增多少个学位？", "p2-6-3"],
  ["全国基层治理现代化试验区", "p2-6-6"],
  ["政府要坚持过紧日子，压减哪些支出？", "p3-0-5"],
  ["“三区三线”指什么？", "n7"],
  ["“五育并举”是什么意思？", "n11"],
  ["科小-高企-瞪羚指什么？", "n10"],
  ["哪个单位获评为节约型机关？", "honour-1-3"],
  ["区群众信访服务中心获得了什么荣誉？", "honour-2-26"],
  ["沙塘镇江湾村获得了什么称号？", "honour-3-30"],
  ["这份报告共印了多少份？", "end2"],
];

let engine: Engine;
beforeAll(async () => {
  engine = await sharedEngine();
});

describe("retrieval over the whole report", () => {
  it.each(CASES)("%s → %s in the top 3", async (question, local) => {
    const answer = await engine.ask(question, { topK: 5 });
    const ids = answer.citations.slice(0, 3).map((c) => c.id);
    expect(ids).toContain(`liubei-2023:${local}`);
  });
});

describe("HNSW against exact cosine", () => {
  it("finds the true nearest chunk for chunks used as queries (recall@1 ≥ 0.95)", async () => {
    const chunks = engine.corpus.chunks.filter((_, i) => i % 9 === 0);
    const vectors = await engine.embeddings.embedDocuments(chunks.map((c) => c.text));
    const byId = new Map(engine.corpus.chunks.map((c) => [c.id, c]));
    let found = 0;
    for (let i = 0; i < chunks.length; i++) {
      // No filter: the graph is walked, not scanned.
      const [hit] = await engine.backend.denseSearch(vectors[i]!, 1);
      // A chunk's own vector is its nearest neighbour; duplicates of identical text tie.
      if (hit && byId.get(hit.id)!.text === chunks[i]!.text) found++;
    }
    expect(found / chunks.length).toBeGreaterThanOrEqual(0.95);
  });
});
