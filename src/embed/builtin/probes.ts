// Fixed probes used by the tests and by measure.ts: similarity triples and
// paraphrased questions over the report, with the line(s) that answer them.
// Kept in one place so the README numbers and the tests measure the same
// thing. Line numbers are 1-based lines of
// corpus/liubei-2023.txt.

/** [anchor, should-be-closer, should-be-farther]. The first four are the spec's checks. */
export const SIMILARITY_TRIPLES: ReadonlyArray<readonly [string, string, string]> = [
  ["城乡居民人均可支配收入", "老百姓收入", "粮食种植面积"],
  ["看病", "医疗卫生服务体系", "招商引资"],
  ["income", "城乡居民人均可支配收入", "拆除违法建设"],
  ["上学", "义务教育 学位", "固定资产投资"],
];

/** Extra triples used only for tuning and reporting (not asserted: some fail). */
export const EXTRA_TRIPLES: ReadonlyArray<readonly [string, string, string]> = [
  ["医生", "看病", "投资"], ["学校", "教育", "农业"], ["工资", "收入", "环境"], ["污染", "环保", "就业"],
  ["警察", "治安", "旅游"], ["农民", "农业", "工业园区"], ["工厂", "工业", "学生"], ["房子", "住房", "疫苗"],
  ["老人", "养老", "招商"], ["孩子上学", "义务教育", "城市更新"], ["找工作", "就业", "生态"], ["钱", "资金", "绿化"],
  ["doctor", "医疗", "招商引资"], ["school", "学校", "固定资产"], ["pollution", "环境污染", "财政收入"],
  ["jobs", "就业", "森林公园"], ["tourism", "旅游", "养老"],
];

export interface RetrievalProbe {
  question: string;
  /** Any of these lines counts as the right answer. */
  lines: readonly number[];
}

/** The 10 paraphrased questions of the retrieval sanity check (not used for tuning). */
export const RETRIEVAL_PROBES: readonly RetrievalProbe[] = [
  { question: "老百姓的收入涨了多少", lines: [9, 31] },
  { question: "看病就医方面有什么新举措", lines: [60, 23] },
  { question: "孩子上学难,要建多少新学校", lines: [59] },
  { question: "今年的经济增速目标是多少", lines: [31] },
  { question: "怎样帮助大学毕业生找工作", lines: [58] },
  { question: "农村的卫生环境怎么改善", lines: [50] },
  { question: "老年人的养老照顾", lines: [60, 23] },
  { question: "打新冠疫苗的人有多少", lines: [23] },
  { question: "怎么吸引外地企业来投资", lines: [44] },
  { question: "如何防止官员腐败", lines: [68] },
];

/** A second, disjoint question set the weights were tuned on (incl. English). */
export const TUNING_PROBES: readonly RetrievalProbe[] = [
  { question: "污染治理和生态保护", lines: [55] },
  { question: "科技创新有哪些支持政策", lines: [37] },
  { question: "办事审批流程简化", lines: [46] },
  { question: "群众文化和旅游活动", lines: [61] },
  { question: "城中村改造", lines: [53] },
  { question: "工作中存在的困难和不足", lines: [28] },
  { question: "怎么提振居民消费", lines: [39, 41] },
  { question: "乡村产业和粮食生产", lines: [49] },
  { question: "社会治安和扫黑除恶", lines: [62] },
  { question: "垃圾分类和城市管理", lines: [54] },
  { question: "重大项目投资", lines: [17, 45] },
  { question: "去年经济总量和增长情况", lines: [9] },
  { question: "What is the GDP growth target for this year?", lines: [31] },
  { question: "How many new school places will be added?", lines: [59] },
  { question: "medical care for the elderly", lines: [60, 23] },
];

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

/**
 * Rank (1 = best) of the best right line for each probe, ranking all lines by
 * cosine to the question. `vectors[i]` is the vector of line i + 1.
 */
export function rankProbes(
  probes: readonly RetrievalProbe[],
  questionVectors: ReadonlyArray<ArrayLike<number>>,
  lineVectors: ReadonlyArray<ArrayLike<number>>,
): number[] {
  return probes.map((probe, qi) => {
    const scored = lineVectors.map((v, i) => ({ line: i + 1, score: cosine(questionVectors[qi], v) }));
    scored.sort((x, y) => y.score - x.score || x.line - y.line);
    return Math.min(...probe.lines.map((l) => scored.findIndex((s) => s.line === l) + 1));
  });
}

export const meanReciprocalRank = (ranks: readonly number[]): number => ranks.reduce((s, r) => s + 1 / r, 0) / ranks.length;
