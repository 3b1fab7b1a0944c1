/**
 * `npm run eval`: runs the evaluation set through the same engine as the API and
 * prints, per split and per type, retrieval hit@k and MRR, answer accuracy,
 * citation precision, refusal precision/recall and latency; compares BM25 alone,
 * dense alone, our hybrid and a vanilla LangChain RAG retriever; writes
 * eval/results/latest.json and eval/results/report.html.
 *
 * Options: --split tuning|heldout (default both), --no-baselines.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.js";
import { openEngine, type Engine } from "../src/engine.js";
import type { RetrievalMode } from "../src/retrieve/hybrid.js";
import { groupBy, percentile, scoreItem, summarize, type ItemScore, type Summary } from "./metrics.js";
import { loadAll, type EvalItem } from "./sets.js";
import { vanillaLangChain } from "./baseline.js";
import { renderReport } from "./report.js";
import { retrievalScores, type RetrievalComparison } from "./retrieval.js";

const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");

export interface ClaimScore {
  id: string;
  split: string;
  claim: string;
  expected: string;
  got: string;
  expectedMismatch: string | null;
  gotMismatches: string[];
  correct: boolean;
  /** For contradicted claims: the expected kind of mismatch was named. */
  mismatchCorrect: boolean | null;
  /** The evidence cites a gold paragraph (null when nothing is expected). */
  evidenceHit: boolean | null;
  ms: number;
}

export interface ClaimSummary {
  n: number;
  verdictAccuracy: number;
  mismatchAccuracy: number | null;
  evidenceHit: number | null;
  byVerdict: Record<string, { n: number; accuracy: number }>;
  p50Ms: number;
}

export async function runClaims(engine: Engine, items: EvalItem[]): Promise<ClaimScore[]> {
  const out: ClaimScore[] = [];
  for (const item of items) {
    const t = performance.now();
    const result = await engine.check(item.question);
    const mismatches = result.checks.flatMap((c) => c.mismatches);
    const gold = new Set(item.gold ?? []);
    out.push({
      id: item.id,
      split: item.split,
      claim: item.question,
      expected: item.verdict ?? "",
      got: result.verdict,
      expectedMismatch: item.mismatch ?? null,
      gotMismatches: mismatches,
      correct: result.verdict === item.verdict,
      mismatchCorrect: item.mismatch ? mismatches.includes(item.mismatch) : null,
      evidenceHit: gold.size ? result.evidence.some((c) => gold.has(c.id)) : null,
      ms: performance.now() - t,
    });
  }
  return out;
}

export function summarizeClaims(scores: ClaimScore[]): ClaimSummary {
  const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : null);
  const byVerdict: ClaimSummary["byVerdict"] = {};
  for (const [v, ss] of groupBy(scores, (s) => s.expected)) byVerdict[v] = { n: ss.length, accuracy: share(ss.map((s) => s.correct)) ?? 0 };
  return {
    n: scores.length,
    verdictAccuracy: share(scores.map((s) => s.correct)) ?? 0,
    mismatchAccuracy: share(scores.filter((s) => s.mismatchCorrect !== null).map((s) => s.mismatchCorrect!)),
    evidenceHit: share(scores.filter((s) => s.evidenceHit !== null).map((s) => s.evidenceHit!)),
    byVerdict,
    p50Ms: percentile(scores.map((s) => s.ms), 50),
  };
}

export interface EvalRun {
  at: string;
  model: string;
  config: Record<string, unknown>;
  overall: Record<string, Summary>;
  byType: Record<string, Record<string, Summary>>;
  retrieval: RetrievalComparison;
  claims: Record<string, ClaimSummary>;
  items: ItemScore[];
  claimItems: ClaimScore[];
}

export async function runQuestions(engine: Engine, items: EvalItem[]): Promise<ItemScore[]> {
  const scores: ItemScore[] = [];
  for (const item of items) {
    const t = performance.now();
    const answer = await engine.ask(item.question, { topK: 5 });
    scores.push(scoreItem({ item, answer, ms: performance.now() - t }));
  }
  return scores;
}

const pct = (x: number | null) => (x === null ? "  –  " : `${(x * 100).toFixed(1)}%`.padStart(6));

