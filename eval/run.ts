/**
 * `npm run eval`: runs the evaluation sets through the same engine as the API,
 * twice: "seed" (a temp corpus holding only the seed report, the seed's items)
 * and "all" (every report of corpus/, every item). Prints per split, per type
 * and per report: retrieval hit@k and MRR, answer accuracy, citation precision,
 * refusal precision/recall (and refusal reasons), latency, the wrong-report
 * counts and claim checking; compares the seed's items between the two runs;
 * writes eval/results/latest.json (every item) and eval/results/report.html.
 * Held-out items are printed only in aggregate.
 *
 * Options: --split tuning|heldout (default both), --run seed|all (default both),
 * --no-baselines (no LangChain baseline; it only ever runs in the seed run).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Engine } from "../src/engine.js";
import type { RetrievalMode } from "../src/retrieve/hybrid.js";
import { openEvalEngine, RUN_TITLES, RUNS, type RunName } from "./corpora.js";
import { goldResolver } from "./gold.js";
import {
  countWrongReport,
  groupBy,
  scoreClaim,
  scoreItem,
  summarize,
  summarizeClaims,
  summarizeReasons,
  summarizeConfidence,
  type ConfidenceSummary,
  type ClaimScore,
  type ClaimSummary,
  type ItemScore,
  type ReasonSummary,
  type Summary,
  type WrongReportCount,
} from "./metrics.js";
import { CHAT_TYPES, loadConversations, loadItems, SET_NAMES, SPLITS, type EvalItem, type SetName, type Split } from "./sets.js";
import { runConversations, summarizeConversations, type ConversationSummary, type TurnScore } from "./conversations.js";
import { vanillaLangChain } from "./baseline.js";
import { renderReport } from "./report.js";
import { retrievalScores, scoreRankings, type RetrievalComparison } from "./retrieval.js";
import { chatTable, claimTable, confidenceTable, conversationTable, reasonTable, reportTable, retrievalTable, seedComparisonLines, table, wrongReportLine, type ReportRow, type SeedComparisonRow } from "./tables.js";

export { countWrongReport, summarize, summarizeClaims, type ClaimScore, type ClaimSummary };

const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), "results");

/** Asks every question; gold paragraphs are resolved against the corpus this engine serves. */
/** `picked`: each question asked with its report chosen in the picker (docIds), as a delegate working on one report would. */
export async function runQuestions(engine: Engine, items: EvalItem[], options: { picked?: boolean } = {}): Promise<ItemScore[]> {
  const resolve = goldResolver(engine.corpus);
  const scores: ItemScore[] = [];
  for (const item of items) {
    const gold = resolve(item.goldLines);
    const t = performance.now();
    const picked = options.picked && item.docs.length > 0 && !item.docs.includes("*") ? { docIds: item.docs } : {};
    const answer = await engine.ask(item.question, { topK: 5, ...picked });
    scores.push(scoreItem({ item, answer, gold: gold.ids, goldUnresolved: gold.unresolved.length, ms: performance.now() - t }));
  }
  return scores;
}

export async function runClaims(engine: Engine, items: EvalItem[]): Promise<ClaimScore[]> {
  const resolve = goldResolver(engine.corpus);
  const out: ClaimScore[] = [];
  for (const item of items) {
    const gold = resolve(item.goldLines);
    const t = performance.now();
    const result = await engine.check(item.question);
    out.push(scoreClaim(item, result, gold.ids, gold.unresolved.length, performance.now() - t));
  }
  return out;
}

export interface EvalRun {
  run: RunName;
  title: string;
  at: string;
  /** Wall-clock seconds: opening the engine (index build included) and asking. */
  seconds: { open: number; questions: number; claims: number; retrieval: number; total: number };
  model: string;
  config: Record<string, unknown>;
  corpus: { reports: string[]; served: string[] };
  /** Per split, "all", and `set/split` when the run holds several sets. */
  overall: Record<string, Summary>;
  byType: Record<string, Record<string, Summary>>;
  byReport: Record<string, Record<string, ReportRow>>;
  wrongReport: Record<string, WrongReportCount>;
  reasons: Record<string, Record<string, ReasonSummary>>;
  retrieval: RetrievalComparison;
  claims: Record<string, ClaimSummary>;
  items: ItemScore[];
  claimItems: ClaimScore[];
  /** All-reports run only: the seed's questions asked with the seed picked in the report picker (docIds). */
  picked?: ItemScore[];
  /** Graded confidence, per split and `set/split`: answered right / wrong, related (gold passage or not), refused. */
  confidence: Record<string, ConfidenceSummary>;
  /** The chat set, per split and kind (summary / why / report-fact). */
  chat: Record<string, Record<string, ChatKindSummary>>;
  /** All-reports run only: the conversations, asked turn by turn with their history. */
  conversations?: { summary: Record<string, ConversationSummary>; turns: TurnScore[] };
}

