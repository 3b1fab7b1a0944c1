// Damaged index files, an edited corpus, another chunking, a removed report and a
// build killed with SIGKILL: each leads to re-indexing just what is affected, or a
// clear error — never a wrong or half-written report in use.
import { spawn } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { openEngine } from "../src/engine.js";
import { SEED_ID, testConfig } from "./helpers.js";

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));
const OTHER = "ningxia-2026";

/** A corpus of the seed and one provincial report, indexed. */
async function indexedPair(overrides = {}) {
  const corpusDir = tmp("report-qa-pair-");
  for (const id of [SEED_ID, OTHER]) copyFileSync(path.join(loadConfig().corpusDir, `${id}.txt`), path.join(corpusDir, `${id}.txt`));
  const config = testConfig({ corpusDir, ...overrides });
  const engine = await openEngine(config);
  return { config, engine, corpusDir };
}

const catalog = (indexDir: string) => JSON.parse(readFileSync(path.join(indexDir, "catalog.json"), "utf8")) as { version: string; hnsw: { file: string }; reports: Record<string, { dir: string }> };
const reopen = async (config: ReturnType<typeof testConfig>) => {
  const logs: string[] = [];
  const engine = await openEngine(config, { log: (m) => logs.push(m) });
  return { engine, log: logs.join("\n") };
};

describe("index faults", () => {
  it("re-indexes only the report whose file is damaged, and answers correctly", async () => {
    const { config } = await indexedPair();
    const before = catalog(config.indexDir);
    truncateSync(path.join(config.indexDir, "reports", before.reports[SEED_ID]!.dir, "vectors.f32"), 100);
    const { engine, log } = await reopen(config);
    expect(log).toMatch(new RegExp(`report ${SEED_ID}: vectors.f32 is missing or damaged`));
    expect(log).toMatch(/1 report\(s\) to index, 0 to remove, 1 unchanged/);
    const after = catalog(config.indexDir);
    expect(after.reports[OTHER]!.dir).toBe(before.reports[OTHER]!.dir);
    expect(after.reports[SEED_ID]!.dir).not.toBe(before.reports[SEED_ID]!.dir);
    expect((await engine.ask("2022年全区粮食种植面积是多少？")).answer).toContain("4.87万亩");
  });

  it("re-indexes everything when the catalog is garbage, and rebuilds a damaged graph from the stored vectors", async () => {
    const { config, engine: first } = await indexedPair();
    writeFileSync(path.join(config.indexDir, "catalog.json"), "{not json");
    const garbage = await reopen(config);
    expect(garbage.log).toMatch(/catalog.json is unreadable/);
    expect(garbage.log).toMatch(/2 report\(s\) to index/);
    expect(garbage.engine.corpus.chunks.length).toBe(first.corpus.chunks.length);

    truncateSync(path.join(config.indexDir, "hnsw", catalog(config.indexDir).hnsw.file), 50);
    const graph = await reopen(config);
    expect(graph.log).toMatch(/graph file .* cannot be read .* rebuilt from the stored vectors/);
    expect(graph.log).not.toMatch(/to index/);
    const [hit] = await graph.engine.backend.denseSearch(await graph.engine.embeddings.embedQuery("粮食种植面积"), 1);
    expect(hit).toBeDefined();
    expect((await graph.engine.ask("2022年全区粮食种植面积是多少？")).answer).toContain("4.87万亩");
  });

  it("re-indexes only an edited report, and drops a removed one", async () => {
    const { config, engine: first, corpusDir } = await indexedPair();
    const before = catalog(config.indexDir);
    appendFileSync(path.join(corpusDir, `${SEED_ID}.txt`), "\n补充说明:测试用的新增段落。");
    const edited = await reopen(config);
    expect(edited.log).toMatch(/1 report\(s\) to index, 0 to remove, 1 unchanged/);
    expect(edited.engine.corpus.chunks.length).toBe(first.corpus.chunks.length + 1);
    expect(catalog(config.indexDir).reports[OTHER]!.dir).toBe(before.reports[OTHER]!.dir);
    expect(catalog(config.indexDir).version).not.toBe(before.version);

    rmSync(path.join(corpusDir, `${OTHER}.txt`));
    const removed = await reopen(config);
    expect(removed.log).toMatch(/0 report\(s\) to index, 1 to remove/);
    expect(removed.engine.profiles.map((p) => p.id)).toEqual([SEED_ID]);
    expect(readdirSync(path.join(config.indexDir, "reports")).filter((d) => d.startsWith(OTHER))).toEqual([]);
    const answer = await removed.engine.ask("宁夏2025年地区生产总值增长多少？");
    expect(answer.citations.every((c) => c.docId === SEED_ID)).toBe(true);
  });

  it("re-indexes every report when the chunking changes", async () => {
    const { config } = await indexedPair();
    const { log } = await reopen({ ...config, chunkMaxChars: config.chunkMaxChars + 20 });
    expect(log).toMatch(/2 report\(s\) to index, 0 to remove, 0 unchanged/);
  });

  it("keeps every report served when an indexing run is killed with SIGKILL", async () => {
    const { config, engine } = await indexedPair();
    const before = catalog(config.indexDir);
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/build-index.ts"], {
      cwd: config.root,
      env: { ...process.env, CORPUS_DIR: config.corpusDir, INDEX_DIR: config.indexDir, EMBED_MODEL: "builtin-zh-lex", ALLOW_REMOTE_MODELS: "false" },
      stdio: "ignore",
    });
    // Kill it as soon as a new report folder is being written.
    const reports = path.join(config.indexDir, "reports");
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !readdirSync(reports).some((f) => f.startsWith(".tmp-"))) await new Promise((r) => setTimeout(r, 2));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    // Whatever moment it died, the catalog names complete reports that load and verify.
    const { engine: again, log } = await reopen(config);
    expect(log).not.toMatch(/damaged|unreadable|to index/);
    expect(again.corpus.chunks.length).toBe(engine.corpus.chunks.length);
    expect(Object.keys(catalog(config.indexDir).reports).sort()).toEqual(Object.keys(before.reports).sort());
    expect((await again.ask("2022年全区粮食种植面积是多少？")).answer).toContain("4.87万亩");
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
