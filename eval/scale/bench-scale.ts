/**
 * `npm run bench:scale`: the index at national size. For each corpus size
 * (default 100 and 1,000 synthetic reports, eval/scale/synth.ts) and each
 * backend (embedded files always; Postgres when DATABASE_URL is set or with
 * --postgres), it measures
 *
 *  - the full build (the build-index CLI with CORPUS_DIR/INDEX_DIR),
 *  - the index's size on disk,
 *  - the server (`src/cli/start.ts`): start-up on the built index, RSS after
 *    warm-up, and latency at 20 connections (autocannon on 127.0.0.1),
 *  - adding one report (the add-report CLI, then the next start: which of the
 *    two updated the index is printed),
 *  - in process (openEngine): question latency p50/p95, naming a synthetic
 *    place or none, and HNSW recall@10 against exact search.
 *
 * It drives the CLIs through their environment variables (a black box) so it
 * keeps working while the index internals change; only the in-process part
 * and recall read the engine. Results: a markdown table on stdout and
 * eval/results/scale.json (merged by size and backend).
 *
 * Options: --sizes 100,1000   --postgres   --seed N (1)   --duration S (10, per load round)
 *          --connections C (20)   --queries N (100 per kind)   --keep (keep the temp folders)
 *          --breakdown (where a full build's time goes, in process, per size)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, cpSync, createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { loadConfig } from "../../src/config.js";
import { loadDocuments } from "../../src/corpus/load.js";
import { openEngine, type Engine } from "../../src/engine.js";
import { loadJiebaIdf } from "../../src/embed/builtin/sources.js";
import { percentile } from "../metrics.js";
import { seededRandom, synthesize, syntheticId, writeSyntheticCorpus, type SyntheticReport } from "./synth.js";
import type { EmbeddedIndex } from "../../src/index/embedded.js";
import type { ChunkScore } from "../../src/index/backend.js";
import { buildBreakdown, type BreakdownStep } from "./build-breakdown.js";

const ROOT = loadConfig().root;
const args = process.argv.slice(2);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const num = (name: string, fallback: number) => {
  const raw = value(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} wants a positive number, got "${raw}"`);
  return n;
};
const sizes = (value("--sizes") ?? "100,1000").split(",").map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1) throw new Error(`--sizes: "${s}" is not a whole number ≥ 1`);
  return n;
});
const seed = num("--seed", 1);
const duration = num("--duration", 10);
const connections = num("--connections", 20);
const queriesPerKind = num("--queries", 100);
const keep = args.includes("--keep");
const breakdown = args.includes("--breakdown");
const wantPostgres = args.includes("--postgres") || !!process.env.DATABASE_URL;

// The built-in model unless told otherwise: no 3-second wait for a hub this machine cannot reach.
process.env.EMBED_MODEL ||= "builtin-zh-lex";
process.env.ALLOW_REMOTE_MODELS ||= "false";

export const TARGETS = {
  buildSecondsAt1000: 600,
  addSeconds: 5,
  p95Ms: { embedded: 30, postgres: 60 },
  rssMb: { embedded: 2048 },
  recallAt10: 0.98,
};

type Backend = "embedded" | "postgres";

interface Latency {
  n: number;
  p50: number;
  p95: number;
}

export interface BackendResult {
  size: number;
  backend: Backend;
  status: "ok" | "skipped" | "failed";
  note?: string;
  /** How it was measured, so results of different runs merged in scale.json stay comparable. */
  options?: { seed: number; loadSeconds: number; connections: number; questionsPerKind: number; date: string };
  model?: string;
  chunks?: number;
  buildSeconds?: number;
  indexBytes?: number;
  startupSeconds?: number;
  rssMb?: { afterWarmup: number; afterLoad: number };
  http?: { connections: number; seconds: number; requestsPerSecond: number; p50: number; p95: number; p99: number; errors: number; non2xx: number };
  add?: { addReportSeconds: number; indexChangedByAddReport: boolean | null; nextStartSeconds: number; totalSeconds: number; mechanism: string; served: boolean };
  inProcess?: { named: Latency; unnamed: Latency; all: Latency; stages: Record<string, { p50: number; p95: number }> };
  recall?: { queries: number; k: number; global: number; globalStrict: number; perReport: number; perReportStrict: number; reportsSampled: number } | { unavailable: string };
  breakdown?: BreakdownStep[];
}

