// Regression guard: the evaluation's tuning split through the real engine must not
// fall below the levels recorded in eval/thresholds.json (minus its margin).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../src/engine.js";
import { summarize } from "../eval/metrics.js";
import { runClaims, runQuestions, summarizeClaims } from "../eval/run.js";
import { loadSplit, type Split } from "../eval/sets.js";
import { sharedEngine } from "./helpers.js";

const thresholds = JSON.parse(readFileSync(new URL("../eval/thresholds.json", import.meta.url), "utf8")) as {
  margin: number;
  split: Split;
  hit5: number;
  accuracy: number;
  refusalRecall: number;
  claimVerdictAccuracy: number;
};
const items = loadSplit(thresholds.split);

let engine: Engine;
beforeAll(async () => {
  engine = await sharedEngine();
});

describe(`eval guard (${thresholds.split} split)`, () => {
  it("keeps retrieval hit@5, answer accuracy and refusal recall", async () => {
    const summary = summarize(await runQuestions(engine, items.filter((i) => i.type !== "claim")));
    expect(summary.hit5!).toBeGreaterThanOrEqual(thresholds.hit5 - thresholds.margin);
    expect(summary.accuracy!).toBeGreaterThanOrEqual(thresholds.accuracy - thresholds.margin);
    expect(summary.refusalRecall!).toBeGreaterThanOrEqual(thresholds.refusalRecall - thresholds.margin);
  });

  it("keeps claim-verdict accuracy", async () => {
    const summary = summarizeClaims(await runClaims(engine, items.filter((i) => i.type === "claim")));
    expect(summary.verdictAccuracy).toBeGreaterThanOrEqual(thresholds.claimVerdictAccuracy - thresholds.margin);
  });
});
