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
import type { IndexBackend } from "./index/backend.js";
import { applySync, openBackend, planSync, isEmptyPlan, type SyncProgress, type SyncResult } from "./index/sync.js";
import { buildEnglishLexicon } from "./index/english.js";
import { runBuild } from "./index/build-worker.js";
import { NO_DEADLINE, type Deadline } from "./deadline.js";
import { TermStats } from "./index/term-stats.js";
import { REFUSAL_TEXT, composeAnswer, type Draft } from "./answer/answer.js";
import { analyzeQuestion, termWeight, unitFamily, type QuestionAnalysis } from "./answer/question.js";
import { canonicalMetric } from "./answer/metrics.js";
import { chooseReports, combineDrafts, type ReportDraft } from "./answer/combine.js";
import { routeQuestion } from "./retrieve/route.js";
import { rankingAnswer, readRanking } from "./answer/rank.js";
import { interpret, type HistoryTurn } from "./answer/followup.js";
import { HybridRetriever, type ParagraphHit, type RetrievalMode } from "./retrieve/hybrid.js";
import type { Answer, Citation, DocumentProfile, Paragraph, ReportDocument } from "./types.js";
import type { FigureRecord } from "./answer/figures.js";
import { FigureIndex, checkClaim, type FigureCheck, type Verdict } from "./answer/claims.js";
import { citation } from "./answer/citation.js";
import { composeFacts, readReportFacts } from "./answer/facts.js";
import { groupBy } from "./group.js";
import { composeSummary, outlineOf } from "./answer/summary.js";
import { composeReasons } from "./answer/reasons.js";
import { normalize, tokenize } from "./index/tokenize.js";
import { parseChineseNumbers } from "./answer/numerals.js";
import { ENGLISH_ALTS, translate } from "./index/english.js";
import { PROVINCE_LEVEL_NAMES, PROVINCIAL_CAPITALS } from "./lexicon.js";

/** A search over several reports reads deeper, so each report's best passages are among the candidates. */
const MULTI_REPORT_DEPTH = 3;

export type Log = (msg: string) => void;

export interface AskOptions {
  /** The conversation's earlier questions, oldest first: a follow-up (那2023年的目标呢？) is read after them. A turn may say the reports it was answered from ({question, docIds}): a turn naming no place was then about theirs. */
  history?: HistoryTurn[];
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
  /** Where the index lives (embedded files or Postgres), read through one contract. */
  backend: IndexBackend;
  /** What is served: changes with every report added, replaced or removed. */
  indexInfo: { backend: IndexBackend["kind"]; version: string; reports: number; chunks: number; model: string; sync: SyncResult | null };
  paragraphsById: Map<string, Paragraph>;
  retriever: HybridRetriever;
  ask(question: string, options?: AskOptions): Promise<Answer>;
}

export interface OpenOptions {
  log?: Log;
  progress?: SyncProgress;
  /** Re-index every report, even those whose stored index is current. */
  rebuild?: boolean;
  /**
   * false: only load — the index (or the last good one) must already be on disk.
   * A cluster's workers open so, after their primary ran prepareIndex once.
   */
  build?: boolean;
}

/**
 * Brings the index in line with the corpus folder (indexing only what is new or
 * changed) without opening an engine. A cluster's primary runs it once, in a
 * short-lived child, before its workers load: workers never index, let alone at once.
 */
export interface PreparedIndex {
  version: string;
  reports: number;
  sync: SyncResult | null;
}

export async function prepareIndex(config: Config, options: Omit<OpenOptions, "build"> = {}): Promise<PreparedIndex> {
  const log = options.log ?? (() => {});
  const documents = await readCorpusFolder(config, log);
  const embeddings = await openEmbeddings(config, log, true);
  const { backend, sync } = await ensureIndex(config, documents, embeddings, options, log);
  try {
    return { version: await backend.version(), reports: (await backend.manifests()).length, sync };
  } finally {
    await backend.close();
  }
}

