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
import type { Answer, Citation, Paragraph } from "./types.js";
import { extractAllFigures, type FigureRecord } from "./answer/figures.js";
import { checkClaim, type FigureCheck, type Verdict } from "./answer/claims.js";
import { citation } from "./answer/citation.js";
import { normalize, tokenize } from "./index/tokenize.js";

export type Log = (msg: string) => void;

export interface AskOptions {
  topK?: number;
  mode?: RetrievalMode;
}

export interface CheckResult {
  verdict: Verdict;
  explanation: string;
  checks: FigureCheck[];
  evidence: Citation[];
  timings: { totalMs: number };
}

export interface FigureQuery {
  q?: string;
  period?: "result" | "plan" | "definition" | "meta";
  unit?: string;
  limit?: number;
}

export interface Engine {
  config: Config;
  figures: FigureRecord[];
  check(claim: string): Promise<CheckResult>;
  findFigures(query: FigureQuery): FigureRecord[];
  figureCitation(f: FigureRecord): Citation;
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
  const figures = extractAllFigures(corpus.paragraphs);
  const figureCitation = (f: FigureRecord, role: Citation["role"] = "answer") =>
    citation(paragraphsById.get(f.paragraphId)!, documents.get(f.docId), f.start, f.end, 1, role);

  async function check(claim: string): Promise<CheckResult> {
    const started = performance.now();
    const retrieved = await retriever.retrieve(claim, "hybrid");
    const outcome = checkClaim(claim, { figures, paragraphs: retrieved.paragraphs.slice(0, 8).map((h) => h.paragraph), weights: stats, reportYear });
    const evidence: Citation[] = [];
    for (const c of outcome.checks) {
      if (c.evidence && !evidence.some((e) => e.id === c.evidence!.paragraphId && e.start === c.evidence!.start)) evidence.push(figureCitation(c.evidence));
    }
    for (const h of retrieved.paragraphs) {
      if (evidence.length >= config.defaultTopK) break;
      if (evidence.some((c) => c.id === h.paragraph.id)) continue;
      const chunk = h.chunks[0]!.chunk;
      evidence.push(citation(h.paragraph, documents.get(h.paragraph.docId), chunk.start, chunk.end, h.score, "context"));
    }
    return { ...outcome, evidence, timings: { totalMs: Math.round((performance.now() - started) * 100) / 100 } };
  }

  function findFigures(query: FigureQuery): FigureRecord[] {
    const terms = query.q ? [...new Set(tokenize(query.q, "exact"))] : [];
    return figures
      .filter((f) => !query.period || f.scope.kind === query.period)
      .filter((f) => !query.unit || f.unit === query.unit || f.baseUnit === query.unit)
      .filter((f) => {
        if (terms.length === 0) return true;
        const text = normalize(`${f.metric} ${f.clause}`);
        return terms.filter((t) => text.includes(t)).length / terms.length >= 0.5;
      })
      .slice(0, query.limit ?? 50);
  }

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
      maxCandidates: config.answerCandidates,
    });
    const answerMs = performance.now() - t;
    // The figure records inside the quoted spans: value, unit, change and period as structured data.
    const quoted = draft.status === "answered" ? draft.citations.filter((c) => c.role === "answer") : [];
    draft.figures = figures.filter((f) => quoted.some((c) => c.id === f.paragraphId && f.start < c.end && f.end > c.start)).map(({ clause: _c, ...f }) => f);
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

  return { config, corpus, embeddings, index, paragraphsById, retriever, ask, figures, check, findFigures, figureCitation };
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
      return await loadIndex(config, { corpusHash: corpus.hash, modelId: embeddings.spec.id, modelFingerprint: embeddings.fingerprint, chunkMaxChars: config.chunkMaxChars });
    } catch (err) {
      if (!(err instanceof IndexError)) throw err;
      log(`index: ${err.message}; rebuilding`);
    }
  }
  const index = await buildIndex(config, corpus, embeddings, options.progress);
  log(`index: built ${index.manifest.chunks} chunks with ${index.manifest.model.id} in ${index.manifest.buildMs} ms`);
  return index;
}