// ---------------------------------------------------------------------------------------------
// Processes

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

const rssMb = (pid: number) => {
  const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
  return m ? Number(m[1]) / 1024 : NaN;
};

const tail = (file: string, lines = 8) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").slice(-lines).join("\n") : "");

/** Runs a CLI of this project (node --import tsx FILE) to its end; resolves with its wall time and output. */
function runCli(script: string, cliArgs: string[], env: NodeJS.ProcessEnv, log: string): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", script, ...cliArgs], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    const out = createWriteStream(log, { flags: "a" });
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      out.write(d);
    });
    child.stderr.pipe(out);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      out.end();
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, stdout });
      else reject(new Error(`${script} ${cliArgs.join(" ")} stopped (${signal ?? `exit code ${code}`}); its last lines (${log}):\n${tail(log)}`));
    });
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  seconds: number;
  stop: () => Promise<void>;
}

/** Starts the real server on a free loopback port; resolves once /api/ready answers 200. */
async function startServer(env: NodeJS.ProcessEnv, log: string, maxSeconds = 7200): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const out = createWriteStream(log, { flags: "a" });
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
    cwd: ROOT,
    // One process without caches: what one server holds and how fast the index answers (each worker of a cluster holds the same).
    env: { ...env, PORT: String(port), HOST: "127.0.0.1", RATE_LIMIT_PER_MINUTE: "100000000", WORKERS: "1", ANSWER_CACHE_ENTRIES: "0", EMBED_CACHE_ENTRIES: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  let exited: string | null = null;
  child.on("exit", (code, signal) => (exited = signal ?? `exit code ${code}`));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
    });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    // A SIGTERM this bench did not send: someone else stopped the server (a rerun is the remedy).
    if (exited) throw new Error(`the server stopped before it was ready (${exited}${tail(log, 1).includes("SIGTERM") ? ", after a SIGTERM from outside this bench" : ""}); its last lines (${log}):\n${tail(log)}`);
    if (await fetch(`${url}/api/ready`).then((r) => r.ok).catch(() => false)) break;
    if ((performance.now() - started) / 1000 > maxSeconds) {
      await stop();
      throw new Error(`the server was not ready within ${maxSeconds} s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url, seconds: (performance.now() - started) / 1000, stop };
}

/** Bytes of every file under a folder. */
function duBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += duBytes(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** Every file under a folder with its size and mtime: whether a command changed the index. */
function snapshot(dir: string): string {
  if (!existsSync(dir)) return "";
  const rows: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) rows.push(`${path.relative(dir, full)} ${statSync(full).size} ${statSync(full).mtimeMs}`);
    }
  };
  walk(dir);
  return rows.sort().join("\n");
}

// ---------------------------------------------------------------------------------------------
// Questions

/** What a delegate asks any report about: generic topics of government work reports, not eval questions. */
const TOPICS = [
  "地区生产总值", "一般公共预算收入", "固定资产投资", "社会消费品零售总额", "城镇新增就业", "居民人均可支配收入", "粮食产量", "规模以上工业增加值",
  "进出口总额", "研发经费投入", "城镇调查失业率", "居民消费价格", "单位地区生产总值能耗", "空气质量优良天数比例", "高新技术企业", "新建改建农村公路",
  "保障性住房", "养老服务", "义务教育", "医疗卫生", "营商环境", "招商引资", "乡村振兴", "生态环境保护",
];

interface Questions {
  named: { question: string; docId: string }[];
  unnamed: string[];
}

/** Seeded questions: half name a synthetic place (with or without a year), half name none. */
function makeQuestions(reports: SyntheticReport[], n: number, seedValue: number): Questions {
  const rand = seededRandom(seedValue * 7919 + reports.length);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const named = Array.from({ length: n }, () => {
    const r = pick(reports);
    const topic = pick(TOPICS);
    const forms = [`${r.place.short}${r.reportYear - 1}年${topic}是多少？`, `${r.place.name}${r.reportYear}年${topic}目标是什么？`, `${r.place.short}${topic}情况怎么样？`];
    return { question: pick(forms), docId: r.id };
  });
  const unnamed = Array.from({ length: n }, () => {
    const topic = pick(TOPICS);
    return pick([`${topic}增长了多少？`, `${topic}有什么安排？`, `今年${topic}的目标是多少？`]);
  });
  return { named, unnamed };
}

// ---------------------------------------------------------------------------------------------
// Measurements

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const latency = (xs: number[]): Latency => ({ n: xs.length, p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)) });

async function httpLoad(url: string, questions: Questions, pid: number) {
  const bodies = [...questions.named.map((q) => q.question), ...questions.unnamed];
  // Warm-up: every question once, one at a time, so caches and lazy paths are filled before RSS is read.
  for (const q of bodies.slice(0, 60)) await fetch(`${url}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: q }) }).then((r) => r.text());
  const afterWarmup = rssMb(pid);
  const requests = bodies.map((q) => ({ method: "POST" as const, path: "/api/ask", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: q }) }));
  // autocannon reports p50/p90/p97.5/p99 only; p95 comes from every response time.
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration, requests }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  return {
    rss: { afterWarmup: round(afterWarmup, 0), afterLoad: round(rssMb(pid), 0) },
    http: {
      connections,
      seconds: duration,
      requestsPerSecond: round(result.requests.average, 1),
      p50: round(percentile(times, 50), 1),
      p95: round(percentile(times, 95), 1),
      p99: round(percentile(times, 99), 1),
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    },
  };
}

