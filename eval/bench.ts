/**
 * `npm run bench`: a load test and per-stage timings.
 *
 * 1. In process: each stage of a question (embed, HNSW, BM25, answer) over the
 *    eval questions, p50/p95.
 * 2. Over HTTP: starts the real server (`src/cli/start.ts`) on a free loopback
 *    port, waits until ready, then runs autocannon rounds at 20 connections
 *    rotating through real questions; prints requests/s, latency p50/p95/p99,
 *    errors and the server's RSS (primary and workers together) before and after
 *    each round. Three set-ups: one worker without caches (the single process as
 *    it was), WORKERS=N without caches, and WORKERS=N with the answer and
 *    question-vector caches — real traffic repeats its questions, and so do the
 *    rounds, which rotate through the eval questions — with the share of cache hits.
 *
 * Options: --duration S (per round, default 10), --rounds N (default 3), --connections C (default 20).
 */
import { spawn } from "node:child_process";
import http from "node:http";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import autocannon from "autocannon";
import { loadConfig } from "../src/config.js";
import { openEngine } from "../src/engine.js";
import { percentile } from "./metrics.js";
import { loadAll } from "./sets.js";
import { adversarialCases } from "./adversarial.js";

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const duration = opt("--duration", 10);
const rounds = opt("--rounds", 3);
const connections = opt("--connections", 20);

const questions = loadAll().filter((i) => i.type !== "claim").map((i) => i.question);

async function stageTimings() {
  // No question-vector cache: each pass embeds each question, as the first time.
  const engine = await openEngine(loadConfig({ embedCacheEntries: 0 }), { log: (m) => console.error(m) });
  await engine.ask("预热");
  const stages: Record<string, number[]> = { embedMs: [], denseMs: [], bm25Ms: [], answerMs: [], totalMs: [] };
  for (let pass = 0; pass < 3; pass++) {
    for (const q of questions) {
      const { timings } = await engine.ask(q);
      for (const k of Object.keys(stages)) stages[k]!.push(timings[k as keyof typeof timings]);
    }
  }
  console.log(`\nper-stage timings in process (${questions.length} questions × 3, model ${engine.embeddings.spec.id})`);
  console.log("stage        p50 ms   p95 ms");
  for (const [k, xs] of Object.entries(stages)) console.log(`${k.padEnd(10)} ${percentile(xs, 50).toFixed(2).padStart(8)} ${percentile(xs, 95).toFixed(2).padStart(8)}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const rssOne = (pid: number) => {
  try {
    const m = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};
/** RSS of a process and its children (a cluster's primary and its workers). */
const rssMb = (pid: number): number => {
  const children = `/proc/${pid}/task/${pid}/children`;
  const kids = existsSync(children) ? readFileSync(children, "utf8").trim().split(/\s+/).filter(Boolean).map(Number) : [];
  return rssOne(pid) + kids.reduce((sum, k) => sum + rssMb(k), 0);
};

/** /api/health over a new connection: the primary hands each new connection to the next worker. */
function health(url: string): Promise<{ ready: boolean; pid: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/api/health`, { agent: false }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve(JSON.parse(text)));
      })
      .on("error", reject);
  });
}

type ServerEnv = Record<string, string>;

