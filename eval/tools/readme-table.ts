/** Prints the README's evaluation tables (Markdown) from eval/results/latest.json: the seed run (or `--run all`). */
import { readFileSync } from "node:fs";
import type { EvalResults } from "../run.js";

const results = JSON.parse(readFileSync(new URL("../results/latest.json", import.meta.url), "utf8")) as EvalResults;
const which = process.argv.includes("--run") ? process.argv[process.argv.indexOf("--run") + 1] : "seed";
const run = which === "all" ? results.runs.all : results.runs.seed;
if (!run) throw new Error(`eval/results/latest.json holds no "${which}" run: run npm run eval first`);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(1)}%`);

console.log(`Model \`${run.model}\`, ${run.at.slice(0, 10)}.\n`);
console.log("| split | questions | hit@1 | hit@3 | hit@5 | MRR | answer accuracy | citation precision | refusal precision | refusal recall | false refusals | p50 / p95 ms |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const [k, s] of Object.entries(run.overall)) {
  console.log(`| ${k} | ${s.n} | ${pct(s.hit1)} | ${pct(s.hit3)} | ${pct(s.hit5)} | ${s.mrr?.toFixed(3)} | ${pct(s.accuracy)} | ${pct(s.citationPrecision)} | ${pct(s.refusalPrecision)} | ${pct(s.refusalRecall)} | ${pct(s.falseRefusalRate)} | ${s.p50Ms.toFixed(1)} / ${s.p95Ms.toFixed(1)} |`);
}
console.log("\nAnswer accuracy by type (tuning / held-out; unanswerable: refusal recall):\n");
const types = Object.keys(run.byType.tuning ?? {});
console.log(`| | ${types.join(" | ")} |`);
console.log(`|---|${types.map(() => "---").join("|")}|`);
for (const split of Object.keys(run.byType)) {
  console.log(`| ${split} | ${types.map((t) => { const s = run.byType[split]![t]; return s ? pct(t === "unanswerable" ? s.refusalRecall : s.accuracy) : "–"; }).join(" | ")} |`);
}
console.log("\nRetrieval, all answerable questions (paragraph hits):\n");
console.log("| retriever | hit@1 | hit@3 | hit@5 | MRR |");
console.log("|---|---|---|---|---|");
for (const [k, r] of Object.entries(run.retrieval)) console.log(`| ${k} | ${pct(r.hit1)} | ${pct(r.hit3)} | ${pct(r.hit5)} | ${r.mrr.toFixed(3)} |`);
console.log("\nClaim checking:\n");
console.log("| split | claims | verdict accuracy | right mismatch named | evidence cites gold |");
console.log("|---|---|---|---|---|");
for (const [k, c] of Object.entries(run.claims)) console.log(`| ${k} | ${c.n} | ${pct(c.verdictAccuracy)} | ${pct(c.mismatchAccuracy)} | ${pct(c.evidenceHit)} |`);