export interface ChatKindSummary {
  n: number;
  /** Expected strings in an answer, or no answer for a why-question the report gives no reason for. */
  right: number;
  /** A gold paragraph among the first five citations (items with gold lines). */
  goldCited: number;
  withGold: number;
}

/** The chat set's items per kind, pure. */
export function summarizeChat(items: ItemScore[]): Record<string, ChatKindSummary> {
  const out: Record<string, ChatKindSummary> = {};
  for (const type of CHAT_TYPES) {
    const ss = items.filter((s) => s.set === "chat" && s.type === type);
    if (!ss.length) continue;
    const withGold = ss.filter((s) => s.gold.length > 0);
    out[type] = {
      n: ss.length,
      right: ss.filter((s) => s.correct ?? s.status === "answered").length,
      goldCited: withGold.filter((s) => s.goldRank !== null && s.goldRank <= 5).length,
      withGold: withGold.length,
    };
  }
  return out;
}

export interface EvalResults {
  at: string;
  runs: Partial<Record<RunName, EvalRun>>;
  /** Per split: the seed's items alone vs with all reports (when both runs ran). */
  seedComparison: Record<string, SeedComparisonRow> | null;
}

const byKey = <T, R>(xs: T[], key: (x: T) => string, f: (g: T[]) => R): Record<string, R> =>
  Object.fromEntries([...groupBy(xs, key)].map(([k, g]) => [k, f(g)]));

/** Reports in a stable order: doc ids alphabetically, then "*" and "none". */
const reportOrder = (a: string, b: string) => {
  const rank = (k: string) => (k === "*" ? 1 : k === "none" ? 2 : 0);
  return rank(a) - rank(b) || a.localeCompare(b);
};

/** Every aggregate of a run, pure: per split / set / type / report / reason. */
export function aggregate(items: ItemScore[], claimItems: ClaimScore[]) {
  const several = new Set([...items.map((s) => s.set), ...claimItems.map((s) => s.set)]).size > 1;
  const setKey = (s: { set: string; split: string }) => `${s.set}/${s.split}`;
  const overall: Record<string, Summary> = byKey(items, (s) => s.split, summarize);
  if (several) Object.assign(overall, byKey(items, setKey, summarize));
  overall.all = summarize(items);
  const claims: Record<string, ClaimSummary> = byKey(claimItems, (s) => s.split, summarizeClaims);
  if (several) Object.assign(claims, byKey(claimItems, setKey, summarizeClaims));
  claims.all = summarizeClaims(claimItems);
  const typeKey = (s: ItemScore) => (several ? `${s.set}·${s.type}` : s.type);
  const byType = byKey(items, (s) => s.split, (ss) => byKey(ss, typeKey, summarize));
  const splits = [...new Set([...items.map((s) => s.split), ...claimItems.map((s) => s.split)])];
  const byReport: Record<string, Record<string, ReportRow>> = {};
  const wrongReport: Record<string, WrongReportCount> = {};
  for (const split of splits) {
    const qs = items.filter((s) => s.split === split);
    const cs = claimItems.filter((s) => s.split === split);
    const reports = [...new Set([...qs.map((s) => s.report), ...cs.map((s) => s.report)])].sort(reportOrder);
    byReport[split] = Object.fromEntries(
      reports.map((r) => {
        const q = qs.filter((s) => s.report === r);
        const c = cs.filter((s) => s.report === r);
        return [r, { questions: q.length ? summarize(q) : null, claims: c.length ? summarizeClaims(c) : null }];
      }),
    );
    wrongReport[split] = countWrongReport(qs, cs);
  }
  if (several) {
    for (const set of SET_NAMES) {
      for (const split of splits) {
        const qs = items.filter((s) => s.set === set && s.split === split);
        const cs = claimItems.filter((s) => s.set === set && s.split === split);
        if (qs.length + cs.length) wrongReport[`${set}/${split}`] = countWrongReport(qs, cs);
      }
    }
  }
  wrongReport.all = countWrongReport(items, claimItems);
  const reasons = byKey(items, (s) => s.split, summarizeReasons);
  const confidence: Record<string, ConfidenceSummary> = byKey(items, (s) => s.split, summarizeConfidence);
  if (several) Object.assign(confidence, byKey(items, setKey, summarizeConfidence));
  const chat = byKey(items.filter((s) => s.set === "chat"), (s) => s.split, summarizeChat);
  return { overall, byType, byReport, wrongReport, reasons, claims, confidence, chat };
}

