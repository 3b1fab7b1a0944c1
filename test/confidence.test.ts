// Graded confidence: a question the quoted text does not cover, but whose passage
// retrieval is sure of, gets the report's most relevant sentence as "related" —
// cited, verbatim, and said to be only that — on the API, the hotline style and
// in the eval's counting; with the rule turned off the same question is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURE_NAMES, RELATED_PREFIX, confidenceScore, type ConfidenceFeatures } from "../src/answer/confidence.js";
import { openEngine, type Engine } from "../src/engine.js";
import { shortAnswer } from "../src/server/short.js";
import { interpretationHolds, summarizeConversations, type TurnScore } from "../eval/conversations.js";
import { summarizeConfidence, type ItemScore } from "../eval/metrics.js";
import { loadConversations, loadItems } from "../eval/sets.js";
import { serve, sharedEngine } from "./helpers.js";

const features = (over: Partial<ConfidenceFeatures> = {}): ConfidenceFeatures => ({ coverage: 0, fused: 0, dense: 0, bm25: 0, margin: 0, rank: 0, unit: 0, quantity: 0, ...over });

describe("confidenceScore", () => {
  it("is the logistic of bias plus weighted features, rising with each positively weighted signal", () => {
    const w = [-2, 1, 1, 0, 0, 0, 0, 2, 0];
    expect(confidenceScore(features(), w)).toBeCloseTo(1 / (1 + Math.exp(2)), 10);
    expect(confidenceScore(features({ coverage: 1, fused: 1 }), w)).toBeCloseTo(0.5, 10);
    expect(confidenceScore(features({ unit: 1 }), w)).toBeGreaterThan(confidenceScore(features({ coverage: 1 }), w));
  });

  it("says clearly when the weights do not match the features", () => {
    expect(() => confidenceScore(features(), [1, 2])).toThrow(/expected 9 numbers/);
    expect(FEATURE_NAMES).toHaveLength(8);
  });
});

