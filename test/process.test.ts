// `npm start` as a process: it listens, becomes ready, answers with structured
// request logs, and exits cleanly on SIGTERM (server.close lets requests in flight finish).
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seedCorpusDir } from "./helpers.js";

describe("the server process", () => {
  // One process (WORKERS=1), and a primary with two workers sharing the port. The seed
  // report alone: this is about the process, and a 22-report build on a busy machine
  // can outlast any sensible deadline.
  it.each(["1", "2"])("WORKERS=%s: listens, becomes ready, answers, logs JSON with latency, and exits 0 on SIGTERM", async (workers) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/start.ts"], {
      env: { ...process.env, WORKERS: workers, PORT: "0", HOST: "127.0.0.1", EMBED_MODEL: "builtin-zh-lex", ALLOW_REMOTE_MODELS: "false", CORPUS_DIR: seedCorpusDir(), INDEX_DIR: mkdtempSync(path.join(os.tmpdir(), "report-qa-proc-")) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (d) => (log += d));
    child.stderr.on("data", (d) => (log += d));
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!/"msg":"ready/.test(log) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const port = log.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)?.[1];
      expect(port, log).toBeDefined();
      // Every log line is one JSON object (structured logs), request lines with latency.
      const ask = fetch(`http://127.0.0.1:${port}/api/ask`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: "2022年全区粮食种植面积是多少？" }) });
      const res = await ask;
      child.kill("SIGTERM");
      expect(res.status).toBe(200);
      expect((await res.json()).answer).toContain("4.87万亩");
      expect(await exited).toBe(0);
      const request = log.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l)).find((e) => e.msg === "request");
      expect(request).toMatchObject({ method: "POST", url: "/api/ask", status: 200 });
      expect(typeof request.ms).toBe("number");
      expect(request.requestId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      child.kill("SIGKILL");
    }
  }, 120_000);
});
