/**
 * The composition root: loads the corpus, the embedding model and the index
 * (building the index when it is missing, stale or damaged), and answers
 * questions. The HTTP server, the CLI and the evaluation all go through here,
 * so they run the same code path:
 *
 *   question → plan (analyzeQuestion) → route (which reports) → retrieve (only
 *   those reports) → compose (per report, with its own years and periods) →
 *   combine (one report, or several labelled).
 */
import path from "node:path";
import type { Config } from "./config.js";
import { buildCorpus, loadDocuments, type Corpus } from "./corpus/load.js";
import { ReportEmbeddings } from "./embed/embeddings.js";
import { loadModel } from "./embed/model.js";
import { BUILTIN_MODEL_ID, isBuiltinModelCurrent } from "./embed/builtin/build-model.js";
import { IndexError, bm25Text, loadIndex, loadLastGoodIndex, type BuildProgress, type Manifest, type SearchIndex } from "./index/store.js";
import { runBuild } from "./index/build-worker.js";
import { NO_DEADLINE, type Deadline } from "./deadline.js";
import { TermStats } from "./index/term-stats.js";
import { REFUSAL_TEXT, composeAnswer, type Draft } from "./answer/answer.js";
import { analyzeQuestion, termWeight, unitFamily, type QuestionAnalysis } from "./answer/question.js";
import { canonicalMetric } from "./answer/metrics.js";
import { chooseReports, combineDrafts, type ReportDraft } from "./answer/combine.js";
import { routeQuestion } from "./retrieve/route.js";
import { rankingAnswer, readRanking } from "./answer/rank.js";
import { interpret } from "./answer/followup.js";
import { HybridRetriever, type ParagraphHit, type RetrievalMode } from "./retrieve/hybrid.js";
import type { Answer, Citation, DocumentProfile, Paragraph, ReportDocument } from "./types.js";
import { extractAllFigures, type FigureRecord } from "./answer/figures.js";
import { FigureIndex, checkClaim, type FigureCheck, type Verdict } from "./answer/claims.js";
import { citation } from "./answer/citation.js";
import { normalize, tokenize } from "./index/tokenize.js";
import { parseChineseNumbers } from "./answer/numerals.js";
import { ENGLISH_ALTS, translate } from "./index/english.js";
import { PROVINCE_LEVEL_NAMES, PROVINCIAL_CAPITALS } from "./lexicon.js";

/** A search over several reports reads deeper, so each report's best passages are among the candidates. */
const MULTI_REPORT_DEPTH = 3;

export type Log = (msg: string) => void;

export interface AskOptions {
  /** The conversation's earlier questions, oldest first: a follow-up (那2023年的目标呢？) is read after them. */
  history?: string[];
  topK?: number;
  mode?: RetrievalMode;
  /** Only these reports (by id); all when absent. */
  docIds?: string[];
  /** The request's time budget; none for offline callers. */
  deadline?: Deadline;
}

export interface CheckResult {
  verdict: Verdict;
  explanation: string;
  checks: FigureCheck[];
  evidence: Citation[];
  /** The report the claim was checked against (null when its place has no report here). */
  docId: string | null;
  timings: { totalMs: number };
}

export interface FigureQuery {
  q?: string;
  /** A metric, compared across reports by its normalised name (经济增长 = 地区生产总值增长 = GDP). */
  metric?: string;
  /** Results of this year, plans for it, or a five-year period containing it. */
  year?: number;
  period?: "result" | "plan" | "period-result" | "period-plan" | "definition" | "meta";
  unit?: string;
  docIds?: string[];
  limit?: number;
}

export interface Engine {
  config: Config;
  figures: FigureRecord[];
  check(claim: string, deadline?: Deadline, docIds?: string[]): Promise<CheckResult>;
  findFigures(query: FigureQuery): FigureRecord[];
  figureCitation(f: FigureRecord): Citation;
  corpus: Corpus;
  /** The reports' profiles, in corpus order. */
  profiles: DocumentProfile[];
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
  /**
   * false: only load — the index (or the last good one) must already be on disk.
   * A cluster's workers open so, after their primary ran prepareIndex once.
   */
  build?: boolean;
}

