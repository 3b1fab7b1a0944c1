/**
 * `npx tsx eval/tools/confidence.ts`: fits the graded-confidence rule on the
 * TUNING split only and prints the trade-off it buys.
 *
 * Every tuning question is asked with RELATED_MIN_SCORE forced to 0, so each
 * question the engine would refuse for want of coverage (or of the asked figure)
 * comes back "related" with the signals of its best passage. A passage is a
 * success when the question is answerable and the passage is a gold paragraph;
 * any other (an unanswerable question, a passage that is not gold) is a failure.
 * A small L2-regularised logistic model is fitted to those labels over the
 * features of src/answer/confidence.ts; then, per threshold of its score, the
 * table shows what becomes of answerable questions (related with a gold passage,
 * related with another, still refused) and of unanswerable ones. Answered
 * questions are unchanged by construction: the rule only ever replaces a refusal.
 *
 * The weights and threshold printed at the end go into src/config.ts
 * (RELATED_WEIGHTS, RELATED_MIN_SCORE). The held-out split is never read here.
 */
import { openEvalEngine, type RunName } from "../corpora.js";
import { runQuestions } from "../run.js";
import { loadItems, type SetName } from "../sets.js";
import { FEATURE_NAMES, confidenceScore, type ConfidenceFeatures } from "../../src/answer/confidence.js";

interface Row {
  run: RunName;
  features: ConfidenceFeatures;
  /** Answerable and the passage is gold. */
  good: boolean;
  answerable: boolean;
}

async function collect(run: RunName, sets: SetName[]): Promise<{ rows: Row[]; refusedAnswerable: number; unanswerable: number; wrong: number; answerable: number }> {
  const opened = await openEvalEngine(run, { overrides: { relatedMinScore: 0 }, log: (m) => console.error(m) });
  try {
    const items = loadItems({ sets, splits: ["tuning"] }).filter((i) => i.type !== "claim");
    const scores = await runQuestions(opened.engine, items);
    const rows: Row[] = [];
    for (const s of scores) {
      if (s.status === "related" && s.confidenceFeatures) rows.push({ run, features: s.confidenceFeatures as ConfidenceFeatures, good: s.shouldAnswer && s.relatedGold === true, answerable: s.shouldAnswer });
    }
    const answerable = scores.filter((s) => s.shouldAnswer);
    return {
      rows,
      answerable: answerable.length,
      refusedAnswerable: answerable.filter((s) => s.status !== "answered").length,
      wrong: answerable.filter((s) => s.status === "answered" && s.correct === false).length,
      unanswerable: scores.filter((s) => !s.shouldAnswer).length,
    };
  } finally {
    opened.dispose();
  }
}

/** L2-regularised logistic regression by gradient descent; weights[0] is the bias. */
export function fitLogistic(xs: number[][], ys: boolean[], lambda = LAMBDA, steps = 20000, rate = 0.5): number[] {
  const d = xs[0]!.length;
  const w = new Array(d + 1).fill(0) as number[];
  for (let step = 0; step < steps; step++) {
    const grad = new Array(d + 1).fill(0) as number[];
    xs.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-(w[0]! + x.reduce((s, v, j) => s + v * w[j + 1]!, 0))));
      const e = p - (ys[i] ? 1 : 0);
      grad[0]! += e;
      x.forEach((v, j) => (grad[j + 1]! += e * v));
    });
    for (let j = 0; j <= d; j++) w[j]! -= rate * (grad[j]! / xs.length + (j > 0 ? lambda * w[j]! : 0));
  }
  return w;
}

const round = (x: number) => Math.round(x * 100) / 100;
/** L2 strength: 0.05 shrank the unit and BM25 signals to near nothing; 0.001 gave a bias-heavy fit no better on these rows. */
const LAMBDA = 0.01;
/**
 * The rule for the threshold: the lowest at which a related passage shown is
 * more often than not a gold paragraph (pooled over both runs of the tuning
 * split). A passage that is not gold costs little more than a refusal, which
 * shows the nearest passages too; a gold one turns a refusal into help.
 */
const MIN_PRECISION = 0.5;

async function main() {
  const seed = await collect("seed", ["seed"]);
  const all = await collect("all", ["seed", "provinces", "chat"]);
  const rows = [...seed.rows, ...all.rows];
  const xs = rows.map((r) => FEATURE_NAMES.map((f) => r.features[f]));
  const ys = rows.map((r) => r.good);
  console.log(`tuning split: ${rows.length} would-be refusals with a passage (${ys.filter(Boolean).length} answerable with a gold passage), seed run ${seed.rows.length}, all-reports run ${all.rows.length}`);
  for (const [name, c] of [["seed alone", seed], ["all reports", all]] as const) {
    console.log(`  ${name}: answerable ${c.answerable}, refused now ${c.refusedAnswerable}, answered wrong ${c.wrong}; unanswerable ${c.unanswerable}`);
  }
  const weights = fitLogistic(xs, ys).map((w) => Math.round(w * 100) / 100);
  console.log(`\nfitted weights (bias, ${FEATURE_NAMES.join(", ")}):\n  ${weights.join(", ")}`);

  // The trade-off per threshold, for the fitted score and, for comparison, single signals.
  const scorers: [string, (f: ConfidenceFeatures) => number][] = [
    ["logistic", (f) => confidenceScore(f, weights)],
    ["coverage alone", (f) => f.coverage],
    ["fused alone", (f) => f.fused],
  ];
  const lines: string[] = [];
  const grid = (fine: boolean) => Array.from({ length: fine ? 91 : 19 }, (_, i) => round(fine ? 0.05 + i * 0.01 : 0.05 + i * 0.05));
  let chosen: number | null = null;
  for (const [name, score] of scorers) {
    const fine = name === "logistic";
    lines.push(`\n${name}: threshold → seed alone [related·gold related·other unanswerable·related refused+other / ${seed.refusedAnswerable}] · all reports [same / ${all.refusedAnswerable}] · precision`);
    for (const t of grid(fine)) {
      const cell = (run: RunName, refused: number) => {
        const rs = rows.filter((r) => r.run === run && score(r.features) >= t);
        const good = rs.filter((r) => r.good).length;
        const other = rs.filter((r) => r.answerable && !r.good).length;
        const un = rs.filter((r) => !r.answerable).length;
        return { text: `${String(good).padStart(3)} ${String(other).padStart(3)} ${String(un).padStart(3)} ${String(refused - good).padStart(4)}`, good, n: rs.length };
      };
      const a = cell("seed", seed.refusedAnswerable), b = cell("all", all.refusedAnswerable);
      const precision = a.n + b.n ? (a.good + b.good) / (a.n + b.n) : 1;
      if (fine && chosen === null && a.n + b.n > 0 && precision >= MIN_PRECISION) chosen = t;
      if (!fine || Math.abs(t * 20 - Math.round(t * 20)) < 1e-9 || (t >= 0.2 && t <= 0.45)) {
        lines.push(`  ${t.toFixed(2)}   ${a.text}   ·   ${b.text}   ·  ${(precision * 100).toFixed(0)}%${fine && t === chosen ? "   ← chosen" : ""}`);
      }
    }
  }
  lines.push(`\nchosen (lowest threshold with precision ≥ ${MIN_PRECISION * 100}%): RELATED_MIN_SCORE=${chosen ?? "none"} RELATED_WEIGHTS=${weights.join(",")}`);
  console.log(lines.join("\n"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