describe("related answers through the engine, the API and the hotline", () => {
  let engine: Engine;
  let off: Engine;
  let base: string;
  let close: () => Promise<void>;
  // Everyday words for a measure the report names otherwise: retrieval finds the passage, the words do not match.
  const QUESTION = "小孩上学的学位增加了多少？";

  beforeAll(async () => {
    engine = await sharedEngine();
    // The same corpus and index with the rule off: every such question is refused.
    off = await openEngine({ ...engine.config, relatedMinScore: 1.01 });
    ({ base, close } = await serve(engine));
  });
  afterAll(() => close());

  it("answers with the report's most relevant sentence, verbatim and cited, where the rule turned off refuses", async () => {
    const related = await engine.ask(QUESTION);
    expect(related.status).toBe("related");
    if (related.status !== "related") return;
    expect(related.answer.startsWith(RELATED_PREFIX)).toBe(true);
    const cited = related.citations[related.parts[0]!.citation!]!;
    expect(cited.role).toBe("answer");
    expect(related.answer).toBe(`${RELATED_PREFIX}${cited.quote}`);
    const doc = engine.corpus.documents.find((d) => d.id === cited.docId)!;
    expect(doc.text.slice(cited.start, cited.end)).toBe(cited.quote);
    expect(related.confidence.score).toBeGreaterThanOrEqual(engine.config.relatedMinScore);
    expect(Object.keys(related.confidence.features).sort()).toEqual([...FEATURE_NAMES].sort());

    const refused = await off.ask(QUESTION);
    expect(refused.status).toBe("not_in_report");
    if (refused.status === "not_in_report") expect(refused.confidence?.score).toBeCloseTo(related.confidence.score, 10);
  });

  it("carries status, reason and confidence on /api/ask; the hotline says politely it is not said directly", async () => {
    const post = async (body: object) => (await fetch(`${base}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json();
    const full = await post({ question: QUESTION });
    expect(full).toMatchObject({ status: "related", answerable: false, parts: [{ citation: 0 }] });
    expect(["no_matching_passage", "figure_not_given"]).toContain(full.reason);
    expect(full.confidence.score).toBeGreaterThanOrEqual(engine.config.relatedMinScore);
    const short = await post({ question: QUESTION, style: "short" });
    expect(short.status).toBe("related");
    expect(short.answerable).toBe(false);
    expect(short.answer.startsWith(engine.config.hotlineRelated)).toBe(true);
    expect(short.answer.length).toBeLessThanOrEqual(engine.config.hotlineRelated.length + engine.config.shortAnswerChars + 2);
    expect(short.paragraphId).toBe(full.citations[0].id);
    // A plain answer and a plain refusal keep their statuses.
    expect((await post({ question: "2022年全区粮食种植面积是多少？", style: "short" })).status).toBe("answered");
    expect((await post({ question: "柳南区2022年地区生产总值是多少？", style: "short" })).status).toBe("not_in_report");
  });

  it("never turns a question about a year the report does not cover into a related answer", async () => {
    const answer = await engine.ask("2024年小孩上学的学位增加了多少？");
    expect(answer).toMatchObject({ status: "not_in_report", reason: "out_of_scope_period" });
  });
});

describe("shortAnswer of a related answer", () => {
  it("cuts a long related sentence at a clause boundary after the polite words", () => {
    const quote = `${"完成适老化改造".repeat(10)}，${"新增养老床位".repeat(10)}`;
    const answer = {
      status: "related",
      reason: "no_matching_passage",
      answer: `${RELATED_PREFIX}${quote}`,
      parts: [{ text: `${RELATED_PREFIX}${quote}`, docId: "d", report: "r", citation: 0 }],
      routing: { docIds: ["d"], by: "only" },
      coverage: 0.3,
      confidence: { score: 0.6, features: {} },
      citations: [{ id: "d:p1", docId: "d", report: "r", quote, reference: "《r》一、(一) 第1段", role: "answer" }],
      figures: [],
      timings: {},
    } as unknown as Parameters<typeof shortAnswer>[0];
    const short = shortAnswer(answer, 100, "没有。", "报告没有直接说。最相关的是：");
    expect(short).toMatchObject({ status: "related", answerable: false, reference: "《r》一、(一) 第1段", paragraphId: "d:p1" });
    expect(short.answer).toBe(`报告没有直接说。最相关的是：${"完成适老化改造".repeat(10)}…。`);
  });
});

describe("eval counting", () => {
  const score = (over: Partial<ItemScore>) => ({ shouldAnswer: true, type: "figure", status: "answered", correct: true, relatedGold: null, ...over }) as ItemScore;

  it("counts a related answer as help only when its passage is gold, and never as an answer", () => {
    const s = summarizeConfidence([
      score({}),
      score({ correct: false }),
      score({ status: "related", correct: false, relatedGold: true }),
      score({ status: "related", correct: false, relatedGold: false }),
      score({ status: "not_in_report", correct: false }),
      score({ shouldAnswer: false, type: "unanswerable", status: "related", correct: true }),
      score({ shouldAnswer: false, type: "unanswerable", status: "not_in_report", correct: true }),
      score({ type: "claim" }),
    ]);
    expect(s).toEqual({ answerable: { n: 5, right: 1, wrong: 1, relatedGold: 1, relatedOther: 1, refused: 1 }, unanswerable: { n: 2, refused: 1, related: 1, answered: 0 } });
  });

  it("checks a follow-up's reading as answers are compared (width, spaces), and summarises follow-ups per kind", () => {
    expect(interpretationHolds("那2023年地区生产总值的目标呢", ["地区生产总值", "２０２３"])).toBe(true);
    expect(interpretationHolds("2022年地区生产总值", ["2023"])).toBe(false);
    const turn = (conversation: string, kind: string, n: number, answerRight: boolean, interpretationRight: boolean | null, shouldAnswer = true) =>
      ({ conversation, kind, turn: n, answerRight, interpretationRight, shouldAnswer, status: answerRight === shouldAnswer ? "answered" : "not_in_report" }) as TurnScore;
    const s = summarizeConversations([turn("a", "period", 1, true, null), turn("a", "period", 2, true, true), turn("b", "refusal", 1, true, null), turn("b", "refusal", 2, true, false, false)]);
    expect(s).toMatchObject({ conversations: 2, turns: 4, firstTurns: { n: 2, right: 2 }, followUps: { n: 2, answerRight: 2, interpretationRight: 1, bothRight: 1 }, refusalFollowUps: { n: 1, refused: 1 } });
    expect(s.byKind).toEqual({ period: { followUps: 1, bothRight: 1 }, refusal: { followUps: 1, bothRight: 0 } });
  });

  it("loads the conversation and chat sets of the tuning split with follow-ups that must be refused", () => {
    const conversations = loadConversations(["tuning"]);
    expect(conversations.length).toBeGreaterThan(0);
    expect(conversations.every((c) => c.turns.length >= 2 && c.turns.slice(1).every((t) => t.interpretedAs?.length))).toBe(true);
    expect(conversations.some((c) => c.turns.slice(1).some((t) => !t.answerable && t.docs.length === 0))).toBe(true);
    expect(conversations.some((c) => c.turns.slice(1).some((t) => !t.answerable && t.docs.length > 0))).toBe(true);
    const chat = loadItems({ sets: ["chat"], splits: ["tuning"] });
    expect(new Set(chat.map((i) => i.type))).toEqual(new Set(["summary", "why", "report-fact"]));
    expect(chat.some((i) => i.answerable === false)).toBe(true);
  });
});
