/**
 * The composition root: loads the corpus, the embedding model and the index
 * (building the index when it is missing, stale or damaged), and answers
 * questions. The HTTP server, the CLI and the evaluation all go through here,
 * so they run the same code path.
 */
import type { Config } from "./config.js";
import { loadCorpus, type Corpus } from "./corpus/load.js";
import { ReportEmbeddings } from "./embed/embeddings.js";
import { loadModel } from "./embed/model.js";
import { IndexError, bm25Text, buildIndex, loadIndex, type BuildProgress, type SearchIndex } from "./index/store.js";
import { TermStats } from "./index/term-stats.js";
import { composeAnswer } from "./answer/answer.js";
import { analyzeQuestion } from "./answer/question.js";
import { HybridRetriever, type ParagraphHit, type RetrievalMode } from "./retrieve/hybrid.js";
import type { Answer, Paragraph } from "./types.js";

export type Log = (msg: string) => void;

export interface AskOptions {
  topK?: number;
  mode?: RetrievalMode;
}

export interface Engine {
  config: Config;
  corpus: Corpus;
  embeddings: ReportEmbeddings;
  index: SearchIndex;
  paragraphsById: Map<string, Paragraph>;
  retriever: HybridRetriever;
  ask(question: string, options?: AskOptions): Promise<Answer>;
}

export interface OpenOptions {
  log?: Log;
  progress?: BuildProgress;
  /** Rebuild even when the saved index is valid. */
  rebuild?: boolean;
}

export async function openEngine(config: Config, options: OpenOptions = {}): Promise<Engine> {
  const log = options.log ?? (() => {});
  const corpus = await loadCorpus(config.corpusDir, config.chunkMaxChars);
  const model = await loadModel(config, log);
  const embeddings = await ReportEmbeddings.create(model);
  const index = await ensureIndex(config, corpus, embeddings, options, log);

  const paragraphsById = new Map(corpus.paragraphs.map((p) => [p.id, p]));
  const retriever = new HybridRetriever(index, embeddings, paragraphsById, config);
  const stats = new TermStats(index.chunks, bm25Text, corpus.documents.map((d) => d.title));
  const documents = new Map(corpus.documents.map((d) => [d.id, d]));
  const notes = corpus.paragraphs.filter((p) => p.kind === "note");
  const reportYear = Math.max(...corpus.documents.map((d) => d.reportYear));

  async function ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    const started = performance.now();
    const q = analyzeQuestion(question, stats, reportYear, index.english);
    const mode = opts.mode ?? "hybrid";
    const retrieved = await retriever.retrieve(question, mode, q.terms.flatMap((t) => t.alts));
    // Each part of a multi-part question is also searched on its own, so a part the
    // whole question ranks low (工业投资 among three figures) still has candidates.
    let hits = retrieved.paragraphs;
    const asking = q.segments.filter((s) => s.asks && s.terms.length > 0);
    if (asking.length > 1) {
      const topic = q.segments.filter((s) => !s.asks).map((s) => s.text).join(" ");
      for (const segment of asking) hits = mergeHits(hits, (await retriever.retrieve(`${topic} ${segment.text}`, mode)).paragraphs);
    }
    const t = performance.now();
    const draft = composeAnswer(q, hits, { documents, notes }, {
      topK: opts.topK ?? config.defaultTopK,
      minCoverage: config.minCoverage,
      reportYear,
      maxCandidates: 8,
    });
    const answerMs = performance.now() - t;
    const round = (ms: number) => Math.round(ms * 100) / 100;
    return {
      ...draft,
      timings: {
        totalMs: round(performance.now() - started),
        embedMs: round(retrieved.embedMs),
        denseMs: round(retrieved.denseMs),
        bm25Ms: round(retrieved.bm25Ms),
        answerMs: round(answerMs),
      },
    } as Answer;
  }

  return { config, corpus, embeddings, index, paragraphsById, retriever, ask };
}

/** Union of two ranked paragraph lists, each paragraph at its best score. */
function mergeHits(a: ParagraphHit[], b: ParagraphHit[]): ParagraphHit[] {
  const byId = new Map(a.map((h) => [h.paragraph.id, h]));
  for (const h of b) {
    const prev = byId.get(h.paragraph.id);
    if (!prev || h.score > prev.score) byId.set(h.paragraph.id, prev ? { ...h, score: Math.max(h.score, prev.score) } : h);
  }
  return [...byId.values()].sort((x, y) => y.score - x.score);
}

async function ensureIndex(config: Config, corpus: Corpus, embeddings: ReportEmbeddings, options: OpenOptions, log: Log): Promise<SearchIndex> {
  if (!options.rebuild) {
    try {
      return await loadIndex(config, { corpusHash: corpus.hash, modelId: embeddings.spec.id, chunkMaxChars: config.chunkMaxChars });
    } catch (err) {
      if (!(err instanceof IndexError)) throw err;
      log(`index: ${err.message}; rebuilding`);
    }
  }
  const index = await buildIndex(config, corpus, embeddings, options.progress);
  log(`index: built ${index.manifest.chunks} chunks with ${index.manifest.model.id} in ${index.manifest.buildMs} ms`);
  return index;
}
