// Measures a built model through the real transformers.js pipeline and
// prints the numbers quoted in README.md:
//
//   npx tsx src/embed/builtin/measure.ts [--model DIR] [--corpus FILE]
//
// Without --model it builds a fresh model into a temp folder first (and
// reports the build time). Nothing here is asserted; the tests assert.

import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { env, pipeline } from "@xenova/transformers";
import { BUILTIN_MODEL_ID, buildBuiltinModelWithReport } from "./build-model.js";
import { EXTRA_TRIPLES, RETRIEVAL_PROBES, SIMILARITY_TRIPLES, TUNING_PROBES, cosine, meanReciprocalRank, rankProbes } from "./probes.js";



type Extractor = (texts: string[], opts: { pooling: "mean"; normalize: boolean }) => Promise<{ dims: number[]; data: Float32Array }>;

/** Loads the model folder `modelDir` through the standard pipeline. */
export async function loadExtractor(modelDir: string): Promise<Extractor> {
  env.localModelPath = path.dirname(path.resolve(modelDir)) + path.sep;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  const id = path.basename(path.resolve(modelDir));
  return (await pipeline("feature-extraction", id, { quantized: false })) as unknown as Extractor;
}

/** Embeds texts in batches; returns one vector per text. */
export async function embedAll(extractor: Extractor, texts: readonly string[], batch = 32): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += batch) {
    const t = await extractor(texts.slice(i, i + batch), { pooling: "mean", normalize: true });
    const dim = t.dims[1];
    for (let j = 0; j < t.dims[0]; j++) out.push(t.data.slice(j * dim, (j + 1) * dim));
  }
  return out;
}

/** The lines of the report the probes were written against (probes.ts names its lines). */
export async function readCorpusLines(file: string): Promise<string[]> {
  const lines = (await readFile(file, "utf8")).split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  let modelDir = opt("--model");
  let tmp: string | undefined;
  if (!modelDir) {
    tmp = await mkdtemp(path.join(os.tmpdir(), "builtin-zh-lex-"));
    modelDir = path.join(tmp, BUILTIN_MODEL_ID);
    const r = await buildBuiltinModelWithReport(modelDir);
    console.log(`build: ${(r.ms / 1000).toFixed(1)} s, rows ${r.rows}, tokens ${r.tokens}`);
  }
  try {
    const onnxBytes = (await stat(path.join(modelDir, "onnx", "model.onnx"))).size;
    const tokBytes = (await stat(path.join(modelDir, "tokenizer.json"))).size;
    console.log(`size: model.onnx ${(onnxBytes / 1e6).toFixed(1)} MB, tokenizer.json ${(tokBytes / 1e6).toFixed(1)} MB`);

    let t = performance.now();
    const extractor = await loadExtractor(modelDir);
    console.log(`load (pipeline()): ${Math.round(performance.now() - t)} ms`);

    const corpus = opt("--corpus");
    if (!corpus) throw new Error("--corpus FILE: the report the probes were written against (corpus/<id>.txt)");
    const lines = await readCorpusLines(corpus);
    t = performance.now();
    const lineVecs = await embedAll(extractor, lines);
    console.log(`embed ${lines.length} report lines: ${Math.round(performance.now() - t)} ms`);
    t = performance.now();
    await embedAll(extractor, ["2022年地区生产总值是多少"]);
    console.log(`one query: ${(performance.now() - t).toFixed(1)} ms`);

    console.log("\nsimilarity (cosine): anchor | closer vs farther");
    for (const [label, triples] of [["spec", SIMILARITY_TRIPLES], ["extra", EXTRA_TRIPLES]] as const) {
      let ok = 0;
      for (const [a, p, n] of triples) {
        const [va, vp, vn] = await embedAll(extractor, [a, p, n]);
        const cp = cosine(va, vp);
        const cn = cosine(va, vn);
        if (cp > cn) ok++;
        console.log(`  ${cp > cn ? "ok  " : "MISS"} ${a} | ${p} ${cp.toFixed(3)} vs ${n} ${cn.toFixed(3)}`);
      }
      console.log(`  ${label}: ${ok}/${triples.length} in the right order`);
    }

    for (const [label, probes] of [["retrieval probes", RETRIEVAL_PROBES], ["tuning probes", TUNING_PROBES]] as const) {
      const qv = await embedAll(extractor, probes.map((p) => p.question));
      const ranks = rankProbes(probes, qv, lineVecs);
      console.log(`\n${label} (rank of the right line among ${lines.length}):`);
      probes.forEach((p, i) => console.log(`  ${String(ranks[i]).padStart(3)}  ${p.question}  → line ${p.lines.join("/")}`));
      const top = (k: number) => ranks.filter((r) => r <= k).length;
      console.log(`  top1 ${top(1)}/${ranks.length}, top3 ${top(3)}/${ranks.length}, top10 ${top(10)}/${ranks.length}, MRR ${meanReciprocalRank(ranks).toFixed(3)}`);
    }
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) await main();
