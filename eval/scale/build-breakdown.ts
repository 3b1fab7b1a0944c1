/**
 * Where a full build's time goes: the steps of src/index/store.ts buildIndex
 * (and of a start on the built index) run one by one in this process, each
 * timed. It reads today's internals, so it is an aid for reworking the build,
 * not part of the black-box benchmark: when the internals change, update it
 * (bench-scale runs it only with --breakdown).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../../src/config.js";
import { buildCorpus, loadDocuments } from "../../src/corpus/load.js";
import { ReportEmbeddings } from "../../src/embed/embeddings.js";
import { loadModel } from "../../src/embed/model.js";
import { Bm25Index } from "../../src/index/bm25.js";
import { buildEnglishLexicon } from "../../src/index/english.js";
import { bm25Text, denseText } from "../../src/index/store.js";
import { TermStats } from "../../src/index/term-stats.js";
import { VectorIndex } from "../../src/index/vector.js";
import { extractAllFigures } from "../../src/answer/figures.js";

export interface BreakdownStep {
  /** A build step, or what each start does with the built index. */
  phase: "build" | "start";
  step: string;
  ms: number;
  note?: string;
}

export async function buildBreakdown(config: Config): Promise<BreakdownStep[]> {
  const steps: BreakdownStep[] = [];
  const time = async <T>(step: string, f: () => T | Promise<T>, note?: (t: T) => string): Promise<T> => {
    const started = performance.now();
    const out = await f();
    steps.push({ phase: step.startsWith("start: ") ? "start" : "build", step: step.replace(/^start: /, ""), ms: performance.now() - started, note: note?.(out) });
    return out;
  };
  const { documents } = await time("read reports and their profiles", () => loadDocuments(config.corpusDir, config.maxReportBytes), (d) => `${d.documents.length} reports`);
  const corpus = await time("parse structure and chunk", () => buildCorpus(documents, config.chunkMaxChars), (c) => `${c.paragraphs.length} paragraphs, ${c.chunks.length} chunks`);
  const embeddings = await time("load the embedding model", async () => ReportEmbeddings.create(await loadModel(config)), (e) => e.spec.id);
  const vectors = await time("embed every chunk", () => embeddings.embedDocuments(corpus.chunks.map(denseText)), (v) => `${v.length} vectors`);
  const params = { m: config.hnswM, efConstruction: config.hnswEfConstruction, efSearch: config.hnswEfSearch };
  const hnsw = await time("HNSW insertion", () => VectorIndex.build(vectors, embeddings.dims, params), () => `M ${params.m}, efConstruction ${params.efConstruction}`);
  const bm25 = await time("BM25 (MiniSearch per report, jieba)", () => Bm25Index.build(corpus.chunks, { k1: config.bm25K1, b: config.bm25B }, bm25Text));
  const english = await time("English lexicon", () => buildEnglishLexicon(corpus.chunks, corpus.documents.flatMap((d) => [d.place.name, d.place.short, ...d.place.within])));

  const dir = mkdtempSync(path.join(config.indexDir + "-"));
  try {
    const files = await time("write files and their sha256", async () => {
      hnsw.write(path.join(dir, "hnsw.bin"));
      await writeFile(path.join(dir, "bm25.json"), bm25.toJSON());
      await writeFile(path.join(dir, "chunks.json"), JSON.stringify(corpus.chunks));
      await writeFile(path.join(dir, "english.json"), JSON.stringify(english));
      await writeFile(path.join(dir, "documents.json"), JSON.stringify(corpus.documents));
      const names = ["hnsw.bin", "bm25.json", "chunks.json", "english.json", "documents.json"];
      for (const f of names) createHash("sha256").update(await readFile(path.join(dir, f))).digest("hex");
      return names;
    }, (names) => names.join(", "));
    // What every start then does with the built index (engine.ts): load and check it, term statistics, figures.
    await time("start: read, hash and parse the files", async () => {
      for (const f of files) createHash("sha256").update(await readFile(path.join(dir, f))).digest("hex");
      VectorIndex.read(path.join(dir, "hnsw.bin"), embeddings.dims, params);
      Bm25Index.fromJSON(await readFile(path.join(dir, "bm25.json"), "utf8"), { k1: config.bm25K1, b: config.bm25B });
      JSON.parse(await readFile(path.join(dir, "chunks.json"), "utf8"));
      JSON.parse(await readFile(path.join(dir, "documents.json"), "utf8"));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await time("start: parse structure again (served corpus)", () => buildCorpus(corpus.documents, config.chunkMaxChars));
  await time("start: term statistics (TermStats)", () => new TermStats(corpus.chunks, bm25Text, corpus.documents.flatMap((p) => [...p.place.aliases, ...p.place.selfWords, p.place.parent ?? ""])));
  await time("start: figures (extractAllFigures)", () => extractAllFigures(corpus.paragraphs), (f) => `${f.length} figures`);
  return steps;
}
