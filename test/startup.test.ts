// Start-up never crash-loops while a good index exists: unreadable reports are named
// and skipped, a read-only index/ serves the last good build, report files stay inside
// the corpus folder, and /api/health answers during a build (it runs in a worker thread).
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { openEngine, type Engine } from "../src/engine.js";
import { createApp } from "../src/server/app.js";
import { listen } from "../src/server/listen.js";
import { SEED_ID, seedCorpusDir, testConfig } from "./helpers.js";

const GRAIN = "2022年全区粮食种植面积是多少？";

describe("bad report files are named and skipped; the rest are served", () => {
  it("skips broken overrides, duplicate ids, links out of the folder, binary, oversized and non-report files", async () => {
    const corpusDir = seedCorpusDir();
    const seed = readFileSync(path.join(corpusDir, `${SEED_ID}.txt`), "utf8");
    const put = (name: string, data: string | Buffer) => writeFileSync(path.join(corpusDir, name), data);
    put("broken.txt", seed);
    put("broken.json", "{ not json");
    put("schema.txt", seed);
    put("schema.json", JSON.stringify({ reportYear: "soon" }));
    // Files are read in name order: the first report to claim an id keeps it.
    put("zz-dup.txt", seed);
    put("zz-dup.json", JSON.stringify({ id: SEED_ID }));
    symlinkSync(path.resolve("package.json"), path.join(corpusDir, "outside.txt"));
    put("binary.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3]));
    put("big.txt", "各位代表:\n".repeat(20_000));
    put("minutes.txt", "会议纪要\n今天讨论了三件事。\n");
    const logs: string[] = [];
    const engine = await openEngine(testConfig({ corpusDir, maxReportBytes: 100_000 }), { log: (m) => logs.push(m) });
    const log = logs.join("\n");
    for (const [file, why] of [
      ["broken.txt", /broken\.json is not valid JSON/],
      ["schema.txt", /schema\.json: .*reportYear/],
      ["zz-dup.txt", /already used/],
      ["outside.txt", /outside the corpus folder/],
      ["binary.txt", /binary/],
      ["big.txt", /over the .* limit/],
      ["minutes.txt", /no place found/],
    ] as const) {
      expect(log).toMatch(new RegExp(`skipped ${file.replace(".", "\\.")}: .*${why.source}`));
    }
    expect(engine.corpus.documents.map((d) => d.id)).toEqual([SEED_ID]);
    expect((await engine.ask(GRAIN)).answer).toContain("4.87万亩");
  });
});

/** Makes a folder unwritable, even for root (chattr +i); null when this machine cannot. */
function freeze(dir: string): (() => void) | null {
  chmodSync(dir, 0o555);
  try {
    writeFileSync(path.join(dir, ".probe"), "");
  } catch {
    return () => chmodSync(dir, 0o755);
  }
  try {
    execFileSync("chattr", ["+i", dir], { stdio: "ignore" });
    writeFileSync(path.join(dir, ".probe2"), "");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EPERM") return () => execFileSync("chattr", ["-i", dir]);
  }
  return null;
}

describe("an index that cannot be rebuilt", () => {
  it("serves the last good build, with its own report texts, when index/ is read-only", async (ctx) => {
    const corpusDir = seedCorpusDir();
    const config = testConfig({ corpusDir });
    await openEngine(config);
    // The corpus changes (the index is stale) and index/ cannot be written.
    writeFileSync(path.join(corpusDir, `${SEED_ID}.txt`), "各位代表:\n一段新的文字。\n");
    const thaw = freeze(config.indexDir);
    if (!thaw) return ctx.skip();
    try {
      const logs: string[] = [];
      const engine = await openEngine(config, { log: (m) => logs.push(m) });
      expect(logs.join("\n")).toMatch(/serving the 1 report\(s\) indexed before/);
      const answer = await engine.ask(GRAIN);
      expect(answer.answer).toContain("4.87万亩");
      // The citation is recoverable from the text the index was built from.
      const cited = answer.citations[0]!;
      const doc = engine.corpus.documents.find((d) => d.id === cited.docId)!;
      expect(doc.text.slice(cited.start, cited.end)).toBe(cited.quote);
    } finally {
      thaw();
    }
  });

  it("fails clearly when no report is readable and no build exists", async () => {
    const corpusDir = mkdtempSync(path.join(os.tmpdir(), "report-qa-empty-"));
    await expect(openEngine(testConfig({ corpusDir }))).rejects.toThrow(/no readable report/);
  });
});

describe("builds run off the request thread", () => {
  it("answers /api/health within 100 ms while the index builds", async () => {
    const corpusDir = seedCorpusDir();
    copyFileSync(path.join(corpusDir, `${SEED_ID}.txt`), path.join(corpusDir, "copy.txt"));
    // Polled every 10 ms for the whole build: on a busy machine that outlasts the default rate limit.
    const config = testConfig({ corpusDir, rateLimitPerMinute: 1_000_000 });
    let engine: Engine | null = null;
    const server = await listen(createApp(() => engine, config), config, 0, "127.0.0.1");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
    try {
      const opening = openEngine(config, { rebuild: true }).then((e) => (engine = e));
      const latencies: number[] = [];
      let building = true;
      void opening.finally(() => (building = false));
      while (building) {
        const started = performance.now();
        expect((await fetch(url)).status).toBe(200);
        latencies.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 10));
      }
      await opening;
      expect(latencies.length).toBeGreaterThan(10);
      // The median shows the event loop free during the build; the max allows the index load at the end.
      latencies.sort((a, b) => a - b);
      expect(latencies[Math.floor(latencies.length / 2)]!).toBeLessThan(20);
      expect(latencies.filter((ms) => ms > 100).length).toBeLessThanOrEqual(2);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
