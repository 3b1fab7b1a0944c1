// `npm start` with WORKERS=2, as a process: both workers answer on one port, a
// killed worker is replaced while the service keeps answering, identical requests
// are answered from the cache, and an index rebuilt on SIGHUP is never answered from it.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_ID, seedCorpusDir } from "./helpers.js";

const GRAIN = "2022年全区粮食种植面积是多少？";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface Reply {
  status: number;
  cache: string | undefined;
  text: string;
}

/** One request; `agent: false` opens a new connection, so the primary hands it to the next worker in turn. */
function request(port: number, method: string, url: string, body?: object, agent: http.Agent | false = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data = body ? JSON.stringify(body) : undefined;
    const req = http.request({ host: "127.0.0.1", port, method, path: url, agent, headers: data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {} }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, cache: res.headers["x-cache"] as string | undefined, text }));
    });
    req.on("error", reject);
    req.end(data);
  });
}

class Service {
  log = "";
  readonly exited: Promise<number | null>;
  private constructor(readonly child: ChildProcess, readonly port: number) {
    child.stdout!.on("data", (d) => (this.log += d));
    child.stderr!.on("data", (d) => (this.log += d));
    this.exited = new Promise((r) => child.once("exit", (code) => r(code)));
  }

  static async start(corpusDir: string, indexDir: string): Promise<Service> {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
      env: { ...process.env, WORKERS: "2", PORT: String(port), HOST: "127.0.0.1", EMBED_MODEL: "builtin-zh-lex", ALLOW_REMOTE_MODELS: "false", CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, RATE_LIMIT_PER_MINUTE: "100000" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const service = new Service(child, port);
    await service.waitFor(/all 2 workers serving/, 120_000);
    return service;
  }

  async waitFor(pattern: RegExp, ms: number) {
    const deadline = Date.now() + ms;
    while (!pattern.test(this.log)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} in the log:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async healthPids(probes = 8): Promise<Set<number>> {
    const pids = new Set<number>();
    for (let i = 0; i < probes; i++) {
      const health = JSON.parse((await request(this.port, "GET", "/api/health")).text) as { ready: boolean; pid: number };
      expect(health.ready).toBe(true);
      pids.add(health.pid);
    }
    return pids;
  }

  ask(question: string, agent: http.Agent | false = false) {
    return request(this.port, "POST", "/api/ask", { question }, agent);
  }

  async stop() {
    this.child.kill("SIGTERM");
    return this.exited;
  }
}

describe("npm start with WORKERS=2", () => {
  const corpusDir = seedCorpusDir();
  const indexDir = mkdtempSync(path.join(os.tmpdir(), "report-qa-cluster-"));
  let service: Service;
  beforeAll(async () => {
    service = await Service.start(corpusDir, indexDir);
  }, 150_000);
  afterAll(() => {
    service?.child.kill("SIGKILL");
  });

  it("has both workers answering on one port, neither of them the primary, with logs naming the worker", async () => {
    const pids = await service.healthPids();
    expect(pids.size).toBe(2);
    expect(pids.has(service.child.pid!)).toBe(false);
    // The primary prepared (indexed) the reports once; the workers only loaded them.
    expect(service.log.match(/"msg":"index: indexed/g)?.length).toBe(1);
    const lines = service.log.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    expect(new Set(lines.filter((l) => l.msg?.startsWith("ready")).map((l) => l.worker))).toEqual(new Set([1, 2]));
  });

  it("answers an identical request from the cache, with the identical body", async () => {
    // One keep-alive connection: every request reaches the same worker, whose cache it is.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const replies = [await service.ask(GRAIN, agent), await service.ask(GRAIN, agent), await service.ask(GRAIN, agent)];
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(replies.map((r) => r.cache)).toEqual(["miss", "hit", "hit"]);
      expect(replies[1]!.text).toBe(replies[0]!.text);
      expect(replies[2]!.text).toBe(replies[0]!.text);
      expect(JSON.parse(replies[0]!.text).answer).toContain("4.87万亩");
    } finally {
      agent.destroy();
    }
  });

  it("replaces a killed worker and keeps answering meanwhile", async () => {
    const [victim, survivor] = [...(await service.healthPids())];
    process.kill(victim!, "SIGKILL");
    await service.waitFor(/worker \d+ died/, 10_000);
    const deadline = Date.now() + 90_000;
    let pids = new Set<number>();
    for (;;) {
      // Every question meanwhile is answered (by the survivor until the replacement listens).
      const reply = await service.ask(GRAIN);
      expect(reply.status).toBe(200);
      pids = await service.healthPids(4);
      if (pids.size === 2) break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(pids.has(victim!)).toBe(false);
    expect(pids.has(survivor!)).toBe(true);
  }, 120_000);

  it("after SIGHUP, rebuilds the changed index and never answers it from the old cache", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const before = await service.ask(GRAIN, agent);
    expect(JSON.parse(before.text).answer).toContain("4.87万亩");
    agent.destroy();
    const oldPids = await service.healthPids();
    // The report changes; SIGHUP makes the primary rebuild the index and replace each worker.
    const file = path.join(corpusDir, `${SEED_ID}.txt`);
    writeFileSync(file, readFileSync(file, "utf8").replace("粮食种植面积4.87万亩", "粮食种植面积5.12万亩"));
    service.child.kill("SIGHUP");
    await service.waitFor(/"msg":"reloaded: the workers serve index version/, 120_000);
    // Only the edited report is indexed again.
    expect(service.log).toMatch(/1 report\(s\) to index, 0 to remove/);
    const pids = await service.healthPids();
    expect(pids.size).toBe(2);
    expect([...pids].some((p) => oldPids.has(p))).toBe(false);
    const fresh = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await service.ask(GRAIN, fresh);
      expect(first.cache).toBe("miss");
      expect(JSON.parse(first.text).answer).toContain("5.12万亩");
      expect(first.text).not.toContain("4.87万亩");
      expect((await service.ask(GRAIN, fresh)).cache).toBe("hit");
    } finally {
      fresh.destroy();
    }
    // SIGTERM stops the workers gracefully and the primary exits 0.
    expect(await service.stop()).toBe(0);
  }, 150_000);
});
