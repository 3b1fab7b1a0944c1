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
import type { SearchIndex } from "../index/store.js";
import type { ReportEmbeddings } from "../embed/embeddings.js";

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

/** Pure: fuse two ranked lists of chunk positions. */
export function fuse(
  dense: { index: number; score: number }[],
  bm25: { index: number; score: number }[],
  chunks: Chunk[],
  params: FusionParams,
  mode: RetrievalMode,
): ChunkHit[] {
  const hits = new Map<number, ChunkHit>();
  const get = (index: number) => {
    let hit = hits.get(index);
    if (!hit) hits.set(index, (hit = { chunk: chunks[index]!, fused: 0 }));
    return hit;
  };
  const wd = mode === "bm25" ? 0 : mode === "dense" ? 1 : params.denseWeight;
  const wb = 1 - wd;
  const denseMax = Math.max(1e-9, ...dense.map((h) => h.score));
  const bm25Max = Math.max(1e-9, ...bm25.map((h) => h.score));
  const contribution = (rank: number, score: number, max: number) =>
    params.fusion === "rrf" ? 1 / (params.rrfK + rank + 1) : Math.max(0, score) / max;
  dense.forEach((h, rank) => {
    const hit = get(h.index);
    hit.dense = { rank: rank + 1, score: h.score };
    hit.fused += wd * contribution(rank, h.score, denseMax);
  });
  bm25.forEach((h, rank) => {
    const hit = get(h.index);
    hit.bm25 = { rank: rank + 1, score: h.score };
    hit.fused += wb * contribution(rank, h.score, bm25Max);
  });
  return [...hits.values()].filter((h) => h.fused > 0).sort((a, b) => b.fused - a.fused);
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
    private readonly index: SearchIndex,
    private readonly embeddings: ReportEmbeddings,
    private readonly paragraphsById: Map<string, Paragraph>,
    private readonly params: FusionParams,
  ) {}

  /** `docIds`: search only these reports (routing chose them); all when absent. */
  async retrieve(question: string, mode: RetrievalMode = "hybrid", extraTerms: string[] = [], docIds?: ReadonlySet<string>, candidates = this.params.candidates): Promise<RetrievalResult> {
    let t = performance.now();
    const vector = mode === "bm25" ? null : await this.embeddings.embedQuery(question);
    const embedMs = performance.now() - t;
    const chunks = this.index.chunks;
    const accept = docIds ? (i: number) => docIds.has(chunks[i]!.docId) : undefined;
    t = performance.now();
    const dense = vector ? this.index.vectors.search(vector, candidates, accept) : [];
    const denseMs = performance.now() - t;
    t = performance.now();
    const bm25 = mode === "dense" ? [] : this.index.bm25.search(question, candidates, extraTerms, docIds);
    const bm25Ms = performance.now() - t;
    const fused = fuse(dense, bm25, this.index.chunks, this.params, mode);
    return { paragraphs: groupByParagraph(fused, this.paragraphsById), embedMs, denseMs, bm25Ms };
  }
}
