// The hotline's worst days, over real HTTP on 127.0.0.1: every bad input gets its
// documented 4xx (never a 5xx, never a stack trace), slow clients are dropped, and
// the server still answers a real question correctly afterwards.
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../src/engine.js";
import { createApp } from "../src/server/app.js";
import { listen } from "../src/server/listen.js";
import { sharedEngine } from "./helpers.js";

let engine: Engine;
let server: Server;
let base: string;

beforeAll(async () => {
  engine = await sharedEngine();
  const config = { ...engine.config, headersTimeoutMs: 800, requestTimeoutMs: 1500, rateLimitPerMinute: 100_000 };
  server = await listen(createApp(engine, config), config, 0, "127.0.0.1");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

type Case = { name: string; method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; status: number; code?: string };

const JSON_HEADERS = { "content-type": "application/json" };
const ask = (body: unknown, status: number, code?: string): Omit<Case, "name"> => ({ body: JSON.stringify(body), headers: JSON_HEADERS, status, code });
const raw = (body: string | Buffer, status: number, code: string, headers: Record<string, string> = JSON_HEADERS): Omit<Case, "name"> => ({ body, headers, status, code });

const deep = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;

const CASES: Case[] = [
  { name: "empty body", ...raw("", 400, "INVALID_REQUEST") },
  { name: "empty object", ...ask({}, 400, "INVALID_REQUEST") },
  { name: "empty question", ...ask({ question: "" }, 400, "INVALID_REQUEST") },
  { name: "whitespace question", ...ask({ question: "    " }, 400, "INVALID_REQUEST") },
  { name: "tabs and newlines only", ...ask({ question: "\n\t\r\n" }, 400, "INVALID_REQUEST") },
  { name: "null question", ...ask({ question: null }, 400, "INVALID_REQUEST") },
  { name: "number question", ...ask({ question: 42 }, 400, "INVALID_REQUEST") },
  { name: "array question", ...ask({ question: ["粮食"] }, 400, "INVALID_REQUEST") },
  { name: "object question", ...ask({ question: { text: "粮食" } }, 400, "INVALID_REQUEST") },
  { name: "boolean question", ...ask({ question: true }, 400, "INVALID_REQUEST") },
  { name: "JSON array body", ...raw("[]", 400, "INVALID_REQUEST") },
  { name: "JSON string body", ...raw('"粮食"', 400, "INVALID_JSON") },
  { name: "JSON null body", ...raw("null", 400, "INVALID_JSON") },
  { name: "truncated JSON", ...raw('{"question":', 400, "INVALID_JSON") },
  { name: "trailing garbage", ...raw('{"question":"粮食"}x', 400, "INVALID_JSON") },
  { name: "single quotes", ...raw("{'question':'粮食'}", 400, "INVALID_JSON") },
  { name: "invalid UTF-8 bytes", ...raw(Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400, "INVALID_REQUEST") },
  { name: "1 MB body", ...raw(JSON.stringify({ question: "粮".repeat(350_000) }), 413, "PAYLOAD_TOO_LARGE") },
  { name: "17 KB body", ...raw(JSON.stringify({ question: "粮食", pad: "x".repeat(17_000) }), 413, "PAYLOAD_TOO_LARGE") },
  { name: "deeply nested JSON", ...raw(deep(2000), 400, "INVALID_REQUEST") },
  { name: "text/plain", ...raw('{"question":"粮食"}', 415, "UNSUPPORTED_MEDIA_TYPE", { "content-type": "text/plain" }) },
  { name: "no content type", ...raw('{"question":"粮食"}', 415, "UNSUPPORTED_MEDIA_TYPE", {}) },
  { name: "form encoded", ...raw("question=粮食", 415, "UNSUPPORTED_MEDIA_TYPE", { "content-type": "application/x-www-form-urlencoded" }) },
  { name: "multipart", ...raw("--x\r\n\r\n", 415, "UNSUPPORTED_MEDIA_TYPE", { "content-type": "multipart/form-data; boundary=x" }) },
  { name: "latin1 charset", ...raw('{"question":"x"}', 415, "UNSUPPORTED_MEDIA_TYPE", { "content-type": "application/json; charset=latin1" }) },
  { name: "unknown content encoding", ...raw('{"question":"x"}', 415, "UNSUPPORTED_MEDIA_TYPE", { "content-type": "application/json", "content-encoding": "compress" }) },
  { name: "gzip that is not gzip", ...raw('{"question":"x"}', 400, "INVALID_REQUEST", { "content-type": "application/json", "content-encoding": "gzip" }) },
  { name: "topK 0", ...ask({ question: "粮食", topK: 0 }, 400, "INVALID_REQUEST") },
  { name: "topK 21", ...ask({ question: "粮食", topK: 21 }, 400, "INVALID_REQUEST") },
  { name: "topK fraction", ...ask({ question: "粮食", topK: 1.5 }, 400, "INVALID_REQUEST") },
  { name: "topK string", ...ask({ question: "粮食", topK: "5" }, 400, "INVALID_REQUEST") },
  { name: "unknown mode", ...ask({ question: "粮食", mode: "magic" }, 400, "INVALID_REQUEST") },
  { name: "unknown style", ...ask({ question: "粮食", style: "long" }, 400, "INVALID_REQUEST") },
  { name: "unknown field", ...ask({ question: "粮食", admin: true }, 400, "INVALID_REQUEST") },
  { name: "__proto__ key", ...raw('{"question":"粮食","__proto__":{"admin":true}}', 400, "INVALID_REQUEST") },
  { name: "501 characters", ...ask({ question: "粮".repeat(501) }, 400, "INVALID_REQUEST") },
  { name: "10,000-character question", ...ask({ question: "a".repeat(10_000) }, 400, "INVALID_REQUEST") },
  { name: "10,000 Chinese characters (over 16 KB as UTF-8)", ...ask({ question: "粮食种植面积".repeat(1700) }, 413, "PAYLOAD_TOO_LARGE") },
  { name: "NUL bytes only", ...ask({ question: "\u0000\u0000\u0000" }, 400, "INVALID_REQUEST") },
  { name: "control characters only", ...ask({ question: "\u0007\u001b\u007f\u200b" }, 400, "INVALID_REQUEST") },
  { name: "emoji only", ...ask({ question: "😀🎉🙏" }, 400, "INVALID_REQUEST") },
  { name: "punctuation only", ...ask({ question: "？？！！……" }, 400, "INVALID_REQUEST") },
  { name: "claim missing", method: "POST", path: "/api/check", ...ask({}, 400, "INVALID_REQUEST") },
  { name: "claim number", method: "POST", path: "/api/check", ...ask({ claim: 5 }, 400, "INVALID_REQUEST") },
  { name: "claim text/plain", method: "POST", path: "/api/check", ...raw("GDP增长5.6%", 415, "UNSUPPORTED_MEDIA_TYPE", { "content-type": "text/plain" }) },
  { name: "path traversal id", method: "GET", path: `/api/paragraphs/${encodeURIComponent("../../etc/passwd")}`, status: 400, code: "INVALID_REQUEST" },
  { name: "dot-dot segments", method: "GET", path: "/api/paragraphs/..%2F..%2Fpackage.json", status: 400, code: "INVALID_REQUEST" },
  { name: "NUL in id", method: "GET", path: "/api/paragraphs/liubei-2023%00:p1", status: 400, code: "INVALID_REQUEST" },
  { name: "1000-character id", method: "GET", path: `/api/paragraphs/${"a".repeat(1000)}`, status: 400, code: "INVALID_REQUEST" },
  { name: "unknown paragraph", method: "GET", path: "/api/paragraphs/liubei-2023:p9-9-9", status: 404, code: "NOT_FOUND" },
  { name: "figures limit not a number", method: "GET", path: "/api/figures?limit=abc", status: 400, code: "INVALID_REQUEST" },
  { name: "figures limit too big", method: "GET", path: "/api/figures?limit=100000", status: 400, code: "INVALID_REQUEST" },
  { name: "figures repeated q", method: "GET", path: "/api/figures?q=a&q=b", status: 400, code: "INVALID_REQUEST" },
  { name: "figures unknown parameter", method: "GET", path: "/api/figures?drop=table", status: 400, code: "INVALID_REQUEST" },
  { name: "GET on /api/ask", method: "GET", path: "/api/ask", status: 404, code: "NOT_FOUND" },
  { name: "PUT on /api/ask", method: "PUT", path: "/api/ask", ...ask({ question: "粮食" }, 404, "NOT_FOUND") },
  { name: "unknown API route", method: "GET", path: "/api/../../etc/passwd", status: 404 },
];

describe("bad input", () => {
  it(`has at least 40 distinct cases (${CASES.length})`, () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)("$name → $status", async (c) => {
    const res = await fetch(`${base}${c.path ?? "/api/ask"}`, { method: c.method ?? "POST", headers: c.headers, body: c.method === "GET" ? undefined : (c.body as BodyInit | undefined) });
    expect(res.status).toBe(c.status);
    const text = await res.text();
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|node_modules|\/work\/|\/tmp\//);
    if (c.code) expect(JSON.parse(text).error.code).toBe(c.code);
  });

  it("treats HTML, script and template text as plain text: a JSON answer, never markup", async () => {
    for (const question of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>粮食", "{{7*7}} ${process.env}", "'; DROP TABLE paragraphs; --"]) {
      const res = await fetch(`${base}/api/ask`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ question }) });
      expect(res.status, question).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      const body = await res.json();
      expect(body.answer).not.toContain("<script");
    }
  });

  it("drops a client that never finishes its headers (408, connection closed)", async () => {
    const port = (server.address() as AddressInfo).port;
    const started = Date.now();
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => socket.write("POST /api/ask HTTP/1.1\r\nHost: x\r\n"));
      let data = "";
      socket.on("data", (d) => (data += d));
      socket.on("close", () => resolve(data));
      setTimeout(() => socket.destroy(), 8000);
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(reply).toMatch(/408/);
  });

  it("still answers a real question correctly afterwards", async () => {
    const res = await fetch(`${base}/api/ask`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ question: "2022年全区粮食种植面积是多少？" }) });
    expect(res.status).toBe(200);
    expect((await res.json()).answer).toContain("4.87万亩");
  });
});