export async function openEngine(config: Config, options: OpenOptions = {}): Promise<Engine> {
  const log = options.log ?? (() => {});
  const build = options.build !== false;
  const embeddings = await openEmbeddings(config, log, build);
  // A process that does not index serves what the index holds (its primary brought it in line): it reads no report file.
  const { backend, sync } = build ? await ensureIndex(config, await readCorpusFolder(config, log), embeddings, options, log) : { backend: await openBackend(config, embeddings.dims), sync: null };
  // The corpus served is the one the index holds (when indexing failed, what was indexed before).
  const corpus = buildCorpus(await backend.documents(), config.chunkMaxChars);
  if (corpus.documents.length === 0) throw new Error(`no readable report in ${config.corpusDir}, and none indexed before`);

  const paragraphsById = new Map(corpus.paragraphs.map((p) => [p.id, p]));
  const chunksById = new Map(corpus.chunks.map((c) => [c.id, c]));
  const retriever = new HybridRetriever(backend, embeddings, chunksById, paragraphsById, config);
  const profiles: DocumentProfile[] = corpus.documents.map(({ text: _t, ...profile }) => profile);
  // Every report's names for its own place are implied by its paragraphs: naming them proves nothing.
  const stats = new TermStats(await backend.termCounts(), profiles.flatMap((p) => [...p.place.aliases, ...p.place.selfWords, p.place.parent ?? ""]));
  const english = await buildEnglishLexicon(stats.documentFrequencies, profiles.flatMap((d) => [d.place.name, d.place.short, ...d.place.within]));
  const indexInfo = { backend: backend.kind, version: await backend.version(), reports: corpus.documents.length, chunks: corpus.chunks.length, model: embeddings.spec.id, sync };
  const documents = new Map<string, ReportDocument>(corpus.documents.map((d) => [d.id, d]));
  // Grouped once, by report and by paragraph: a pass over all reports per report grows with their square.
  const paragraphsByDoc = groupBy(corpus.paragraphs, (p) => p.docId);
  const notesByDoc = new Map([...paragraphsByDoc].map(([id, ps]) => [id, ps.filter((p) => p.kind === "note")]));
  // Each report's outline (headings, run-in headings, lead sentences), for summaries, and what it states about itself.
  const outlines = new Map(profiles.map((p) => [p.id, outlineOf(paragraphsByDoc.get(p.id) ?? [])]));
  const reportFacts = new Map(profiles.map((p) => [p.id, readReportFacts(p, paragraphsByDoc.get(p.id) ?? [])]));
  const notes = [...notesByDoc.values()].flat();
  const figures = await backend.figures();
  // The figures of each paragraph, to attach those an answer quotes without scanning them all.
  const figuresByParagraph = groupBy(figures, (f) => f.paragraphId);
  const figuresOf = groupBy(figures, (f) => f.docId);
  const figuresByDoc = new Map(profiles.map((p) => [p.id, new FigureIndex(figuresOf.get(p.id) ?? [])]));
  const figureCitation = (f: FigureRecord, role: Citation["role"] = "answer") =>
    citation(paragraphsById.get(f.paragraphId)!, documents.get(f.docId), f.start, f.end, 1, role);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  const limits = { maxParts: config.maxQuestionParts, maxTerms: config.maxQuestionTerms };

  /** Place names a question writes in Latin letters (Jiangsu, Inner Mongolia) join it in Chinese for routing. */
  const knownNames = new Set([...profiles.flatMap((p) => [...p.place.aliases, ...p.place.within]), ...PROVINCE_LEVEL_NAMES, ...PROVINCIAL_CAPITALS]);
  const routingText = (normal: string) => {
    const names = (normal.match(/[a-z]{3,}/g) ?? []).flatMap((w) => translate(english, w)).filter((t) => knownNames.has(t));
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
    const q = analyzeQuestion(question, stats, english, limits);
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
    /** `related`: whether a report that cannot answer outright may offer its most relevant sentence (see below). */
    const compose = (profile: DocumentProfile, related = true): ReportDraft => {
      const hits = byDoc.get(profile.id) ?? [];
      // The question's words weighed by their rarity in this report.
      const weights = stats.forDoc(profile.id);
      const own = englishAlts({ ...q, terms: q.terms.map((t) => ({ ...t, weight: termWeight(weights, t.term) })) }, weights.has);
      const ctx = { documents, notes: notesByDoc.get(profile.id) ?? [] };
      // Summaries, why/how and facts about the report have their own composers; each may hand back to the lookup.
      const common = { profile, used: weights.has, topK, minCoverage: config.minCoverage, maxCandidates: config.answerCandidates };
      const special =
        q.kind === "fact"
          ? composeFacts(q.facts, { profile, facts: reportFacts.get(profile.id)!, document: documents.get(profile.id), topK })
          : q.kind === "summary"
            ? composeSummary(own, hits, ctx, { ...common, outline: outlines.get(profile.id) ?? [], maxChars: config.summaryMaxChars })
            : q.kind === "why" || q.kind === "how"
              ? composeReasons(q.kind, own, hits, ctx, common)
              : null;
      const draft =
        special ??
        composeAnswer(own, hits, ctx, {
          topK,
          minCoverage: config.minCoverage,
          profile,
          maxCandidates: config.answerCandidates,
          maxClauses: config.maxClauses,
          deadline,
          related: related ? { weights: config.relatedWeights, minScore: config.relatedMinScore } : null,
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
      // A fact about "the report" is read from every report's title block and closing lines: only some state it (印了多少份).
      // None of them offers a merely related passage: with no place named, the most related report is as likely as not another place than the one meant.
      const asked = q.kind === "fact" ? route.docIds : [...byDoc.keys()].slice(0, config.maxRoutedReports * 2);
      const ranked = [...new Set([...defining, ...asked])].map((id) => ({ ...compose(profileOf(id), false), defines: defining.includes(id) }));
      const { chosen, by } = chooseReports(ranked, config.maxRoutedReports);
      draft = chosen.length > 0 ? combineDrafts(chosen, by, topK) : { status: "not_in_report", reason: "no_matching_passage", answer: REFUSAL_TEXT.no_matching_passage(profileOf(route.docIds[0]!), ""), routing: null, coverage: 0, citations: [], figures: [] };
    }
    const answerMs = performance.now() - t;
    // The figure records inside the quoted spans: value, unit, change and period as structured data.
    const quoted = draft.status === "answered" ? draft.citations.filter((c) => c.role === "answer") : [];
    draft.figures = [...new Set(quoted.flatMap((c) => (figuresByParagraph.get(c.id) ?? []).filter((f) => f.start < c.end && f.end > c.start)))].map(({ clause: _c, ...f }) => f);
    return { ...draft, interpretedAs, timings: timings(retrieved, answerMs) } as Answer;
  }

  return { config, corpus, profiles, embeddings, backend, indexInfo, paragraphsById, retriever, ask, figures, check, findFigures, figureCitation };
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

/** The readable reports of the corpus folder; each unreadable one is named in one log line. */
async function readCorpusFolder(config: Config, log: Log): Promise<ReportDocument[]> {
  const loaded = await loadDocuments(config.corpusDir, config.maxReportBytes);
  for (const p of loaded.problems) log(`corpus: skipped ${p.file}: ${p.message}`);
  return loaded.documents;
}

/** The configured embedding model, loaded (the built-in one generated first when missing, in a child process). */
async function openEmbeddings(config: Config, log: Log, build = true): Promise<ReportEmbeddings> {
  const builtinDir = path.join(config.modelsDir, BUILTIN_MODEL_ID);
  if (build && (config.embedModel === BUILTIN_MODEL_ID || config.fallbackToBuiltin) && !(await isBuiltinModelCurrent(builtinDir))) {
    log(`building the built-in embedding model into ${builtinDir}`);
    await runBuild({ kind: "model", dir: builtinDir });
  }
  return ReportEmbeddings.create(await loadModel(config, log), config.embedCacheEntries);
}

/**
 * Indexes these reports (when new or changed) in this process, leaving every
 * other report as it is — for commands such as add-report; a server indexes in
 * a child process at start-up. Reads only the index's catalog, not the other
 * reports' contents or files, so adding one report to a thousand costs one.
 */
export async function indexDocuments(config: Config, documents: ReportDocument[], log: Log = () => {}): Promise<SyncResult> {
  const embeddings = await openEmbeddings(config, log);
  const backend = await openBackend(config, embeddings.dims, "write");
  try {
    const plan = await planSync(backend, documents, embeddings, config.chunkMaxChars);
    // Only these reports are planned for: the others are not "removed" by being left out.
    return await applySync(backend, { ...plan, remove: [], unchanged: plan.unchanged }, embeddings, config.chunkMaxChars);
  } finally {
    await backend.close();
  }
}

/**
 * The index brought in line with the reports: only reports that are new or
 * changed are indexed (in a child process, off this thread), removed ones
 * dropped. When indexing fails (index/ read-only, database down mid-way) what
 * the index already holds is served, with a clear log line: a supervisor
 * restarting a process that exits would only loop, while the last good
 * reports answer.
 */
async function ensureIndex(config: Config, documents: ReportDocument[], embeddings: ReportEmbeddings, options: OpenOptions, log: Log): Promise<{ backend: IndexBackend; sync: SyncResult | null }> {
  let backend = await openBackend(config, embeddings.dims);
  if (backend.kind === "embedded") for (const p of (backend as { problems?: string[] }).problems ?? []) log(`index: ${p}`);
  if (documents.length === 0) {
    // An empty or unreadable folder is a fault, not an instruction to drop every report.
    log(`index: no readable report in ${config.corpusDir}; serving the ${(await backend.manifests()).length} report(s) indexed before`);
    return { backend, sync: null };
  }
  const plan = await planSync(backend, documents, embeddings, config.chunkMaxChars, options.rebuild);
  if (isEmptyPlan(plan)) return { backend, sync: null };
  log(`index: ${plan.index.length} report(s) to index, ${plan.remove.length} to remove, ${plan.unchanged.length} unchanged`);
  try {
    const sync = (await runBuild({ kind: "index", config, plan }, options.progress)) ?? null;
    if (sync) log(`index: indexed ${sync.added.length + sync.replaced.length} report(s) (${sync.added.length} new), removed ${sync.removed.length}, kept ${sync.unchanged}, in ${sync.ms} ms`);
    await backend.close();
    backend = await openBackend(config, embeddings.dims);
    return { backend, sync };
  } catch (err) {
    log(`index: cannot index (${(err as Error).message}); serving the ${(await backend.manifests()).length} report(s) indexed before`);
    return { backend, sync: null };
  }
}
