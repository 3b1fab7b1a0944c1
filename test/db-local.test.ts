// `npm run db:local` as a process: Postgres with pgvector on 127.0.0.1 that a
// pg client can use, printing its DATABASE_URL, stopping cleanly on SIGINT and
// SIGTERM, and keeping its data folder across restarts.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(os.tmpdir(), "report-qa-pgdata-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts db:local on a free port; resolves with its DATABASE_URL and a way to stop it by a signal. */
async function start(port = "0") {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/db-local.ts", "--port", port, "--dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const deadline = Date.now() + 90_000;
  while (!/DATABASE_URL=\S+/.test(log) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const url = log.match(/DATABASE_URL=(\S+)/)?.[1];
  return {
    url,
    log: () => log,
    stop: async (signal: NodeJS.Signals) => {
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

describe("npm run db:local", () => {
  it("serves Postgres with pgvector, stops on SIGINT and SIGTERM, and keeps its data", async () => {
    const first = await start();
    expect(first.url, first.log()).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    let pool = new pg.Pool({ connectionString: first.url, max: 1 });
    try {
      await pool.query("create extension if not exists vector");
      await pool.query("create table kept (id int primary key, v vector(3))");
      await pool.query("insert into kept values (1, '[1,2,3]')");
      const [row] = (await pool.query("select 1 - (v <=> '[1,2,4]') as s from kept")).rows;
      // pgvector sums in single precision.
      expect(row.s).toBeCloseTo(17 / Math.sqrt(14 * 21), 6);
    } finally {
      await pool.end();
    }
    expect(await first.stop("SIGINT")).toBe(0);
    expect(first.log()).toMatch(/SIGINT: stopping/);

    const second = await start();
    expect(second.url, second.log()).toBeDefined();
    pool = new pg.Pool({ connectionString: second.url, max: 1 });
    try {
      expect((await pool.query("select id, v::text from kept")).rows).toEqual([{ id: 1, v: "[1,2,3]" }]);
    } finally {
      await pool.end();
    }
    expect(await second.stop("SIGTERM")).toBe(0);
  }, 180_000);

  it("refuses a bad port with a clear message", async () => {
    const bad = await start("http");
    expect(bad.url).toBeUndefined();
    expect(await bad.stop("SIGTERM")).toBe(2);
    expect(bad.log()).toMatch(/--port must be a port number/);
  });
});