describe("rate limiting", () => {
  it("answers 429 with Retry-After past the per-client limit", async () => {
    const config = { ...engine.config, rateLimitPerMinute: 3 };
    const limited = await listen(createApp(engine, config), config, 0, "127.0.0.1");
    const base = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/api`;
    const url = `${base}/documents`;
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Health and readiness probes are never limited: a load balancer polls them.
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
      const res = await fetch(url);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await res.json()).error.code).toBe("RATE_LIMITED");
    } finally {
      await new Promise<void>((r) => limited.close(() => r()));
    }
  });
});

describe("hotline style", () => {
  const short = async (question: string) =>
    (await fetch(`${base}/api/ask`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ question, style: "short" }) })).json();

  it("gives one short plain answer and one paragraph reference", async () => {
    const body = await short("去年新增城镇就业人员多少？");
    expect(body.answerable).toBe(true);
    expect(body.answer).toContain("1.07万人");
    expect(body.answer.length).toBeLessThanOrEqual(120);
    expect(body.reference).toMatch(/^《柳北区2023年政府工作报告》/);
    expect(body.paragraphId).toBe("liubei-2023:p1-6-1");
  });

  it("gives the fixed polite reply when the report does not say", async () => {
    const body = await short("柳北区明年的房价会涨吗？");
    expect(body).toMatchObject({ answerable: false, answer: engine.config.hotlineRefusal, reference: null });
  });
});

describe("operations endpoints", () => {
  it("serves health, readiness and the OpenAPI document", async () => {
    expect((await (await fetch(`${base}/api/health`)).json()).ready).toBe(true);
    expect((await fetch(`${base}/api/ready`)).status).toBe(200);
    const doc = await (await fetch(`${base}/api/openapi.json`)).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/ask"].post.requestBody.content["application/json"].schema.properties.question.type).toBe("string");
  });

  it("says NOT_READY (503) while the index is loading, and health stays alive", async () => {
    const loading = await listen(createApp(() => null, engine.config), engine.config, 0, "127.0.0.1");
    const at = `http://127.0.0.1:${(loading.address() as AddressInfo).port}`;
    try {
      expect((await (await fetch(`${at}/api/health`)).json()).ready).toBe(false);
      expect((await fetch(`${at}/api/ready`)).status).toBe(503);
      const res = await fetch(`${at}/api/ask`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ question: "粮食" }) });
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe("NOT_READY");
    } finally {
      await new Promise<void>((r) => loading.close(() => r()));
    }
  });

  it("sends security headers and a strict CSP with no inline scripts", async () => {
    const res = await fetch(`${base}/`);
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