async function inProcess(engine: Engine, questions: Questions): Promise<NonNullable<BackendResult["inProcess"]>> {
  for (const q of [...questions.named.slice(0, 5).map((x) => x.question), ...questions.unnamed.slice(0, 5)]) await engine.ask(q);
  const named: number[] = [];
  const unnamed: number[] = [];
  const stages: Record<string, number[]> = { embedMs: [], denseMs: [], bm25Ms: [], answerMs: [] };
  const time = async (q: string, into: number[]) => {
    const started = performance.now();
    const answer = await engine.ask(q);
    into.push(performance.now() - started);
    for (const k of Object.keys(stages)) stages[k]!.push((answer.timings as unknown as Record<string, number>)[k] ?? 0);
  };
  for (const q of questions.named) await time(q.question, named);
  for (const q of questions.unnamed) await time(q, unnamed);
  return {
    named: latency(named),
    unnamed: latency(unnamed),
    all: latency([...named, ...unnamed]),
    stages: Object.fromEntries(Object.entries(stages).map(([k, xs]) => [k, { p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)) }])),
  };
}

/**
 * HNSW recall@10 against exact search, over the questions' vectors, for the
 * search over all reports (a question naming no place walks the graph). A
 * search within a few reports (a named place) scans their chunks exactly, so
 * its recall is 1 by construction. Near-duplicate chunks tie (synthetic copies
 * of one source differ in a few words): a hit scoring at least the exact 10th
 * best counts; the strict figure counts identical chunks only.
 */
