// Regression guard: the evaluation's tuning split through the real engine must not
// fall below the levels recorded in eval/thresholds.json (minus its margin). The
// seed guard runs on a temp corpus holding only the seed report, as `npm run eval`'s
// seed run does; the provinces guard runs every report and allows no answer from
// a report the question did not ask about.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEvalEngine, type EvalEngine } from "../eval/corpora.js";
import { scoreClaim, scoreItem, summarizeConfidence } from "../eval/metrics.js";
import { countWrongReport, runClaims, runQuestions, summarize, summarizeClaims } from "../eval/run.js";
import { loadItems, type EvalItem, type Split } from "../eval/sets.js";
import type { CheckResult } from "../src/engine.js";
import type { Answer, Citation } from "../src/types.js";

const thresholds = JSON.parse(readFileSync(new URL("../eval/thresholds.json", import.meta.url), "utf8")) as {
  margin: number;
  split: Split;
  hit5: number;
  accuracy: number;
  refusalRecall: number;
  claimVerdictAccuracy: number;
  answerableRefusedMax: number;
  answeredWrongMax: number;
};

describe(`eval guard, seed alone (${thresholds.split} split)`, () => {
  const items = loadItems({ sets: ["seed"], splits: [thresholds.split] });
  let seed: EvalEngine;
  beforeAll(async () => {
    seed = await openEvalEngine("seed");
  });
  afterAll(() => seed?.dispose());

  it("keeps retrieval hit@5, answer accuracy and refusal recall; graded confidence halves refusals without wrong answers", async () => {
    const scores = await runQuestions(seed.engine, items.filter((i) => i.type !== "claim"));
    const summary = summarize(scores);
    // A related passage helps only when it is a gold paragraph; otherwise it counts with the refusals.
    const { answerable: a } = summarizeConfidence(scores);
    expect((a.refused + a.relatedOther) / a.n).toBeLessThanOrEqual(thresholds.answerableRefusedMax + thresholds.margin);
    expect(a.wrong / a.n).toBeLessThanOrEqual(thresholds.answeredWrongMax + thresholds.margin);
    expect(summary.hit5!).toBeGreaterThanOrEqual(thresholds.hit5 - thresholds.margin);
    expect(summary.accuracy!).toBeGreaterThanOrEqual(thresholds.accuracy - thresholds.margin);
    expect(summary.refusalRecall!).toBeGreaterThanOrEqual(thresholds.refusalRecall - thresholds.margin);
  });

  it("keeps claim-verdict accuracy", async () => {
    const summary = summarizeClaims(await runClaims(seed.engine, items.filter((i) => i.type === "claim")));
    expect(summary.verdictAccuracy).toBeGreaterThanOrEqual(thresholds.claimVerdictAccuracy - thresholds.margin);
  });
});

describe("eval guard, all reports (provinces tuning split)", () => {
  // Every provincial question names its place: routing must keep every answer, citation of the answer and figure in that report.
  it("never answers from a report the question did not ask about", async () => {
    const all = await openEvalEngine("all");
    try {
      const items = loadItems({ sets: ["provinces"], splits: ["tuning"] });
      const questions = await runQuestions(all.engine, items.filter((i) => i.type !== "claim"));
      const claims = await runClaims(all.engine, items.filter((i) => i.type === "claim"));
      const wrong = [...questions, ...claims].filter((s) => s.wrongReport).map((s) => `${s.id} → ${s.otherReports.join(", ")}`);
      expect(wrong).toEqual([]);
      expect(countWrongReport(questions, claims).wrong).toBe(0);
    } finally {
      all.dispose();
    }
  }, 600_000);
});

describe("the wrong-report rule the guard asserts", () => {
  const item = (docs: string[], type: EvalItem["type"] = "figure"): EvalItem => ({ id: "x", question: "q", type, lang: "zh", expected: [], docs, goldLines: [], split: "tuning", set: "provinces" });
  const cite = (docId: string, role: Citation["role"]) => ({ id: `${docId}:p1`, docId, role, text: "" }) as Citation;
  const answer = (status: Answer["status"], citations: Citation[], figureDocs: string[] = []) =>
    ({ status, reason: "no_matching_passage", answer: "", coverage: 1, citations, figures: figureDocs.map((docId) => ({ docId })), parts: [], timings: {} }) as unknown as Answer;
  const score = (docs: string[], a: Answer) => scoreItem({ item: item(docs), answer: a, gold: [], goldUnresolved: 0, ms: 0 });

  it("counts an answer citation or figure from another report, not a context citation", () => {
    expect(score(["a"], answer("answered", [cite("a", "answer"), cite("b", "context")]))).toMatchObject({ wrongReport: false, wrongReportCited: true, otherReports: ["b"] });
    expect(score(["a"], answer("answered", [cite("b", "answer")])).wrongReport).toBe(true);
    expect(score(["a"], answer("answered", [cite("a", "answer")], ["b"])).wrongReport).toBe(true);
    expect(score(["a", "b"], answer("answered", [cite("a", "answer"), cite("b", "answer")])).wrongReport).toBe(false);
  });

  it("never for a refusal or a ranking over all reports; always for an answer about a place with no report", () => {
    expect(score(["a"], answer("not_in_report", [cite("b", "context")]))).toMatchObject({ wrongReport: false, wrongReportCited: true });
    expect(score(["*"], answer("answered", [cite("b", "answer")]))).toMatchObject({ wrongReport: false, wrongReportCited: false });
    expect(score([], answer("answered", [])).wrongReport).toBe(true);
    expect(score([], answer("not_in_report", [])).wrongReport).toBe(false);
  });

  it("claims: a figure checked against another report", () => {
    const result = (docId: string | null, evidence: Citation[]) =>
      ({ verdict: "supported", checks: [{ mismatches: [], evidence: docId ? { docId } : null }], evidence }) as unknown as CheckResult;
    const claim = (docs: string[], r: CheckResult) => scoreClaim(item(docs, "claim"), r, [], 0, 0);
    expect(claim(["a"], result("b", [cite("b", "answer")])).wrongReport).toBe(true);
    expect(claim(["a"], result("a", [cite("a", "answer"), cite("b", "context")]))).toMatchObject({ wrongReport: false, wrongReportCited: true });
    expect(claim([], result(null, [])).wrongReport).toBe(false);
  });
});