/** Starts `npm start`'s server on a free port with its own index folder; resolves once every worker is ready, with the time it took. */
async function startServer(indexDir: string, env: ServerEnv = {}) {
  const port = await freePort();
  const started = performance.now();
  const server = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", RATE_LIMIT_PER_MINUTE: "100000000", INDEX_DIR: indexDir, ...env },
    stdio: ["ignore", "ignore", "ignore"],
  });
  const url = `http://127.0.0.1:${port}`;
  const workers = Number(env.WORKERS ?? loadConfig().workers);
  const pids = new Set<number>();
  for (let i = 0; ; i++) {
    const h = await health(url).catch(() => null);
    if (h?.ready) pids.add(h.pid);
    if (pids.size >= workers) break;
    if (i > 6000) throw new Error("server did not become ready in 600 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return { server, url, seconds: (performance.now() - started) / 1000 };
}

async function stop(server: ReturnType<typeof spawn>) {
  const exited = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await exited;
}

const NO_CACHE: ServerEnv = { ANSWER_CACHE_ENTRIES: "0", EMBED_CACHE_ENTRIES: "0" };

async function load() {
  const workers = loadConfig().workers;
  // Start-up twice on a fresh index folder: first with the index build, then loading it.
  const indexDir = mkdtempSync(path.join(os.tmpdir(), "report-qa-bench-"));
  const cold = await startServer(indexDir);
  const docs = (await (await fetch(`${cold.url}/api/documents`)).json()) as { documents: unknown[] };
  const h = (await (await fetch(`${cold.url}/api/health`)).json()) as { chunks: number };
  await stop(cold.server);
  const warm = await startServer(indexDir);
  console.log(`
start-up (WORKERS=${workers}), ${docs.documents.length} reports, ${h.chunks} chunks: ${cold.seconds.toFixed(1)} s to every worker ready with the index build, ${warm.seconds.toFixed(1)} s with the index on disk; RSS of primary and workers ${rssMb(warm.server.pid!).toFixed(0)} MB when ready`);
  await stop(warm.server);

  const setups: { name: string; env: ServerEnv }[] = [
    { name: "1 worker, no cache", env: { WORKERS: "1", ...NO_CACHE } },
    { name: `${workers} workers, no cache`, env: { WORKERS: String(workers), ...NO_CACHE } },
    { name: `${workers} workers, answer + vector cache`, env: { WORKERS: String(workers) } },
  ];
  const requests = questions.map((q) => ({ method: "POST" as const, path: "/api/ask", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: q }) }));
  for (const setup of setups) {
    const { server, url } = await startServer(indexDir, setup.env);
    try {
      // The bounded-work figures come from the single process without caches, as before.
      if (setup === setups[0]) {
        await worstCase(url);
        console.log(`\nload: ${rounds} rounds × ${duration} s per set-up, ${connections} connections, rotating ${requests.length} questions`);
        console.log("set-up                              round   req/s   p50 ms  p95 ms  p99 ms  errors  non-2xx  cache hits  RSS before → after (MB)");
      }
      for (let round = 1; round <= rounds; round++) {
        const before = rssMb(server.pid!);
        // autocannon reports p50/p90/p97.5/p99 only; p95 is computed from every response time.
        const times: number[] = [];
        const cache = { hit: 0, seen: 0 };
        const result = await new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url,
              connections,
              duration,
              requests,
              // Counts X-Cache on every response. autocannon passes the parser's raw record,
              // whose header list alternates names and values (its typings say otherwise).
              setupClient: (client) =>
                client.on("headers", (raw) => {
                  const headers = (raw as unknown as { headers: string[] }).headers;
                  for (let i = 0; i < headers.length; i += 2) {
                    if (String(headers[i]).toLowerCase() !== "x-cache") continue;
                    cache.seen++;
                    if (String(headers[i + 1]) === "hit") cache.hit++;
                  }
                }),
            },
            (err, res) => (err ? reject(err) : resolve(res)),
          );
          instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
        });
        const after = rssMb(server.pid!);
        const ms = (p: number) => percentile(times, p).toFixed(1).padStart(7);
        const hits = cache.seen ? `${((100 * cache.hit) / cache.seen).toFixed(1)}%` : "-";
        console.log(
          `${setup.name.padEnd(35)} ${String(round).padEnd(6)} ${result.requests.average.toFixed(0).padStart(6)}  ${ms(50)} ${ms(95)} ${ms(99)}  ${String(result.errors + result.timeouts).padStart(6)}  ${String(result.non2xx).padStart(7)}  ${hits.padStart(10)}  ${before.toFixed(0)} → ${after.toFixed(0)}`,
        );
      }
    } finally {
      await stop(server);
    }
  }
}

/**
 * Bounded work: every adversarial input (eval/adversarial.ts) sent once over HTTP,
 * one at a time, beside the p95 of real questions sent the same way.
 */
async function worstCase(url: string) {
  const time = async (path: string, method: string, body?: unknown) => {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, { method, headers: body === undefined ? undefined : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    await res.text();
    return { ms: performance.now() - started, status: res.status };
  };
  const normal: number[] = [];
  for (const q of questions) normal.push((await time("/api/ask", "POST", { question: q })).ms);
  const adversarial: { name: string; ms: number; status: number; chars: number }[] = [];
  for (const c of adversarialCases()) {
    const text = (c.body as { question?: string; claim?: string } | undefined);
    adversarial.push({ name: c.name, chars: (text?.question ?? text?.claim ?? "").length, ...(await time(c.path, c.method, c.body)) });
  }
  adversarial.sort((a, b) => b.ms - a.ms);
  console.log(`
bounded work: ${adversarial.length} adversarial inputs over HTTP, one at a time`);
  console.log(`real questions (${normal.length}): p50 ${percentile(normal, 50).toFixed(1)} ms, p95 ${percentile(normal, 95).toFixed(1)} ms`);
  console.log(`adversarial: p95 ${percentile(adversarial.map((a) => a.ms), 95).toFixed(1)} ms; worst five:`);
  for (const a of adversarial.slice(0, 5)) console.log(`  ${a.ms.toFixed(1).padStart(7)} ms  ${a.status}  ${a.name} (${a.chars} chars)`);
}

await stageTimings();
await load();