/** The corpus on disk and the model, as an engine or an index build needs them. */
async function openModelAndCorpus(config: Config, options: OpenOptions, log: Log) {
  const loaded = await loadDocuments(config.corpusDir, config.maxReportBytes);
  for (const p of loaded.problems) log(`corpus: skipped ${p.file}: ${p.message}`);
  // The built-in model is generated (seconds of CPU) in the build process, never on this thread.
  const builtinDir = path.join(config.modelsDir, BUILTIN_MODEL_ID);
  if (options.build !== false && (config.embedModel === BUILTIN_MODEL_ID || config.fallbackToBuiltin) && !(await isBuiltinModelCurrent(builtinDir))) {
    log(`building the built-in embedding model into ${builtinDir}`);
    await runBuild({ kind: "model", dir: builtinDir });
  }
  const model = await loadModel(config, log);
  const embeddings = await ReportEmbeddings.create(model, config.embedCacheEntries);
  return { documents: loaded.documents, embeddings };
}

/**
 * Makes sure a servable index is on disk — built when missing, stale or damaged,
 * else the last good build — without opening an engine. A cluster's primary runs
 * it once before its workers load, so workers never build, let alone at once.
 */
export async function prepareIndex(config: Config, options: Omit<OpenOptions, "build"> = {}): Promise<Manifest> {
  const log = options.log ?? (() => {});
  const { documents, embeddings } = await openModelAndCorpus(config, options, log);
  return (await ensureIndex(config, buildCorpus(documents, config.chunkMaxChars), embeddings, options, log)).manifest;
}

/** Names one index build: answers cached under one version are never served from another. */
export function indexVersion(manifest: Manifest): string {
  return `${manifest.builtAt}/${manifest.corpusHash}/${manifest.model.fingerprint}`;
}

