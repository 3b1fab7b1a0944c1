// Damaged or stale index files, an edited corpus, a missing model and a build killed
// with SIGKILL: each leads to a rebuild or a clear error, never a wrong index in use.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../src/corpus/load.js";
import { openEngine } from "../src/engine.js";
import { loadIndex } from "../src/index/store.js";
import { testConfig } from "./helpers.js";

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

async function builtIndex() {
  const config = testConfig();
  const engine = await openEngine(config);
  const current = readFileSync(path.join(config.indexDir, "CURRENT"), "utf8").trim();
  return { config, engine, dir: path.join(config.indexDir, current), current };
}

describe("index faults", () => {
  it("rebuilds when an index file is truncated, and answers correctly", async () => {
    const { config, engine, dir } = await builtIndex();
    truncateSync(path.join(dir, "hnsw.bin"), 100);
    const expect_ = { corpusHash: engine.corpus.hash, modelId: "builtin-zh-lex", chunkMaxChars: config.chunkMaxChars };
    await expect(loadIndex(config, expect_)).rejects.toMatchObject({ code: "INDEX_CORRUPT" });
    const logs: string[] = [];
    const again = await openEngine(config, { log: (m) => logs.push(m) });
    expect(logs.join("\n")).toMatch(/damaged.*rebuilding/);
    expect((await again.ask("2022年全区粮食种植面积是多少？")).answer).toContain("4.87万亩");
  });

  it("rebuilds when the manifest is garbage or CURRENT points nowhere", async () => {
    const { config, dir } = await builtIndex();
    writeFileSync(path.join(dir, "manifest.json"), "{not json");
    const logs: string[] = [];
    await openEngine(config, { log: (m) => logs.push(m) });
    expect(logs.join("\n")).toMatch(/unreadable.*rebuilding/);

    writeFileSync(path.join(config.indexDir, "CURRENT"), "build-gone");
    const logs2: string[] = [];
    const engine = await openEngine(config, { log: (m) => logs2.push(m) });
    expect(logs2.join("\n")).toMatch(/missing build.*rebuilding/);
    expect(engine.index.chunks.length).toBeGreaterThan(200);
  });

  it("rebuilds when the corpus is edited after indexing", async () => {
    const corpusDir = tmp("report-qa-corpus-");
    cpSync(testConfig().corpusDir, corpusDir, { recursive: true });
    const config = testConfig({ corpusDir });
    const first = await openEngine(config);
    const txt = readdirSync(corpusDir).find((f) => f.endsWith(".txt"))!; // the seed: testConfig's corpus holds only it
    appendFileSync(path.join(corpusDir, txt), "\n补充说明:测试用的新增段落。");
    const logs: string[] = [];
    const second = await openEngine(config, { log: (m) => logs.push(m) });
    expect(logs.join("\n")).toMatch(/corpus changed.*rebuilding/);
    expect(second.index.manifest.corpusHash).not.toBe(first.index.manifest.corpusHash);
    expect(second.index.chunks.length).toBe(first.index.chunks.length + 1);
    expect((await loadCorpus(corpusDir, config.chunkMaxChars)).hash).toBe(second.index.manifest.corpusHash);
  });

  it("rebuilds when the index was built by another model", async () => {
    const { config, dir } = await builtIndex();
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
    manifest.model.id = "Xenova/bge-small-zh-v1.5";
    writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
    const logs: string[] = [];
    await openEngine(config, { log: (m) => logs.push(m) });
    expect(logs.join("\n")).toMatch(/built with Xenova\/bge-small-zh-v1\.5.*rebuilding/);
  });

  it("keeps the previous good index when a build is killed with SIGKILL", async () => {
    const { config, engine, current } = await builtIndex();
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/build-index.ts"], {
      cwd: config.root,
      env: { ...process.env, INDEX_DIR: config.indexDir, EMBED_MODEL: "builtin-zh-lex", ALLOW_REMOTE_MODELS: "false" },
      stdio: "ignore",
    });
    // Kill it as soon as the new build folder appears, i.e. in the middle of writing.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !readdirSync(config.indexDir).some((f) => f.startsWith(".tmp-build-"))) {
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const killedMidBuild = readdirSync(config.indexDir).some((f) => f.startsWith(".tmp-build-"));
    // Whatever moment it died, CURRENT names a complete build that loads and verifies.
    const live = readFileSync(path.join(config.indexDir, "CURRENT"), "utf8").trim();
    expect(existsSync(path.join(config.indexDir, live, "manifest.json"))).toBe(true);
    const index = await loadIndex(config, { corpusHash: engine.corpus.hash, modelId: "builtin-zh-lex", chunkMaxChars: config.chunkMaxChars });
    expect(index.chunks.length).toBe(engine.index.chunks.length);
    // Killed while writing (the usual case): the previous build is still the live one.
    if (killedMidBuild) expect(live).toBe(current);
  }, 120_000);
});

describe("model faults", () => {
  it("says clearly when a configured model is missing and fallback is off", async () => {
    const config = testConfig({ embedModel: "Xenova/no-such-model", allowRemoteModels: false, fallbackToBuiltin: false, modelsDir: tmp("report-qa-models-") });
    await expect(openEngine(config)).rejects.toThrow(/not found in .* and ALLOW_REMOTE_MODELS is off/);
  });

  it("falls back to the built-in model, in one log line, without touching the network", async () => {
    const config = testConfig({ embedModel: "Xenova/bge-small-zh-v1.5", allowRemoteModels: false, modelCacheDir: tmp("report-qa-cache-") });
    const logs: string[] = [];
    const engine = await openEngine(config, { log: (m) => logs.push(m) });
    expect(logs.filter((l) => l.includes("using the built-in model"))).toHaveLength(1);
    expect(engine.embeddings.spec.id).toBe("builtin-zh-lex");
  });
});