/** The seed's items in both runs, per split: accuracy and hit@5 alone vs with all reports. */
export function compareSeed(alone: EvalRun, withAll: EvalRun): Record<string, SeedComparisonRow> {
  const seed = (run: EvalRun) => run.items.filter((s) => s.set === "seed");
  const a = groupBy(seed(alone), (s) => s.split);
  const b = groupBy(seed(withAll), (s) => s.split);
  const p = groupBy(withAll.picked ?? [], (s) => s.split);
  const out: Record<string, SeedComparisonRow> = {};
  for (const [split, ss] of a) {
    const other = b.get(split);
    if (!other) continue;
    const sa = summarize(ss), sb = summarize(other);
    const pk = p.get(split);
    const sp = pk ? summarize(pk) : null;
    out[split] = {
      n: ss.length,
      alone: { accuracy: sa.accuracy, hit5: sa.hit5 },
      withAll: { accuracy: sb.accuracy, hit5: sb.hit5 },
      picked: sp ? { accuracy: sp.accuracy, hit5: sp.hit5 } : null,
      several: other.filter((s) => s.several).length,
    };
  }
  return out;
}

export interface RunOptions {
  splits?: readonly Split[];
  baselines?: boolean;
  log?: (msg: string) => void;
}

const secondsSince = (t: number) => Math.round((performance.now() - t) / 100) / 10;

/** One run end to end: temp corpus and index, every item, every aggregate. */
export async function evaluate(run: RunName, options: RunOptions = {}): Promise<EvalRun> {
  const sets: SetName[] = run === "seed" ? ["seed"] : [...SET_NAMES];
  const all = loadItems({ sets, splits: options.splits ?? SPLITS });
  const questions = all.filter((i) => i.type !== "claim");
  const t0 = performance.now();
  const opened = await openEvalEngine(run, { log: options.log });
  try {
    const { engine, config } = opened;
    const open = secondsSince(t0);
    // Warm up once so the first question does not carry model start-up.
    await engine.ask("地区生产总值");
    let t = performance.now();
    const items = await runQuestions(engine, questions);
    const questionSeconds = secondsSince(t);
    t = performance.now();
    const claimItems = await runClaims(engine, all.filter((i) => i.type === "claim"));
    const claimSeconds = secondsSince(t);
    // With every report loaded, the seed's questions once more as a delegate with the seed picked would ask them.
    const picked = run === "all" ? await runQuestions(engine, questions.filter((i) => i.set === "seed"), { picked: true }) : undefined;
    // The conversations span every report: asked in the all-reports run, turn by turn.
    const turns = run === "all" ? await runConversations(engine, loadConversations(options.splits ?? SPLITS)) : null;

    t = performance.now();
    // Retrieval is measured on the questions with gold lines; gold that does not resolve counts as a miss.
    const withGold = items.filter((s) => s.gold.length > 0 || s.goldUnresolved > 0);
    const modes: RetrievalMode[] = ["bm25", "dense", "hybrid"];
    const vanilla = run === "seed" && options.baselines !== false ? await vanillaLangChain(engine) : null;
    const retrieval = await retrievalScores(engine, withGold.map((s) => ({ question: s.question, gold: s.gold })), modes, vanilla);
    // The full answer path re-ranks with the question analysis (scope, notes): its citations, from the run above.
    retrieval["answer-path"] = scoreRankings(withGold.map((s) => s.gold), withGold.map((s) => s.citations.map((id) => [id])));

    return {
      run,
      title: RUN_TITLES[run],
      at: new Date().toISOString(),
      seconds: { open, questions: questionSeconds, claims: claimSeconds, retrieval: secondsSince(t), total: secondsSince(t0) },
      model: engine.embeddings.spec.id,
      config: { chunkMaxChars: config.chunkMaxChars, denseWeight: config.denseWeight, rrfK: config.rrfK, minCoverage: config.minCoverage, relatedMinScore: config.relatedMinScore, relatedWeights: config.relatedWeights, efSearch: config.hnswEfSearch },
      corpus: { reports: opened.docIds, served: engine.corpus.documents.map((d) => d.id) },
      ...aggregate(items, claimItems),
      retrieval,
      items,
      claimItems,
      ...(picked ? { picked } : {}),
      ...(turns ? { conversations: { summary: byKey(turns, (t) => t.split, summarizeConversations), turns } } : {}),
    };
  } finally {
    opened.dispose();
  }
}

