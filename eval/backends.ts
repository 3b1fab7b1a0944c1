/**
 * `npm run eval:backends`: the same reports served by the embedded index and
 * by Postgres (DATABASE_URL, or a PGlite with pgvector this script starts on a
 * free port of 127.0.0.1, over the network path through `pg`), every eval
 * question asked of both; prints how many answers are identical — status,
 * answer text and cited passages — per split. Held-out items are compared for
 * equality only, never printed.
 *
 * Options: --reports all|seed (default all), --split tuning|heldout (default both).
 */
import { loadConfig } from "../src/config.js";
import { openEngine, type Engine } from "../src/engine.js";
import { startLocalPostgres } from "../src/index/postgres/local.js";
import type { Answer } from "../src/types.js";
import { tempCorpus } from "./corpora.js";
import { loadItems, SEED_DOC, SPLITS, type Split } from "./sets.js";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const reports = value("--reports") ?? "all";
const splitArg = value("--split");
if (!["all", "seed"].includes(reports) || (splitArg && !SPLITS.includes(splitArg as Split))) {
  console.error("usage: npm run eval:backends -- [--reports all|seed] [--split tuning|heldout]");
  process.exit(2);
}
const splits = splitArg ? [splitArg as Split] : [...SPLITS];

const corpus = tempCorpus(reports === "seed" ? [SEED_DOC] : "all");
const local = process.env.DATABASE_URL ? null : await startLocalPostgres();
const databaseUrl = process.env.DATABASE_URL || local!.url;
const base = { corpusDir: corpus.dir, embedModel: "builtin-zh-lex", allowRemoteModels: false };
const log = (m: string) => console.error(`  ${m}`);

const open = async (name: string, overrides: object) => {
  const started = Date.now();
  console.error(`${name}: indexing and loading ${corpus.docIds.length} report(s)…`);
  const engine = await openEngine(loadConfig({ ...base, ...overrides }), { log });
  console.error(`${name}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return engine;
};

/** What must be the same: how it answers, what it says, which passages it cites where. */
const signature = (a: Answer) => JSON.stringify({ status: a.status, answer: a.answer, citations: a.citations.map((c) => [c.id, c.start, c.end, c.role]) });

try {
  const embedded = await open("embedded", { databaseUrl: "", indexDir: mkdtempSync(path.join(os.tmpdir(), "report-qa-backends-")) });
  const postgres = await open("postgres", { databaseUrl });
  for (const split of splits) {
    const items = loadItems({ splits: [split] }).filter((i) => reports === "all" || i.docs.includes(SEED_DOC));
    let same = 0;
    const differ: string[] = [];
    const ms = { embedded: [] as number[], postgres: [] as number[] };
    for (const item of items) {
      const ask = async (engine: Engine, name: keyof typeof ms) => {
        const t = performance.now();
        const a = await engine.ask(item.question, { topK: 5 });
        ms[name].push(performance.now() - t);
        return a;
      };
      const [a, b] = [await ask(embedded, "embedded"), await ask(postgres, "postgres")];
      if (signature(a) === signature(b)) same++;
      else differ.push(split === "tuning" ? `  ${item.id} ${item.question}\n    embedded: ${a.answer.slice(0, 80)}\n    postgres: ${b.answer.slice(0, 80)}` : `  ${item.id}`);
    }
    const p50 = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]?.toFixed(1);
    console.log(`${split}: ${same} / ${items.length} answers identical (embedded p50 ${p50(ms.embedded)} ms, postgres p50 ${p50(ms.postgres)} ms)`);
    if (differ.length) console.log(differ.join("\n"));
  }
} finally {
  await local?.stop();
}