async function recall(engine: Engine, questions: Questions, k = 10): Promise<NonNullable<BackendResult["recall"]>> {
  const backend = engine.backend as Partial<EmbeddedIndex>;
  if (typeof backend.exactSearch !== "function") return { unavailable: "exact search over all chunks is measured on the embedded index (Postgres: test/index-contract.test.ts)" };
  const score = (hnsw: ChunkScore[], exact: ChunkScore[]) => {
    const ids = new Set(exact.map((h) => h.id));
    const floor = (exact[exact.length - 1]?.score ?? Infinity) - 1e-6;
    const denominator = Math.max(1, exact.length);
    return { strict: hnsw.filter((h) => ids.has(h.id)).length / denominator, tied: Math.min(exact.length, hnsw.filter((h) => ids.has(h.id) || h.score >= floor).length) / denominator };
  };
  const all = [...questions.named.map((q) => q.question), ...questions.unnamed];
  const global: { strict: number; tied: number }[] = [];
  for (const q of all) {
    const v = await engine.embeddings.embedQuery(q);
    global.push(score(await engine.backend.denseSearch(v, k), backend.exactSearch!(v, k)));
  }
  const mean = (xs: number[]) => round(xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length), 4);
  return {
    queries: all.length,
    k,
    global: mean(global.map((g) => g.tied)),
    globalStrict: mean(global.map((g) => g.strict)),
    perReport: 1,
    perReportStrict: 1,
    reportsSampled: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// One size, one backend

function postgresSupport(): string | null {
  const configSource = readFileSync(path.join(ROOT, "src", "config.ts"), "utf8");
  return configSource.includes("DATABASE_URL") ? null : "this checkout has no Postgres backend yet (src/config.ts reads no DATABASE_URL)";
}

/** A PGlite server with pgvector (pglite-socket) when --postgres is given without DATABASE_URL. */
async function startPglite(dataDir: string, log: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const bin = path.join(ROOT, "node_modules", "@electric-sql", "pglite-socket", "dist", "scripts", "server.js");
  const out = createWriteStream(log, { flags: "a" });
  const child = spawn(process.execPath, [bin, `--db=${dataDir}`, `--port=${port}`, "--host=127.0.0.1", "--extensions=@electric-sql/pglite-pgvector:vector", `--max-connections=${connections + 4}`], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  for (let i = 0; ; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.end(), resolve(true)));
      socket.on("error", () => resolve(false));
    });
    if (open) break;
    if (i > 300 || child.exitCode !== null) throw new Error(`PGlite did not start; its last lines (${log}):\n${tail(log)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")))),
  };
}

async function databaseBytes(url: string): Promise<number | undefined> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ bytes: string }>("SELECT pg_database_size(current_database()) AS bytes");
    return Number(rows[0]?.bytes);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

async function runBackend(size: number, backend: Backend, root: string, sourceDir: string, extra: SyntheticReport, questions: Questions): Promise<BackendResult> {
  // Each backend its own copy of the corpus: the report one run adds must be new to the next.
  const corpusDir = path.join(root, `corpus-${backend}`);
  cpSync(sourceDir, corpusDir, { recursive: true });
  const options = { seed, loadSeconds: duration, connections, questionsPerKind: queriesPerKind, date: new Date().toISOString() };
  const result: BackendResult = { size, backend, status: "ok", options, model: process.env.EMBED_MODEL };
  const log = path.join(root, `${backend}.log`);
  const indexDir = path.join(root, `index-${backend}`);
  const env: NodeJS.ProcessEnv = { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir };
  delete env.DATABASE_URL;
  let pglite: Awaited<ReturnType<typeof startPglite>> | null = null;
  if (backend === "postgres") {
    const missing = postgresSupport();
    if (missing) return { size, backend, status: "skipped", options, note: missing };
    if (!process.env.DATABASE_URL) pglite = await startPglite(path.join(root, "pgdata"), log);
    env.DATABASE_URL = process.env.DATABASE_URL || pglite!.url;
  }
  const say = (m: string) => console.error(`[${size} · ${backend}] ${m}`);
  try {
    say("full build (build-index)…");
    const build = await runCli("src/cli/build-index.ts", [], env, log);
    result.buildSeconds = round(build.seconds, 1);
    result.chunks = Number(build.stdout.match(/(\d+) chunks/)?.[1] ?? NaN) || undefined;
    result.indexBytes = backend === "embedded" ? duBytes(indexDir) : pglite ? duBytes(path.join(root, "pgdata")) : await databaseBytes(env.DATABASE_URL!);
    say(`built in ${result.buildSeconds} s; starting the server on it…`);

    const server = await startServer(env, log);
    result.startupSeconds = round(server.seconds, 1);
    try {
      say(`ready in ${result.startupSeconds} s; load at ${connections} connections for ${duration} s…`);
      const load = await httpLoad(server.url, questions, server.child.pid!);
      result.rssMb = load.rss;
      result.http = load.http;
    } finally {
      await server.stop();
    }

    say("adding one report (add-report, then the next start)…");
    copyFileSync(path.join(root, "extra", `${extra.id}.json`), path.join(corpusDir, `${extra.id}.json`));
    const before = backend === "embedded" ? snapshot(indexDir) : null;
    const added = await runCli("src/cli/add-report.ts", [path.join(root, "extra", `${extra.id}.txt`), "--id", extra.id], env, log);
    const changed = before === null ? null : snapshot(indexDir) !== before;
    const next = await startServer(env, log);
    let served = false;
    try {
      const res = await fetch(`${next.url}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: `${extra.place.short}${extra.reportYear - 1}年地区生产总值是多少？` }) });
      const body = (await res.json()) as { routing?: { docIds?: string[] } | null };
      served = body.routing?.docIds?.includes(extra.id) ?? false;
    } finally {
      await next.stop();
    }
    // add-report updated the index itself, or the next start re-indexed (it took clearly longer than a plain load).
    const reindexedAtStart = next.seconds > result.startupSeconds! + Math.max(2, 0.5 * result.startupSeconds!);
    const mechanism = changed ? "add-report updates the index" : reindexedAtStart ? "add-report writes the file; the next start re-indexes" : changed === false ? "add-report writes the file; the next start loads it (no visible re-index)" : "unknown (index not on local disk)";
    result.add = {
      addReportSeconds: round(added.seconds, 1),
      indexChangedByAddReport: changed,
      nextStartSeconds: round(next.seconds, 1),
      totalSeconds: round(changed ? added.seconds : added.seconds + next.seconds, 1),
      mechanism,
      served,
    };
    say(`added in ${result.add.totalSeconds} s (${mechanism}); in-process questions and recall…`);

    const saved = process.env.DATABASE_URL;
    if (env.DATABASE_URL) process.env.DATABASE_URL = env.DATABASE_URL;
    else delete process.env.DATABASE_URL;
    try {
      const engine = await openEngine(loadConfig({ corpusDir, indexDir }), { log: () => {} });
      result.inProcess = await inProcess(engine, questions);
      result.recall = await recall(engine, questions);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    if (breakdown && backend === "embedded") {
      say("build breakdown, in process…");
      result.breakdown = await buildBreakdown(loadConfig({ corpusDir, indexDir: path.join(root, "index-breakdown") }));
    }
  } catch (err) {
    result.status = "failed";
    result.note = (err as Error).message;
    say(`failed: ${result.note}`);
  } finally {
    await pglite?.stop();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const ok = (pass: boolean) => (pass ? "✓" : "✗");
const mb = (bytes?: number) => (bytes === undefined ? "–" : `${(bytes / 1048576).toFixed(0)} MB`);

type Recall = Exclude<NonNullable<BackendResult["recall"]>, { unavailable: string }>;
const measured = (r: BackendResult["recall"]): Recall | null => (r && !("unavailable" in r) ? r : null);

function table(results: BackendResult[]): string {
  const cols = results;
  // A failed run still shows what it measured before it failed.
  const cell = (r: BackendResult, f: (r: BackendResult) => string) => {
    if (r.status === "skipped") return "skipped";
    try {
      return f(r);
    } catch {
      return "–";
    }
  };
  const rows: [string, string, (r: BackendResult) => string][] = [
    ["reports / chunks", "", (r) => `${r.size} (+1 added) / ${r.chunks?.toLocaleString("en") ?? "?"}`],
    ["full build (build-index CLI)", `≤ ${TARGETS.buildSecondsAt1000} s at 1,000`, (r) => {
      const at1000 = (r.buildSeconds! / r.size) * 1000;
      return r.size === 1000 ? `${r.buildSeconds} s ${ok(r.buildSeconds! <= TARGETS.buildSecondsAt1000)}` : `${r.buildSeconds} s (→ 1,000: ~${at1000.toFixed(0)} s ${ok(at1000 <= TARGETS.buildSecondsAt1000)})`;
    }],
    ["one report added", `≤ ${TARGETS.addSeconds} s`, (r) => `${r.add!.totalSeconds} s ${ok(r.add!.totalSeconds <= TARGETS.addSeconds)} (add-report ${r.add!.addReportSeconds} s + start ${r.add!.nextStartSeconds} s; ${r.add!.mechanism}${r.add!.served ? "" : "; NOT served after"})`],
    ["index size on disk", "", (r) => mb(r.indexBytes)],
    ["start-up, index on disk", "", (r) => `${r.startupSeconds} s`],
    ["server RSS after warm-up → after load", "≤ 2,048 MB embedded", (r) => `${r.rssMb!.afterWarmup} → ${r.rssMb!.afterLoad} MB${r.backend === "embedded" ? ` ${ok(Math.max(r.rssMb!.afterWarmup, r.rssMb!.afterLoad) <= TARGETS.rssMb.embedded)}` : ""}`],
    ["in process p50 / p95, all", "p95 ≤ 30 ms embedded, ≤ 60 ms Postgres", (r) => `${r.inProcess!.all.p50} / ${r.inProcess!.all.p95} ms ${ok(r.inProcess!.all.p95 <= TARGETS.p95Ms[r.backend])}`],
    ["… naming a place", "", (r) => `${r.inProcess!.named.p50} / ${r.inProcess!.named.p95} ms`],
    ["… naming none", "", (r) => `${r.inProcess!.unnamed.p50} / ${r.inProcess!.unnamed.p95} ms`],
    ["… p95 embed / dense / BM25 / answer", "", (r) => ["embedMs", "denseMs", "bm25Ms", "answerMs"].map((k) => r.inProcess!.stages[k]?.p95 ?? "?").join(" / ") + " ms"],
    [`HTTP, ${connections} connections: req/s`, "", (r) => `${r.http!.requestsPerSecond} (errors ${r.http!.errors}, non-2xx ${r.http!.non2xx})`],
    ["HTTP p50 / p95 / p99", "p95 ≤ 30 ms embedded, ≤ 60 ms Postgres", (r) => `${r.http!.p50} / ${r.http!.p95} / ${r.http!.p99} ms ${ok(r.http!.p95 <= TARGETS.p95Ms[r.backend])}`],
    ["HNSW recall@10, all chunks (strict)", `≥ ${TARGETS.recallAt10}`, (r) => {
      const rc = measured(r.recall);
      return rc ? `${rc.global} ${ok(rc.global >= TARGETS.recallAt10)} (${rc.globalStrict})` : "n/a";
    }],
    ["HNSW recall@10, within one report (strict)", `≥ ${TARGETS.recallAt10}`, (r) => {
      const rc = measured(r.recall);
      return rc ? `${rc.perReport} ${ok(rc.perReport >= TARGETS.recallAt10)} (${rc.perReportStrict})` : "n/a";
    }],
  ];
  const header = `| | target | ${cols.map((r) => `${r.size} · ${r.backend}`).join(" | ")} |`;
  const rule = `|---|---|${cols.map(() => "---").join("|")}|`;
  const body = rows.map(([name, target, f]) => `| ${name} | ${target} | ${cols.map((r) => cell(r, f)).join(" | ")} |`);
  return [header, rule, ...body].join("\n");
}

function printBreakdown(r: BackendResult) {
  if (!r.breakdown) return;
  console.log(`\nwhere the time goes, in process, ${r.size} reports (${r.chunks ?? "?"} chunks):`);
  console.log("| phase | step | ms | share of phase |\n|---|---|---|---|");
  for (const phase of ["build", "start"] as const) {
    const steps = r.breakdown.filter((b) => b.phase === phase);
    const total = steps.reduce((s, b) => s + b.ms, 0);
    for (const b of steps) console.log(`| ${phase} | ${b.step}${b.note ? ` (${b.note})` : ""} | ${b.ms.toFixed(0)} | ${((100 * b.ms) / total).toFixed(1)}% |`);
    console.log(`| ${phase} | **total** | ${total.toFixed(0)} | |`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = performance.now();
  const { documents: sources, problems } = await loadDocuments(loadConfig().corpusDir);
  if (problems.length) console.error(`sources: skipped ${problems.map((p) => p.file).join(", ")}`);
  const avoidWords = new Set((await loadJiebaIdf()).idf.keys());
  const backends: Backend[] = wantPostgres ? ["embedded", "postgres"] : ["embedded"];
  if (!wantPostgres) console.error("postgres: not run (set DATABASE_URL or pass --postgres)");
  else if (postgresSupport()) console.error(`postgres: skipped — ${postgresSupport()}`);
  const results: BackendResult[] = [];
  for (const size of sizes) {
    const root = mkdtempSync(path.join(os.tmpdir(), `report-qa-scale-${size}-`));
    const corpusDir = path.join(root, "corpus");
    // One more than the size: the report added by the incremental step.
    const reports = synthesize(sources, size + 1, { seed, avoidWords });
    const extra = reports.pop()!;
    await writeSyntheticCorpus(corpusDir, reports);
    await writeSyntheticCorpus(path.join(root, "extra"), [extra]);
    console.error(`[${size}] ${size} synthetic reports (${syntheticId(0)}…${syntheticId(size - 1)}) in ${corpusDir}; ${extra.id} (${extra.place.name}) held back to add`);
    const questions = makeQuestions(reports, queriesPerKind, seed);
    for (const backend of backends) results.push(await runBackend(size, backend, root, corpusDir, extra, questions));
    if (keep) console.error(`[${size}] kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }

  console.log(`\n## Scale benchmark (${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, model ${process.env.EMBED_MODEL}, seed ${seed})\n`);
  console.log(table(results));
  for (const r of results) if (r.status !== "ok") console.log(`\n${r.size} · ${r.backend}: ${r.status}${r.note ? ` — ${r.note}` : ""}`);
  for (const r of results) printBreakdown(r);
  console.log(`\nRecall counts a hit scoring at least the exact 10th best (synthetic copies of one source tie); strict counts identical chunks only. HTTP latency includes queueing at ${connections} connections.`);

  const file = path.join(ROOT, "eval", "results", "scale.json");
  const previous = existsSync(file) ? ((JSON.parse(readFileSync(file, "utf8")) as { results?: BackendResult[] }).results ?? []) : [];
  const merged = [...previous.filter((p) => !results.some((r) => r.size === p.size && r.backend === p.backend)), ...results].sort((a, b) => a.size - b.size || a.backend.localeCompare(b.backend));
  writeFileSync(file, `${JSON.stringify({ updatedAt: new Date().toISOString(), machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryMb: Math.round(os.totalmem() / 1048576) }, targets: TARGETS, results: merged }, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(ROOT, file)} (${((performance.now() - started) / 60000).toFixed(1)} min in all)`);
}

await main();
