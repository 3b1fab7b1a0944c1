/**
 * The index contract: what retrieval and answering need from storage, keyed by
 * stable ids (report id, paragraph id, chunk id), never by array positions.
 * Two implementations: the embedded default (files under index/: HNSW + term
 * postings, src/index/embedded.ts) and Postgres with pgvector
 * (src/index/postgres/, selected by DATABASE_URL). One contract test suite
 * runs against both (test/index-contract.test.ts).
 *
 * The unit of writing is one report: putReport replaces everything stored for
 * that report at once (a reader sees the old version or the new one, never a
 * mix), so adding one report to a thousand re-embeds and re-indexes only it.
 * What goes in is computed here, by the application, once: Postgres has no
 * Chinese segmenter, so both backends receive the same jieba terms.
 */
import { createHash } from "node:crypto";
import type { FigureRecord } from "../answer/figures.js";
import { extractAllFigures } from "../answer/figures.js";
import { buildCorpus } from "../corpus/load.js";
import type { Chunk, Paragraph, ReportDocument } from "../types.js";
import { tokenize } from "./tokenize.js";

/** Bump when what a report's index holds, or how it is computed, changes. */
export const REPORT_FORMAT_VERSION = 1;

/** What a report was indexed from and with: a report is re-indexed when any of it differs. */
export interface ReportManifest {
  docId: string;
  /** sha256 of the report's profile and verbatim text. */
  textHash: string;
  model: { id: string; dims: number; fingerprint: string };
  chunking: { maxChars: number };
  formatVersion: number;
  chunks: number;
  indexedAt: string;
  buildMs: number;
}

/** A chunk's searchable terms: jieba tokens of its heading and text, with their counts. */
export interface ChunkTerms {
  /** Number of tokens (with repeats): the BM25 length. */
  length: number;
  /** [term, count] pairs, distinct terms. */
  tf: [string, number][];
}

/** Everything stored for one report. */
export interface IndexedReport {
  manifest: ReportManifest;
  document: ReportDocument;
  paragraphs: Paragraph[];
  chunks: Chunk[];
  /** One unit-length vector per chunk, in chunk order. */
  vectors: Float32Array[];
  /** One entry per chunk, in chunk order. */
  terms: ChunkTerms[];
  figures: FigureRecord[];
}

export interface SearchFilter {
  /** Only these reports; all when absent. */
  docIds?: ReadonlySet<string>;
}

export interface ChunkScore {
  /** Chunk id. */
  id: string;
  score: number;
}

/** Per report: how many chunks, and in how many of them each term occurs. */
export type TermCounts = Map<string, { chunks: number; df: Map<string, number> }>;

export interface Bm25Params {
  k1: number;
  b: number;
}