export function table(rows: [string, Summary][]): string {
  const head = "                 n   hit@1  hit@3  hit@5    MRR    acc  citP  refP  refR  falseRef  p50ms p95ms";
  const lines = rows.map(([name, s]) =>
    `${name.padEnd(14)} ${String(s.n).padStart(4)} ${pct(s.hit1)} ${pct(s.hit3)} ${pct(s.hit5)} ${s.mrr === null ? "  –  " : s.mrr.toFixed(3).padStart(6)} ${pct(s.accuracy)} ${pct(s.citationPrecision)} ${pct(s.refusalPrecision)} ${pct(s.refusalRecall)} ${pct(s.falseRefusalRate)}    ${s.p50Ms.toFixed(1).padStart(5)} ${s.p95Ms.toFixed(1).padStart(5)}`,
  );
  return [head, ...lines].join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const onlySplit = args.includes("--split") ? args[args.indexOf("--split") + 1] : null;
  const config = loadConfig();
  const engine = await openEngine(config, { log: (m) => console.error(m) });
  const all = loadAll().filter((i) => !onlySplit || i.split === onlySplit);
  const questions = all.filter((i) => i.type !== "claim");

  // Warm up once so the first question does not carry model start-up.
  await engine.ask("地区生产总值");
  const items = await runQuestions(engine, questions);

  const overall: Record<string, Summary> = {};
  const byType: Record<string, Record<string, Summary>> = {};
  for (const [split, scores] of groupBy(items, (s) => s.split)) {
    overall[split] = summarize(scores);
    byType[split] = Object.fromEntries([...groupBy(scores, (s) => s.type)].map(([t, ss]) => [t, summarize(ss)]));
  }
  overall.all = summarize(items);

  const claimItems = await runClaims(engine, all.filter((i) => i.type === "claim"));
  const claims: Record<string, ClaimSummary> = {};
  for (const [split, ss] of groupBy(claimItems, (s) => s.split)) claims[split] = summarizeClaims(ss);
  claims.all = summarizeClaims(claimItems);

  const modes: RetrievalMode[] = ["bm25", "dense", "hybrid"];
  const retrieval = await retrievalScores(engine, questions, modes, args.includes("--no-baselines") ? null : await vanillaLangChain(engine));

  const run: EvalRun = {
    at: new Date().toISOString(),
    model: engine.embeddings.spec.id,
    config: { chunkMaxChars: config.chunkMaxChars, denseWeight: config.denseWeight, rrfK: config.rrfK, minCoverage: config.minCoverage, efSearch: config.hnswEfSearch },
    overall,
    byType,
    retrieval,
    claims,
    items,
    claimItems,
  };

  console.log(`\nreport-qa evaluation · model ${run.model} · ${questions.length} questions\n`);
  console.log(table(Object.entries(overall)));
  for (const [split, types] of Object.entries(byType)) {
    console.log(`\n${split} by type`);
    console.log(table(Object.entries(types)));
  }
  console.log("\nretrieval (all answerable questions, paragraph-level hits)");
  console.log("                 hit@1  hit@3  hit@5    MRR");
  for (const [name, r] of Object.entries(retrieval)) console.log(`${name.padEnd(14)}  ${pct(r.hit1)} ${pct(r.hit3)} ${pct(r.hit5)} ${r.mrr.toFixed(3).padStart(6)}`);

  console.log("\nclaim checking (verdict accuracy; for contradicted claims, the right kind of mismatch named)");
  console.log("                 n  verdict  mismatch  evidence  supported  contradicted  partial  not_found");
  const v = (s: ClaimSummary, k: string) => (s.byVerdict[k] ? pct(s.byVerdict[k]!.accuracy) : "  –  ").padStart(9);
  for (const [name, c] of Object.entries(claims)) console.log(`${name.padEnd(14)} ${String(c.n).padStart(4)}  ${pct(c.verdictAccuracy)}   ${pct(c.mismatchAccuracy)}    ${pct(c.evidenceHit)}  ${v(c, "supported")}    ${v(c, "contradicted")}  ${v(c, "partially_supported")} ${v(c, "not_found")}`);

  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, "latest.json"), JSON.stringify(run, null, 2));
  writeFileSync(path.join(RESULTS, "report.html"), renderReport(run));
  console.log(`\nwrote ${path.relative(process.cwd(), path.join(RESULTS, "latest.json"))} and report.html`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