export function printRun(r: EvalRun): void {
  const missing = r.corpus.reports.filter((d) => !r.corpus.served.includes(d));
  console.log(`\n${"═".repeat(100)}\nrun "${r.title}" · model ${r.model} · ${r.items.length} questions + ${r.claimItems.length} claims · ${r.seconds.total} s (engine ${r.seconds.open} s, questions ${r.seconds.questions} s, claims ${r.seconds.claims} s, retrieval ${r.seconds.retrieval} s)`);
  console.log(`reports: ${r.corpus.served.length} of ${r.corpus.reports.length} served${missing.length ? ` (not served: ${missing.join(", ")})` : ""}`);
  const unresolved = r.overall.all!.goldUnresolved + r.claimItems.filter((s) => s.goldUnresolved > 0).length;
  if (unresolved) console.log(`gold lines not resolved to a paragraph for ${unresolved} items: they count as retrieval misses`);
  console.log(`\n${wrongReportLine(r.wrongReport)}\n`);
  console.log(table(Object.entries(r.overall)));
  for (const [split, types] of Object.entries(r.byType)) console.log(`\n${split} by type\n${table(Object.entries(types))}`);
  for (const [split, reports] of Object.entries(r.byReport)) console.log(`\n${split} by report (docs[0]; * = all reports, none = a place with no report)\n${reportTable(Object.entries(reports))}`);
  const reasons = Object.entries(r.reasons).filter(([, rs]) => Object.keys(rs).length > 0);
  if (reasons.length) console.log(`\nunanswerable items by reason (refused at all; refused with the same reason)\n${reasonTable(reasons)}`);
  console.log(`\nretrieval (questions with gold lines, paragraph-level hits)\n${retrievalTable(r.retrieval)}`);
  console.log(`\nclaim checking (verdict accuracy; for contradicted claims, the right kind of mismatch named)\n${claimTable(Object.entries(r.claims))}`);
  console.log(`\ngraded confidence (related: the report's most relevant passage, counted as helpful only when it is a gold paragraph; RELATED_MIN_SCORE ${r.config.relatedMinScore})\n${confidenceTable(Object.entries(r.confidence))}`);
  if (Object.keys(r.chat).length) console.log(`\nchat questions by kind (right: expected strings answered, or no answer where the report gives no reason; gold cited in the first five)\n${chatTable(Object.entries(r.chat))}`);
  if (r.conversations) console.log(`\nconversations, asked turn by turn with history (follow-ups right: answer right and interpretedAs holding the listed strings)\n${conversationTable(Object.entries(r.conversations.summary))}`);
  console.log(`\n${wrongReportLine(r.wrongReport)}`);
}

function parseArgs(args: string[]) {
  const value = (name: string, allowed: readonly string[]) => {
    if (!args.includes(name)) return null;
    const v = args[args.indexOf(name) + 1];
    if (!v || !allowed.includes(v)) throw new Error(`${name} takes one of ${allowed.join(", ")}`);
    return v;
  };
  const split = value("--split", SPLITS) as Split | null;
  const run = value("--run", RUNS) as RunName | null;
  return { splits: split ? [split] : [...SPLITS], runs: run ? [run] : [...RUNS], baselines: !args.includes("--no-baselines") };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const results: EvalResults = { at: new Date().toISOString(), runs: {}, seedComparison: null };
  for (const run of args.runs) {
    const r = await evaluate(run, { splits: args.splits, baselines: args.baselines, log: (m) => console.error(m) });
    results.runs[run] = r;
    printRun(r);
  }
  if (results.runs.seed && results.runs.all) {
    results.seedComparison = compareSeed(results.runs.seed, results.runs.all);
    console.log(`\n${"═".repeat(100)}\n${seedComparisonLines(results.seedComparison)}`);
  }
  for (const r of Object.values(results.runs)) console.log(`${r.title.padEnd(12)} ${wrongReportLine(r.wrongReport).split("\n")[0]!.replace(">>> ", "")}`);

  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, "latest.json"), JSON.stringify(results, null, 2));
  writeFileSync(path.join(RESULTS, "report.html"), renderReport(results));
  console.log(`\nwrote ${path.relative(process.cwd(), path.join(RESULTS, "latest.json"))} and report.html`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
