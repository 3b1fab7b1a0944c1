/**
 * The composition root: loads the corpus, the embedding model and the index
 * (building the index when it is missing, stale or damaged), and answers
 * questions. The HTTP server, the CLI and the evaluation all go through here,
 * so they run the same code path.
 */
import type { Config } from "./config.js";
import { buildCorpus, loadDocuments, type Corpus } from "./corpus/load.js";
import { ReportEmbeddings } from "./embed/embeddings.js";
import { loadModel } from "./embed/model.js";
import { BUILTIN_MODEL_ID, isBuiltinModelCurrent } from "./embed/builtin/build-model.js";
import { IndexError, bm25Text, loadIndex, loadLastGoodIndex, type BuildProgress, type SearchIndex } from "./index/store.js";
import { runBuild } from "./index/build-worker.js";
import { NO_DEADLINE, type Deadline } from "./deadline.js";
import path from "node:path";
import { TermStats } from "./index/term-stats.js";
import { composeAnswer } from "./answer/answer.js";
import { analyzeQuestion } from "./answer/question.js";
import { HybridRetriever, type ParagraphHit, type RetrievalMode } from "./retrieve/hybrid.js";
import type { Answer, Citation, Paragraph } from "./types.js";
import { extractAllFigures, type FigureRecord } from "./answer/figures.js";
import { FigureIndex, checkClaim, type FigureCheck, type Verdict } from "./answer/claims.js";
import { citation } from "./answer/citation.js";
import { normalize, tokenize } from "./index/tokenize.js";

export type Log = (msg: string) => void;

export interface AskOptions {
  topK?: number;
  mode?: RetrievalMode;
  /** The request's time budget; none for offline callers. */
  deadline?: Deadline;
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
  check(claim: string, deadline?: Deadline): Promise<CheckResult>;
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
  const loaded = await loadDocuments(config.corpusDir, config.maxReportBytes);
  for (const p of loaded.problems) log(`corpus: skipped ${p.file}: ${p.message}`);
  // The built-in model is generated (seconds of CPU) in the build worker, never on this thread.
  const builtinDir = path.join(config.modelsDir, BUILTIN_MODEL_ID);
  if ((config.embedModel === BUILTIN_MODEL_ID || config.fallbackToBuiltin) && !(await isBuiltinModelCurrent(builtinDir))) {
    log(`building the built-in embedding model into ${builtinDir}`);
    await runBuild({ kind: "model", dir: builtinDir });
  }
  const model = await loadModel(config, log);
  const embeddings = await ReportEmbeddings.create(model);
  const index = await ensureIndex(config, buildCorpus(loaded.documents, config.chunkMaxChars), embeddings, options, log);
  // The corpus served is the one the index was built from (the last good build may predate an edit).
  const corpus = buildCorpus(index.documents, config.chunkMaxChars);

  const paragraphsById = new Map(corpus.paragraphs.map((p) => [p.id, p]));
  const retriever = new HybridRetriever(index, embeddings, paragraphsById, config);
  const stats = new TermStats(index.chunks, bm25Text, corpus.documents.map((d) => d.title));
  const documents = new Map(corpus.documents.map((d) => [d.id, d]));
  const notes = corpus.paragraphs.filter((p) => p.kind === "note");
  const reportYear = Math.max(...corpus.documents.map((d) => d.reportYear));
  const figures = extractAllFigures(corpus.paragraphs);
  const figureIndex = new FigureIndex(figures);
  const figureCitation = (f: FigureRecord, role: Citation["role"] = "answer") =>
    citation(paragraphsById.get(f.paragraphId)!, documents.get(f.docId), f.start, f.end, 1, role);

  async function check(claim: string, deadline: Deadline = NO_DEADLINE): Promise<CheckResult> {
    const started = performance.now();
    const retrieved = await retriever.retrieve(claim, "hybrid");
    deadline.check("retrieving passages for the claim");
    const outcome = checkClaim(claim, {
      figures: figureIndex,
      paragraphs: retrieved.paragraphs.slice(0, config.answerCandidates).map((h) => h.paragraph),
      weights: stats,
      reportYear,
      maxFigures: config.maxClaimFigures,
      deadline,
    });
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
    const deadline = opts.deadline ?? NO_DEADLINE;
    const q = analyzeQuestion(question, stats, reportYear, index.english, { maxParts: config.maxQuestionParts, maxTerms: config.maxQuestionTerms });
    const mode = opts.mode ?? "hybrid";
    const retrieved = await retriever.retrieve(question, mode, q.terms.flatMap((t) => t.alts));
    // Each part of a multi-part question is also searched on its own, so a part the
    // whole question ranks low (工业投资 among three figures) still has candidates.
    let hits = retrieved.paragraphs;
    const asking = q.segments.filter((s) => s.asks && s.terms.length > 0);
    if (asking.length > 1) {
      const topic = q.segments.filter((s) => !s.asks).map((s) => s.text).join(" ");
      for (const segment of asking) {
        deadline.check("retrieving the parts of the question");
        hits = mergeHits(hits, (await retriever.retrieve(`${topic} ${segment.text}`, mode)).paragraphs);
      }
    }
    deadline.check("retrieving passages");
    const t = performance.now();
    const draft = composeAnswer(q, hits, { documents, notes }, {
      topK: opts.topK ?? config.defaultTopK,
      minCoverage: config.minCoverage,
      reportYear,
      maxCandidates: config.answerCandidates,
      maxClauses: config.maxClauses,
      deadline,
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

/**
 * The index for this corpus: loaded when valid, else built in the worker thread.
 * When it cannot be built (index/ read-only, no readable report) the newest
 * intact build is served instead, with a clear log line: a supervisor restarting
 * a process that exits would only loop, while the last good index answers.
 */
async function ensureIndex(config: Config, corpus: Corpus, embeddings: ReportEmbeddings, options: OpenOptions, log: Log): Promise<SearchIndex> {
  const expect = { modelId: embeddings.spec.id, modelFingerprint: embeddings.fingerprint, chunkMaxChars: config.chunkMaxChars };
  if (!options.rebuild) {
    try {
      return await loadIndex(config, { ...expect, corpusHash: corpus.hash });
    } catch (err) {
      if (!(err instanceof IndexError)) throw err;
      log(`index: ${err.message}; rebuilding`);
    }
  }
  try {
    if (corpus.documents.length === 0) throw new Error(`no readable report in ${config.corpusDir}`);
    await runBuild({ kind: "index", config, documents: corpus.documents }, (done, total) => options.progress?.("embed", done, total));
    const index = await loadIndex(config, { ...expect, corpusHash: corpus.hash });
    log(`index: built ${index.manifest.chunks} chunks with ${index.manifest.model.id} in ${index.manifest.buildMs} ms`);
    return index;
  } catch (err) {
    const last = await loadLastGoodIndex(config, expect);
    if (!last) throw new Error(`cannot build the index (${(err as Error).message}) and no earlier build can be served`, { cause: err });
    log(`index: cannot build (${(err as Error).message}); serving the last good build from ${last.manifest.builtAt} (${last.documents.length} reports, ${last.manifest.chunks} chunks)`);
    return last;
  }
}
