// Bounded work: adversarial inputs — repetitions of figures, units, separators and
// question words, characters that expand under NFKC, every field at its maximum,
// words that are Object.prototype keys — sent to every endpoint over real HTTP.
// Each must answer 2xx/4xx quickly (against 290 s for a 500-character claim before
// the caps), and /api/health must keep answering while the worst of them runs.
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../src/engine.js";
import { createApp } from "../src/server/app.js";
import { listen } from "../src/server/listen.js";
import { adversarialCases, type HttpCase } from "../eval/adversarial.js";
import { sharedEngine } from "./helpers.js";

/** Generous: the bench shows the real worst case (well under 200 ms); this only catches a blow-up. */
const BOUND_MS = 1000;

let engine: Engine;
let server: Server;
let base: string;
let port: number;

beforeAll(async () => {
  engine = await sharedEngine();
  // No answer cache: every input repeated here must cost its full work again.
  const config = { ...engine.config, rateLimitPerMinute: 1_000_000, answerCacheEntries: 0 };
  server = await listen(createApp(engine, config), config, 0, "127.0.0.1");
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function send(c: HttpCase): Promise<{ status: number; ms: number; text: string }> {
  const started = performance.now();
  const res = await fetch(`${base}${c.path}`, {
    method: c.method,
    headers: c.body === undefined ? undefined : { "content-type": "application/json" },
    body: c.body === undefined ? undefined : JSON.stringify(c.body),
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, text };
}

const CASES = adversarialCases();
const timings = new Map<string, number>();

describe("every adversarial input answers 2xx/4xx within the bound", () => {
  it(`covers every endpoint with ${CASES.length} inputs`, () => {
    const paths = new Set(CASES.map((c) => c.path.split("?")[0]!.replace(/\/[^/]*%[^/]*/, "/:x")));
    expect(CASES.length).toBeGreaterThan(150);
    expect([...paths].some((p) => p.startsWith("/api/check"))).toBe(true);
    expect([...paths].some((p) => p.startsWith("/api/ask/stream"))).toBe(true);
  });

  it.each(CASES)("$name", async (c) => {
    const { status, ms, text } = await send(c);
    timings.set(c.name, ms);
    expect(status, text.slice(0, 300)).toBeLessThan(500);
    expect(ms).toBeLessThan(BOUND_MS);
    // Never a stack trace, a path or an internal error in the body.
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|\/work\/|INTERNAL/);
  });
});

describe("the server stays responsive", () => {
  it("answers /api/health within 100 ms while the slowest input runs", async () => {
    const [name] = [...timings].sort((a, b) => b[1] - a[1])[0]!;
    const worst = CASES.find((c) => c.name === name)!;
    let running = true;
    // At least ten rounds and a second of them: the slowest input is now fast enough that ten alone leave no time to probe.
    const load = (async () => {
      const started = performance.now();
      for (let round = 0; round < 10 || performance.now() - started < 1000; round++) await send(worst);
      running = false;
    })();
    const health: number[] = [];
    while (running) {
      const started = performance.now();
      const res = await fetch(`${base}/api/health`);
      expect(res.status).toBe(200);
      await res.text();
      health.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 5));
    }
    await load;
    expect(health.length).toBeGreaterThan(3);
    expect(Math.max(...health)).toBeLessThan(100);
  });
});

/** Raw HTTP over a socket, for what fetch will not send. Resolves with what the server wrote before closing. */
function raw(request: string | Buffer, options: { keepWriting?: Buffer; timeoutMs?: number } = {}): Promise<{ reply: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(request);
      if (options.keepWriting) {
        const pump = () => {
          while (!socket.destroyed && socket.write(options.keepWriting!)) if (performance.now() - started > 3000) return;
          if (!socket.destroyed) socket.once("drain", pump);
        };
        pump();
      }
    });
    let reply = "";
    socket.on("data", (d) => (reply += d));
    socket.on("error", () => {});
    socket.on("close", () => resolve({ reply, ms: performance.now() - started }));
    setTimeout(() => socket.destroy(), options.timeoutMs ?? 5000);
  });
}

const jsonError = (reply: string) => JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4)).error;

describe("error handling completes the table", () => {
  it.each([
    ["/api/paragraphs/%E0%A4%A", 400, "INVALID_REQUEST"],
    ["/api/documents/%/paragraphs", 400, "INVALID_REQUEST"],
    ["/nope", 404, "NOT_FOUND"],
    ["/no/such/page.html", 404, "NOT_FOUND"],
    ["/api/nope", 404, "NOT_FOUND"],
  ])("GET %s → %i %s, as JSON", async (path, status, code) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await res.json()).error.code).toBe(code);
  });

  it("refuses a charset other than UTF-8 with 415", async () => {
    for (const charset of ["utf-16", "utf-16le", "gbk", "iso-8859-1"]) {
      const res = await fetch(`${base}/api/ask`, { method: "POST", headers: { "content-type": `application/json; charset=${charset}` }, body: '{"question":"粮食"}' });
      expect(res.status, charset).toBe(415);
      expect((await res.json()).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  it("refuses a declared Content-Length over the limit at once, without waiting for the body", async () => {
    const { reply, ms } = await raw("POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n{}");
    expect(reply).toMatch(/^HTTP\/1\.1 413/);
    expect(jsonError(reply).code).toBe("PAYLOAD_TOO_LARGE");
    expect(ms).toBeLessThan(1000);
  });

  it("stops reading a streamed body the moment it passes the limit, and closes the connection", async () => {
    const chunk = Buffer.from(`4000\r\n${"a".repeat(0x4000)}\r\n`);
    const { reply, ms } = await raw("POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", { keepWriting: chunk });
    expect(reply).toMatch(/^HTTP\/1\.1 413/);
    expect(ms).toBeLessThan(2000);
  });

  it("answers requests Node itself rejects with the JSON error body", async () => {
    const bad = await raw("THIS IS NOT HTTP\r\n\r\n");
    expect(bad.reply).toMatch(/^HTTP\/1\.1 400/);
    expect(jsonError(bad.reply).code).toBe("INVALID_REQUEST");
    const huge = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(huge.reply).toMatch(/^HTTP\/1\.1 431/);
    expect(jsonError(huge.reply).code).toBe("HEADERS_TOO_LARGE");
  });
});

describe("work is bounded by construction", () => {
  it("a claim stating more figures than the cap checks the first ones and says so", async () => {
    const result = await engine.check("1个".repeat(250));
    expect(result.checks.length).toBe(engine.config.maxClaimFigures);
    expect(result.explanation).toMatch(new RegExp(`只核对了前${engine.config.maxClaimFigures}个`));
  });

  it("a question of hundreds of parts is read as at most MAX_QUESTION_PARTS parts", async () => {
    const started = performance.now();
    const answer = await engine.ask("粮食几，".repeat(120));
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
    expect(answer.status === "answered" || answer.status === "not_in_report").toBe(true);
  });

  it("stops at the request deadline with TOO_COMPLEX, never a 500", async () => {
    const config = { ...engine.config, requestDeadlineMs: 0, rateLimitPerMinute: 1_000_000 };
    const strict = await listen(createApp(engine, config), config, 0, "127.0.0.1");
    try {
      const res = await fetch(`http://127.0.0.1:${(strict.address() as AddressInfo).port}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: "2022年全区粮食种植面积是多少？" }),
      });
      expect(res.status).toBe(422);
      expect((await res.json()).error.code).toBe("TOO_COMPLEX");
    } finally {
      await new Promise<void>((r) => strict.close(() => r()));
    }
  });
});