export async function openEngine(config: Config, options: OpenOptions = {}): Promise<Engine> {
  const log = options.log ?? (() => {});
  const { documents: onDisk, embeddings } = await openModelAndCorpus(config, options, log);
  const index = await ensureIndex(config, buildCorpus(onDisk, config.chunkMaxChars), embeddings, options, log);
  // The corpus served is the one the index was built from (the last good build may predate an edit).
  const corpus = buildCorpus(index.documents, config.chunkMaxChars);

  const paragraphsById = new Map(corpus.paragraphs.map((p) => [p.id, p]));
  const retriever = new HybridRetriever(index, embeddings, paragraphsById, config);
  const profiles: DocumentProfile[] = corpus.documents.map(({ text: _t, ...profile }) => profile);
  // Every report's names for its own place are implied by its paragraphs: naming them proves nothing.
  const stats = new TermStats(index.chunks, bm25Text, profiles.flatMap((p) => [...p.place.aliases, ...p.place.selfWords, p.place.parent ?? ""]));
  const documents = new Map<string, ReportDocument>(corpus.documents.map((d) => [d.id, d]));
  const notes = corpus.paragraphs.filter((p) => p.kind === "note");
  const notesByDoc = new Map(profiles.map((p) => [p.id, notes.filter((n) => n.docId === p.id)]));
  const figures = extractAllFigures(corpus.paragraphs);
  // The figures of each paragraph, to attach those an answer quotes without scanning them all.
  const figuresByParagraph = new Map<string, FigureRecord[]>();
  for (const f of figures) figuresByParagraph.set(f.paragraphId, [...(figuresByParagraph.get(f.paragraphId) ?? []), f]);
  const figuresByDoc = new Map(profiles.map((p) => [p.id, new FigureIndex(figures.filter((f) => f.docId === p.id))]));
  const figureCitation = (f: FigureRecord, role: Citation["role"] = "answer") =>
    citation(paragraphsById.get(f.paragraphId)!, documents.get(f.docId), f.start, f.end, 1, role);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  const limits = { maxParts: config.maxQuestionParts, maxTerms: config.maxQuestionTerms };

  /** Place names a question writes in Latin letters (Jiangsu, Inner Mongolia) join it in Chinese for routing. */
  const knownNames = new Set([...profiles.flatMap((p) => [...p.place.aliases, ...p.place.within]), ...PROVINCE_LEVEL_NAMES, ...PROVINCIAL_CAPITALS]);
  const routingText = (normal: string) => {
    const names = (normal.match(/[a-z]{3,}/g) ?? []).flatMap((w) => translate(index.english, w)).filter((t) => knownNames.has(t));
    return names.length ? `${normal} ${[...new Set(names)].join(" ")}` : normal;
  };

  /** The nearest passages as context citations. */
  const contextOf = (hits: ParagraphHit[], k: number) =>
    hits.slice(0, k).map((h) => citation(h.paragraph, documents.get(h.paragraph.docId), h.chunks[0]!.chunk.start, h.chunks[0]!.chunk.end, h.score, "context"));

  async function check(claim: string, deadline: Deadline = NO_DEADLINE, docIds?: string[]): Promise<CheckResult> {
    const started = performance.now();
    const normal = parseChineseNumbers(normalize(claim));
    const route = routeQuestion(routingText(normal), profiles, { filter: docIds, years: [] });
    const timings = () => ({ totalMs: round(performance.now() - started) });
    if (route.kind === "other_place") {
      return { verdict: "not_found", explanation: `现有的报告中没有${route.place}的报告，无法核对。现有报告：${profiles.map((p) => p.shortTitle).join("、")}。`, checks: [], evidence: [], docId: null, timings: timings() };
    }
    const candidates = new Set(route.docIds);
    const retrieved = await retriever.retrieve(claim, "hybrid", [], candidates);
    deadline.check("retrieving passages for the claim");
    // A claim naming no place is checked against the report whose passages speak of it most.
    const docId = route.kind === "reports" && route.named.length > 0 ? route.named[0]! : (retrieved.paragraphs[0]?.paragraph.docId ?? route.docIds[0]!);
    const profile = profiles.find((p) => p.id === docId)!;
    const own = retrieved.paragraphs.filter((h) => h.paragraph.docId === docId);
    const outcome = checkClaim(claim, {
      figures: figuresByDoc.get(docId)!,
      paragraphs: own.slice(0, config.answerCandidates).map((h) => h.paragraph),
      weights: stats.forDoc(docId),
      profile,
      maxFigures: config.maxClaimFigures,
      deadline,
    });
    const evidence: Citation[] = [];
    for (const c of outcome.checks) {
      if (c.evidence && !evidence.some((e) => e.id === c.evidence!.paragraphId && e.start === c.evidence!.start)) evidence.push(figureCitation(c.evidence));
    }
    for (const h of own) {
      if (evidence.length >= config.defaultTopK) break;
      if (evidence.some((c) => c.id === h.paragraph.id)) continue;
      evidence.push(...contextOf([h], 1));
    }
    return { ...outcome, evidence, docId, timings: timings() };
  }

  function findFigures(query: FigureQuery): FigureRecord[] {
    const terms = query.q ? [...new Set(tokenize(query.q, "exact"))] : [];
    const metric = query.metric ? canonicalMetric(query.metric) : null;
    // 经济增长, 增速: a rate is asked for.
    const rate = query.metric ? /增长|增速|增幅|下降|率|%/.test(query.metric) : false;
    return figures
      .filter((f) => !query.docIds || query.docIds.includes(f.docId))
      .filter((f) => !query.period || f.scope.kind === query.period)
      .filter((f) => !query.year || ((f.scope.kind === "result" || f.scope.kind === "plan") ? f.scope.year === query.year : (f.scope.kind === "period-result" || f.scope.kind === "period-plan") && f.scope.from <= query.year && query.year <= f.scope.to))
      .filter((f) => !metric || (canonicalMetric(f.metric) === metric && (!rate || unitFamily(f.unit) === "percent")))
      .filter((f) => !query.unit || f.unit === query.unit || f.baseUnit === query.unit)
      .filter((f) => {
        if (terms.length === 0) return true;
        const text = normalize(`${f.metric} ${f.clause}`);
        return terms.filter((t) => text.includes(t)).length / terms.length >= 0.5;
      })
      .slice(0, query.limit ?? 50);
  }

  /** Retrieval for a question within some reports: the whole question, then each asking part on its own. */
  async function retrieveFor(question: string, q: QuestionAnalysis, mode: RetrievalMode, docIds: ReadonlySet<string>, deadline: Deadline) {
    const retrieved = await retriever.retrieve(question, mode, q.terms.flatMap((t) => t.alts), docIds, docIds.size > 1 ? config.candidates * MULTI_REPORT_DEPTH : undefined);
    // A part the whole question ranks low (工业投资 among three figures) still gets candidates.
    let hits = retrieved.paragraphs;
    const asking = q.segments.filter((s) => s.asks && s.terms.length > 0);
    if (asking.length > 1) {
      const topic = q.segments.filter((s) => !s.asks).map((s) => s.text).join(" ");
      for (const segment of asking) {
        deadline.check("retrieving the parts of the question");
        hits = mergeHits(hits, (await retriever.retrieve(`${topic} ${segment.text}`, mode, [], docIds)).paragraphs);
      }
    }
    deadline.check("retrieving passages");
    return { ...retrieved, paragraphs: hits };
  }

  async function ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    const started = performance.now();
    const deadline = opts.deadline ?? NO_DEADLINE;
    const topK = opts.topK ?? config.defaultTopK;
    const mode = opts.mode ?? "hybrid";
    // A follow-up becomes the standalone question it stands for; the rest of the path reads that.
    const { interpretedAs } = opts.history?.length ? interpret(question, opts.history, profiles) : { interpretedAs: question };
    question = interpretedAs;
    const q = analyzeQuestion(question, stats, index.english, limits);
    const route = routeQuestion(routingText(q.normal), profiles, { filter: opts.docIds, years: q.years });
    const timings = (r: { embedMs: number; denseMs: number; bm25Ms: number } | null, answerMs: number) => ({
      totalMs: round(performance.now() - started),
      embedMs: round(r?.embedMs ?? 0),
      denseMs: round(r?.denseMs ?? 0),
      bm25Ms: round(r?.bm25Ms ?? 0),
      answerMs: round(answerMs),
    });

    // A place with no report here: refused, and no other place's passage is offered in its stead.
    if (route.kind === "other_place") {
      const places = profiles.filter((p) => !opts.docIds || opts.docIds.includes(p.id)).map((p) => p.place.name);
      const answer = `${REFUSAL_TEXT.other_place(profiles[0]!, route.place)}现有的报告是：${places.join("、")}。`;
      return { status: "not_in_report", reason: "other_place", answer, routing: null, interpretedAs, coverage: 0, citations: [], figures: [], timings: timings(null, 0) };
    }

    // 哪个省…最高: an order across reports, read from their figure records.
    const ranking = route.kind === "reports" && route.named.length !== 1 ? readRanking(q.normal, q.years) : null;
    if (ranking) {
      const allowed = profiles.filter((p) => route.kind === "reports" && (route.named.length ? route.named : route.docIds).includes(p.id));
      const ranked = rankingAnswer(ranking, figures, allowed, (f) => figureCitation(f), topK);
      if (ranked) return { ...ranked, interpretedAs, figures: ranked.citations.map((c) => figures.find((f) => f.paragraphId === c.id && f.start === c.start)!).filter(Boolean).map(({ clause: _c, ...f }) => f), timings: timings(null, 0) } as Answer;
    }

    const candidates = new Set(route.docIds);
    // An English word's translations: those the reports searched use, the first few of them.
    const forSearch = englishAlts(q, (t) => stats.usedIn(candidates, t));
    const retrieved = await retrieveFor(question, forSearch, mode, candidates, deadline);
    const t = performance.now();
    const byDoc = new Map<string, ParagraphHit[]>();
    for (const h of retrieved.paragraphs) byDoc.set(h.paragraph.docId, [...(byDoc.get(h.paragraph.docId) ?? []), h]);
    const compose = (profile: DocumentProfile): ReportDraft => {
      const hits = byDoc.get(profile.id) ?? [];
      // The question's words weighed by their rarity in this report.
      const weights = stats.forDoc(profile.id);
      const own = englishAlts({ ...q, terms: q.terms.map((t) => ({ ...t, weight: termWeight(weights, t.term) })) }, weights.has);
      const draft = composeAnswer(own, hits, { documents, notes: notesByDoc.get(profile.id) ?? [] }, {
        topK,
        minCoverage: config.minCoverage,
        profile,
        maxCandidates: config.answerCandidates,
        maxClauses: config.maxClauses,
        deadline,
      });
      return { profile, draft, score: hits[0]?.score ?? 0 };
    };
    const profileOf = (id: string) => profiles.find((p) => p.id === id)!;

    let draft: Draft;
    if (route.kind === "out_of_scope_period") {
      // The first report asked about says which years it covers; its own nearest passages follow.
      const profile = profileOf(route.docIds[0]!);
      const years = route.years.join("、");
      draft = { status: "not_in_report", reason: "out_of_scope_period", answer: REFUSAL_TEXT.out_of_scope_period(profile, years), routing: { docIds: route.docIds, by: "named" }, coverage: 0, citations: contextOf(retrieved.paragraphs, topK), figures: [] };
    } else if (route.named.length > 0 || route.docIds.length === 1) {
      draft = combineDrafts(route.docIds.map((id) => compose(profileOf(id))), route.named.length > 0 ? "named" : "only", topK);
    } else {
      // No place named and several reports possible: each report with passages answers for itself,
      // then the one that clearly holds the answer speaks — or the best few, each labelled.
      // The reports whose notes define a term the question names answer too, wherever their passages ranked.
      const defining = notes.filter((n) => candidates.has(n.docId) && n.term && n.term.length >= 2 && q.normal.includes(n.term.toLowerCase())).map((n) => n.docId);
      const ranked = [...new Set([...defining, ...[...byDoc.keys()].slice(0, config.maxRoutedReports * 2)])].map((id) => ({ ...compose(profileOf(id)), defines: defining.includes(id) }));
      const { chosen, by } = chooseReports(ranked, config.maxRoutedReports);
      draft = chosen.length > 0 ? combineDrafts(chosen, by, topK) : { status: "not_in_report", reason: "no_matching_passage", answer: REFUSAL_TEXT.no_matching_passage(profileOf(route.docIds[0]!), ""), routing: null, coverage: 0, citations: [], figures: [] };
    }
    const answerMs = performance.now() - t;
    // The figure records inside the quoted spans: value, unit, change and period as structured data.
    const quoted = draft.status === "answered" ? draft.citations.filter((c) => c.role === "answer") : [];
    draft.figures = [...new Set(quoted.flatMap((c) => (figuresByParagraph.get(c.id) ?? []).filter((f) => f.start < c.end && f.end > c.start)))].map(({ clause: _c, ...f }) => f);
    return { ...draft, interpretedAs, timings: timings(retrieved, answerMs) } as Answer;
  }

  return { config, corpus, profiles, embeddings, index, paragraphsById, retriever, ask, figures, check, findFigures, figureCitation };
}

/** A question whose English words keep only the translations `used` accepts, the first ENGLISH_ALTS of them. */
function englishAlts(q: QuestionAnalysis, used: (term: string) => boolean): QuestionAnalysis {
  return { ...q, terms: q.terms.map((t) => (/^[a-z]+$/.test(t.term) ? { ...t, alts: t.alts.filter(used).slice(0, ENGLISH_ALTS) } : t)) };
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
      if (options.build === false) {
        // Not ours to build: the last good build is what the preparing process settled on too.
        const last = await loadLastGoodIndex(config, expect);
        if (!last) throw new Error(`no servable index in ${config.indexDir} (${err.message}), and this process does not build one`, { cause: err });
        log(`index: ${err.message}; serving the last good build from ${last.manifest.builtAt}`);
        return last;
      }
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
