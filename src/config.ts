/**
 * The one configuration module. Every tunable lives here, read once from the
 * environment with a documented default. Other modules receive a Config; none
 * reads process.env itself.
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The graded-confidence model, fitted on the tuning split by `npx tsx eval/tools/confidence.ts`
 * (L2 logistic regression; bias, then coverage, fused, dense, bm25, margin, rank, unit, quantity).
 * The asked unit in the sentence, the BM25 rank, the margin over the second hit and the fused
 * score carry it; dense cosine counts slightly against once those are known, rank not at all.
 */
const RELATED_WEIGHTS = [-2, 0.29, 0.53, -0.42, 0.69, 0.54, 0.06, 1.76, 0];

export interface Config {
  root: string;
  corpusDir: string;
  indexDir: string;
  /** postgres://… selects the Postgres + pgvector backend; empty: the embedded index under indexDir. */
  databaseUrl: string;
  /** Connections each server keeps to that database. */
  pgPoolMax: number;
  /** `npm run db:local`: the folder PGlite keeps its data in, and the port it listens on (127.0.0.1). */
  localDbDir: string;
  localDbPort: number;
  /** A vector search limited to reports holding at most this many chunks scans them exactly instead of walking the graph. */
  exactScanMax: number;
  /** The embedded graph is rebuilt when this share of its labels belongs to removed or replaced reports. */
  maxDeletedShare: number;
  /** Processes that embed reports during a build of several (one per core by default). */
  indexProcesses: number;

  // --- server
  host: string;
  port: number;
  /** Max characters of a question after trimming. */
  maxQuestionChars: number;
  /** Max JSON body size, bytes. */
  maxBodyBytes: number;
  /** Wall-clock budget of one question or claim; work past it stops with 422 TOO_COMPLEX. */
  requestDeadlineMs: number;
  /** Caps that bound a request's work by construction, whatever the input. */
  maxQuestionParts: number;
  maxQuestionTerms: number;
  maxClaimFigures: number;
  /** Clauses the answer stage scores per question part. */
  maxClauses: number;
  /** A report file larger than this is skipped at start-up (and refused by add-report). */
  maxReportBytes: number;
  /** Requests per client per minute before 429. */
  rateLimitPerMinute: number;
  /** Origins allowed to call the API from a browser; empty = same origin only. */
  corsOrigins: string[];
  /** Whole-request and header deadlines, so slow clients cannot hold connections. */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  /** The hotline's reply when the report does not answer (style "short"). */
  hotlineRefusal: string;
  /** Max characters of a short (hotline) answer, before the reference. */
  shortAnswerChars: number;
  /** Server processes sharing the port (node:cluster); 1 = one process, no cluster. */
  workers: number;
  /** Whole answers kept per worker for identical requests (0 = no answer cache), and their total size in MB. */
  answerCacheEntries: number;
  answerCacheMb: number;
  /** Question vectors kept per worker (0 = none). */
  embedCacheEntries: number;

  // --- embeddings
  /** Model id: a hub id such as Xenova/bge-small-zh-v1.5, or "builtin-zh-lex". */
  embedModel: string;
  /** Folder holding local model folders (air-gapped installs put models here). */
  modelsDir: string;
  /** Where downloaded models are cached. */
  modelCacheDir: string;
  /** Whether a missing pretrained model may be fetched from the hub (or the mirror). */
  allowRemoteModels: boolean;
  /** Hub mirror, e.g. https://hf-mirror.com/ for users in mainland China. */
  remoteHost: string;
  /** How long to wait for the hub before falling back to the built-in model. */
  remoteTimeoutMs: number;
  /** Fall back to the built-in model when the pretrained one cannot be loaded. */
  fallbackToBuiltin: boolean;

  // --- chunking
  /** Target maximum characters of a sentence-window chunk. */
  chunkMaxChars: number;

  // --- index
  hnswM: number;
  hnswEfConstruction: number;
  /** efSearch: LangChain never sets it (it stays 10); we always do. */
  hnswEfSearch: number;
  bm25K1: number;
  bm25B: number;

  // --- retrieval
  /** Candidates taken from each retriever before fusion. */
  candidates: number;
  /** How dense and BM25 lists are fused: "rrf" (ranks) or "score" (scaled scores). */
  fusion: "rrf" | "score";
  /** Reciprocal-rank-fusion constant. */
  rrfK: number;
  /** Weight of the dense list in the fusion (BM25 gets 1 - denseWeight). */
  denseWeight: number;
  defaultTopK: number;
  /** Retrieved paragraphs the answer stage reads clauses from. */
  answerCandidates: number;
  /** Reports answering at most, labelled, when a question naming no place is answered by several. */
  maxRoutedReports: number;

  // --- answering
  /**
   * Minimum share (0–1) of the question's content weight found in the best
   * passage before we answer; below it we say the report does not say.
   */
  minCoverage: number;
  /**
   * Graded confidence (src/answer/confidence.ts): where the quoted text does not
   * cover the question, the report's most relevant sentence is still shown, as
   * "related", when the logistic score of the retrieval signals reaches
   * relatedMinScore. Weights: bias, then coverage, fused, dense, bm25, margin,
   * rank, unit, quantity — fitted on the tuning split by eval/tools/confidence.ts.
   * RELATED_MIN_SCORE=1.01 turns it off (every such question is refused).
   */
  relatedWeights: number[];
  relatedMinScore: number;
  /** The hotline's words before the related sentence (style "short"). */
  hotlineRelated: string;
  /** Characters of answer text a summary (总结, 有什么安排) shows at most; the rest is reached through its citations. */
  summaryMaxChars: number;
}

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

