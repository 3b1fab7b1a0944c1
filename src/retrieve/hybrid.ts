/**
 * Hybrid retrieval: dense (HNSW) and BM25 candidate lists over chunks, fused,
 * then grouped into paragraphs (a paragraph ranks by its best chunk).
 *
 * Two fusions, chosen in config by measurement (npm run eval):
 * - "rrf": weighted reciprocal rank fusion; ignores how far ahead a top hit is.
 * - "score": each list's scores scaled to 0–1 by its best hit, then a weighted
 *   sum; keeps BM25's margin when a rare term (生产总值, 560.45亿元) matches.
 */
import type { Chunk, Paragraph } from "../types.js";
import type { ChunkScore, IndexBackend, SearchFilter } from "../index/backend.js";
import type { ReportEmbeddings } from "../embed/embeddings.js";
import { stripQuestionWords, tokenize } from "../index/tokenize.js";
export type RetrievalMode = "hybrid" | "dense" | "bm25";

export interface FusionParams {
  candidates: number;
  fusion: "rrf" | "score";
  rrfK: number;
  denseWeight: number;
}

export interface ChunkHit {
  chunk: Chunk;
  fused: number;
  dense?: { rank: number; score: number };
  bm25?: { rank: number; score: number };
}

export interface ParagraphHit {
  paragraph: Paragraph;
  score: number;
  /** Best dense cosine among its chunks (0 when not retrieved densely). */
  dense: number;
  chunks: ChunkHit[];
}

export interface RetrievalResult {
  paragraphs: ParagraphHit[];
  embedMs: number;
  denseMs: number;
  bm25Ms: number;
}

/** Distinct terms a BM25 query reads at most (a real question has a dozen). */
const MAX_QUERY_TERMS = 64;

/**
 * Pure: the terms a question searches: its words without the asking ones, then
 * the words it stands for (看病 → 医疗, income → 收入); each once, at most
 * MAX_QUERY_TERMS, so a question of 500 distinct characters cannot search 500 terms.
 */
export function queryTerms(question: string, extraTerms: string[] = []): string[] {
  return [...new Set([...tokenize(stripQuestionWords(question)), ...extraTerms.flatMap((t) => tokenize(t))])].slice(0, MAX_QUERY_TERMS);
}

/** Pure: fuse two ranked lists of chunk ids. */
export function fuse(dense: ChunkScore[], bm25: ChunkScore[], chunks: ReadonlyMap<string, Chunk>, params: FusionParams, mode: RetrievalMode): ChunkHit[] {
  const hits = new Map<string, ChunkHit>();
  const get = (id: string) => {
    let hit = hits.get(id);
    if (!hit) hits.set(id, (hit = { chunk: chunks.get(id)!, fused: 0 }));
    return hit;
  };
  const wd = mode === "bm25" ? 0 : mode === "dense" ? 1 : params.denseWeight;
  const wb = 1 - wd;
  const denseMax = Math.max(1e-9, ...dense.map((h) => h.score));
  const bm25Max = Math.max(1e-9, ...bm25.map((h) => h.score));
  const contribution = (rank: number, score: number, max: number) =>
    params.fusion === "rrf" ? 1 / (params.rrfK + rank + 1) : Math.max(0, score) / max;
  dense.forEach((h, rank) => {
    const hit = get(h.id);
    hit.dense = { rank: rank + 1, score: h.score };
    hit.fused += wd * contribution(rank, h.score, denseMax);
  });
  bm25.forEach((h, rank) => {
    const hit = get(h.id);
    hit.bm25 = { rank: rank + 1, score: h.score };
    hit.fused += wb * contribution(rank, h.score, bm25Max);
  });
  return [...hits.values()].filter((h) => h.fused > 0 && h.chunk).sort((a, b) => b.fused - a.fused);
}

/** Pure: group chunk hits by paragraph, best first. */
export function groupByParagraph(hits: ChunkHit[], paragraphsById: Map<string, Paragraph>): ParagraphHit[] {
  const groups = new Map<string, ParagraphHit>();
  for (const hit of hits) {
    const id = hit.chunk.paragraphId;
    let group = groups.get(id);
    if (!group) {
      const paragraph = paragraphsById.get(id);
      if (!paragraph) continue;
      groups.set(id, (group = { paragraph, score: 0, dense: 0, chunks: [] }));
    }
    group.chunks.push(hit);
    group.score = Math.max(group.score, hit.fused);
    group.dense = Math.max(group.dense, hit.dense?.score ?? 0);
  }
  return [...groups.values()].sort((a, b) => b.score - a.score);
}

export class HybridRetriever {
  constructor(
    private readonly backend: IndexBackend,
    private readonly embeddings: ReportEmbeddings,
    private readonly chunksById: ReadonlyMap<string, Chunk>,
    private readonly paragraphsById: Map<string, Paragraph>,
    private readonly params: FusionParams,
  ) {}

  /** `docIds`: search only these reports (routing chose them); all when absent. */
  async retrieve(question: string, mode: RetrievalMode = "hybrid", extraTerms: string[] = [], docIds?: ReadonlySet<string>, candidates = this.params.candidates): Promise<RetrievalResult> {
    const filter: SearchFilter = docIds ? { docIds } : {};
    let t = performance.now();
    const vector = mode === "bm25" ? null : await this.embeddings.embedQuery(question);
    const embedMs = performance.now() - t;
    t = performance.now();
    const dense = vector ? await this.backend.denseSearch(vector, candidates, filter) : [];
    const denseMs = performance.now() - t;
    t = performance.now();
    const terms = mode === "dense" ? [] : queryTerms(question, extraTerms);
    const bm25 = terms.length ? await this.backend.termSearch(terms, candidates, filter) : [];
    const bm25Ms = performance.now() - t;
    const fused = fuse(dense, bm25, this.chunksById, this.params, mode);
    return { paragraphs: groupByParagraph(fused, this.paragraphsById), embedMs, denseMs, bm25Ms };
  }
}