export interface IndexBackend {
  readonly kind: "embedded" | "postgres";
  /** Changes whenever a report is added, replaced or removed (caches key on it). */
  version(): Promise<string>;
  manifests(): Promise<ReportManifest[]>;
  /** The stored reports, verbatim, in id order (all when no ids are given). */
  documents(docIds?: string[]): Promise<ReportDocument[]>;
  /** By id, in the order asked; unknown ids are left out. */
  chunks(ids: string[]): Promise<Chunk[]>;
  paragraphs(ids: string[]): Promise<Paragraph[]>;
  figures(filter?: SearchFilter): Promise<FigureRecord[]>;
  termCounts(): Promise<TermCounts>;
  /** Nearest chunks by cosine similarity (1 − cosine distance), best first. */
  denseSearch(vector: ArrayLike<number>, k: number, filter?: SearchFilter): Promise<ChunkScore[]>;
  /** BM25 over the chunks' terms (see bm25Score), each report's statistics its own, best first. */
  termSearch(terms: string[], k: number, filter?: SearchFilter): Promise<ChunkScore[]>;
  /**
   * Stores reports, each replacing any earlier version of it. Each report is
   * written all at once: a reader (or a crash) sees its old version or its
   * new one, never a mix. Several at once, so a large build writes in batches.
   * Refused, changing nothing: the same report twice in one call, vectors of
   * another dimension or count. Paragraph and chunk ids begin with their
   * report's id, so they are unique across reports.
   */
  putReports(reports: IndexedReport[]): Promise<void>;
  removeReports(docIds: string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * BM25+ of one term in one chunk, exactly as both backends compute it (the
 * Postgres backend writes the same formula in SQL): idf counted within the
 * chunk's report, δ = 0.5 so a long chunk that has the term still scores
 * above one that does not. A chunk's score is the sum over the query terms it
 * has, times how many of them it has (a chunk matching more of the question
 * ranks first). This is MiniSearch's scoring, which the index used before.
 */
export function bm25Score(tf: number, df: number, n: number, length: number, avgLength: number, p: Bm25Params): number {
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  return idf * (0.5 + (tf * (p.k1 + 1)) / (tf + p.k1 * (1 - p.b + (p.b * length) / avgLength)));
}

/** Scores are rounded so that the two backends' floating-point sums order ties the same way. */
export const roundScore = (x: number) => Math.round(x * 1e9) / 1e9;

/** Best first; equal scores by id, so every backend returns the same order. */
export const byScore = (a: ChunkScore, b: ChunkScore) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What BM25 sees for a chunk: its words plus its section heading, which names the topic. */
export function bm25Text(chunk: Chunk): string {
  const heading = chunk.sectionPath[chunk.sectionPath.length - 1] ?? "";
  return `${heading}\n${chunk.text}`;
}

/** What the embedding model sees for a chunk. */
export function denseText(chunk: Chunk): string {
  return chunk.text;
}

export function chunkTerms(chunk: Chunk): ChunkTerms {
  const tokens = tokenize(bm25Text(chunk));
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  return { length: tokens.length, tf: [...tf] };
}

export function textHash(document: ReportDocument): string {
  const { text, ...meta } = document;
  return createHash("sha256").update(JSON.stringify(meta)).update("\0").update(text).digest("hex");
}

export interface Embedder {
  readonly spec: { id: string };
  readonly dims: number;
  readonly fingerprint: string;
  embedDocuments(texts: string[], onProgress?: (done: number) => void): Promise<number[][]>;
}

/** The manifest a report would be indexed under now: compared with the stored one to decide what to re-index. */
export function expectedManifest(document: ReportDocument, embedder: Pick<Embedder, "spec" | "dims" | "fingerprint">, chunkMaxChars: number): Omit<ReportManifest, "chunks" | "indexedAt" | "buildMs"> {
  return {
    docId: document.id,
    textHash: textHash(document),
    model: { id: embedder.spec.id, dims: embedder.dims, fingerprint: embedder.fingerprint },
    chunking: { maxChars: chunkMaxChars },
    formatVersion: REPORT_FORMAT_VERSION,
  };
}

/** Whether a stored report is still what indexing it now would give. */
export function isCurrent(stored: ReportManifest, expected: Omit<ReportManifest, "chunks" | "indexedAt" | "buildMs">): boolean {
  return (
    stored.textHash === expected.textHash &&
    stored.model.id === expected.model.id &&
    stored.model.fingerprint === expected.model.fingerprint &&
    stored.chunking.maxChars === expected.chunking.maxChars &&
    stored.formatVersion === expected.formatVersion
  );
}

/** Reads, chunks, embeds and counts one report: everything a backend stores for it. */
export async function indexReport(document: ReportDocument, embedder: Embedder, chunkMaxChars: number, onProgress?: (done: number) => void): Promise<IndexedReport> {
  const started = Date.now();
  const corpus = buildCorpus([document], chunkMaxChars);
  const vectors = (await embedder.embedDocuments(corpus.chunks.map(denseText), onProgress)).map((v) => Float32Array.from(v));
  return {
    manifest: { ...expectedManifest(document, embedder, chunkMaxChars), chunks: corpus.chunks.length, indexedAt: new Date().toISOString(), buildMs: Date.now() - started },
    document,
    paragraphs: corpus.paragraphs,
    chunks: corpus.chunks,
    vectors,
    terms: corpus.chunks.map(chunkTerms),
    figures: extractAllFigures(corpus.paragraphs),
  };
}
