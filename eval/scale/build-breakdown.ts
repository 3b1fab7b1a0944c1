/**
 * Where a full build's time goes: the steps of indexing (src/index/backend.ts
 * indexReport, then the backend's putReports) and of opening the engine on the
 * built index, run one by one in this process on one core, each timed. An aid
 * for the build's design, run by bench-scale only with --breakdown.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Config } from "../../src/config.js";
import { buildCorpus, loadDocuments } from "../../src/corpus/load.js";
import { ReportEmbeddings } from "../../src/embed/embeddings.js";
import { loadModel } from "../../src/embed/model.js";
import { extractAllFigures } from "../../src/answer/figures.js";
import { chunkTerms, denseText, expectedManifest, type IndexedReport } from "../../src/index/backend.js";
import { openBackend } from "../../src/index/sync.js";
import { buildEnglishLexicon } from "../../src/index/english.js";
import { TermStats } from "../../src/index/term-stats.js";

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
  const indexDir = mkdtempSync(path.join(os.tmpdir(), "report-qa-breakdown-"));
  const cfg = { ...config, indexDir, databaseUrl: "" };
  try {
    const { documents } = await time("read reports and their profiles", () => loadDocuments(cfg.corpusDir, cfg.maxReportBytes), (d) => `${d.documents.length} reports`);
    const embeddings = await time("load the model", async () => ReportEmbeddings.create(await loadModel(cfg)));
    const corpora = await time("parse structure and chunk", () => documents.map((d) => buildCorpus([d], cfg.chunkMaxChars)), (c) => `${c.reduce((s, x) => s + x.chunks.length, 0)} chunks`);
    const terms = await time("jieba terms per chunk", () => corpora.map((c) => c.chunks.map(chunkTerms)));
    const figures = await time("figures", () => corpora.map((c) => extractAllFigures(c.paragraphs)));
    const vectors: Float32Array[][] = [];
    await time("embedding (one process)", async () => {
      for (const c of corpora) vectors.push((await embeddings.embedDocuments(c.chunks.map(denseText))).map((v) => Float32Array.from(v)));
    });
    const reports: IndexedReport[] = documents.map((d, i) => ({
      manifest: { ...expectedManifest(d, embeddings, cfg.chunkMaxChars), chunks: corpora[i]!.chunks.length, indexedAt: new Date().toISOString(), buildMs: 0 },
      document: d,
      paragraphs: corpora[i]!.paragraphs,
      chunks: corpora[i]!.chunks,
      vectors: vectors[i]!,
      terms: terms[i]!,
      figures: figures[i]!,
    }));
    await time("graph insertion and files (putReports)", async () => {
      const backend = await openBackend(cfg, embeddings.dims, "write");
      await backend.putReports(reports);
      await backend.close();
    });
    const backend = await time("start: load and verify the index", () => openBackend(cfg, embeddings.dims, "read"));
    const stats = await time("start: term statistics", async () => new TermStats(await backend.termCounts()));
    await time("start: English lexicon", () => buildEnglishLexicon(stats.documentFrequencies));
    await time("start: reparse the reports", async () => buildCorpus(await backend.documents(), cfg.chunkMaxChars));
    await backend.close();
    return steps;
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}