function bool(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  return !["0", "false", "no", "off"].includes(raw.toLowerCase());
}

function nums(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const values = raw.split(",").map((x) => Number(x.trim()));
  if (values.some((v) => !Number.isFinite(v))) throw new Error(`${name} must be comma-separated numbers, got "${raw}"`);
  return values;
}

function str(name: string, fallback: string): string {
  const raw = process.env[name];
  return raw === undefined || raw === "" ? fallback : raw;
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const config: Config = {
    root: ROOT,
    corpusDir: path.resolve(ROOT, str("CORPUS_DIR", "corpus")),
    indexDir: path.resolve(ROOT, str("INDEX_DIR", "index")),
    databaseUrl: str("DATABASE_URL", ""),
    pgPoolMax: num("PG_POOL_MAX", 10),
    localDbDir: path.resolve(ROOT, str("DB_LOCAL_DIR", ".pgdata")),
    // Not 5432, so it does not clash with a Postgres already installed.
    localDbPort: num("DB_LOCAL_PORT", 54329),
    exactScanMax: num("EXACT_SCAN_MAX", 20_000),
    maxDeletedShare: num("MAX_DELETED_SHARE", 0.3),
    indexProcesses: num("INDEX_PROCESSES", os.availableParallelism()),

    host: str("HOST", "127.0.0.1"),
    port: num("PORT", 3000),
    maxQuestionChars: num("MAX_QUESTION_CHARS", 500),
    maxBodyBytes: num("MAX_BODY_BYTES", 16 * 1024),
    requestDeadlineMs: num("REQUEST_DEADLINE_MS", 2000),
    maxQuestionParts: num("MAX_QUESTION_PARTS", 6),
    maxQuestionTerms: num("MAX_QUESTION_TERMS", 48),
    maxClaimFigures: num("MAX_CLAIM_FIGURES", 12),
    maxClauses: num("MAX_CLAUSES", 800),
    maxReportBytes: num("MAX_REPORT_BYTES", 5 * 1024 * 1024),
    rateLimitPerMinute: num("RATE_LIMIT_PER_MINUTE", 600),
    corsOrigins: str("CORS_ORIGINS", "").split(",").map((s) => s.trim()).filter(Boolean),
    requestTimeoutMs: num("REQUEST_TIMEOUT_MS", 15_000),
    headersTimeoutMs: num("HEADERS_TIMEOUT_MS", 10_000),
    hotlineRefusal: str("HOTLINE_REFUSAL", "您好，政府工作报告中没有提到这方面的内容，建议咨询相关部门。"),
    shortAnswerChars: num("SHORT_ANSWER_CHARS", 100),
    // One per core: a worker answers on one thread, so more would only take turns.
    workers: Math.max(1, Math.floor(num("WORKERS", os.availableParallelism()))),
    answerCacheEntries: num("ANSWER_CACHE_ENTRIES", 2000),
    answerCacheMb: num("ANSWER_CACHE_MB", 64),
    embedCacheEntries: num("EMBED_CACHE_ENTRIES", 5000),

    embedModel: str("EMBED_MODEL", "Xenova/bge-small-zh-v1.5"),
    modelsDir: path.resolve(ROOT, str("MODELS_DIR", "models")),
    modelCacheDir: path.resolve(ROOT, str("MODEL_CACHE_DIR", ".cache/models")),
    allowRemoteModels: bool("ALLOW_REMOTE_MODELS", true),
    remoteHost: str("HF_ENDPOINT", "https://huggingface.co/"),
    remoteTimeoutMs: num("REMOTE_TIMEOUT_MS", 3000),
    fallbackToBuiltin: bool("FALLBACK_TO_BUILTIN", true),

    chunkMaxChars: num("CHUNK_MAX_CHARS", 120),

    hnswM: num("HNSW_M", 16),
    hnswEfConstruction: num("HNSW_EF_CONSTRUCTION", 200),
    hnswEfSearch: num("HNSW_EF_SEARCH", 200),
    bm25K1: num("BM25_K1", 1.2),
    bm25B: num("BM25_B", 0.75),

    candidates: num("RETRIEVE_CANDIDATES", 40),
    fusion: str("FUSION", "score") === "rrf" ? "rrf" : "score",
    rrfK: num("RRF_K", 60),
    denseWeight: num("DENSE_WEIGHT", 0.5),
    defaultTopK: num("TOP_K", 5),
    answerCandidates: num("ANSWER_CANDIDATES", 8),
    maxRoutedReports: num("MAX_ROUTED_REPORTS", 3),

    minCoverage: num("MIN_COVERAGE", 0.5),
    relatedWeights: nums("RELATED_WEIGHTS", RELATED_WEIGHTS),
    // The lowest threshold at which a related passage shown is a gold paragraph more often than not (tuning split).
    relatedMinScore: num("RELATED_MIN_SCORE", 0.3),
    hotlineRelated: str("HOTLINE_RELATED", "您好，报告中没有直接说明这一点。报告中最相关的内容是："),
    summaryMaxChars: num("SUMMARY_MAX_CHARS", 300),
    ...overrides,
  };
  return config;
}
