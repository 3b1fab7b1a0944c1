/**
 * The dense index: HNSW (hnswlib-node) over chunk vectors, cosine space.
 * Labels are chunk positions in the index's chunk list.
 */
import hnswlib from "hnswlib-node";

export interface HnswParams {
  m: number;
  efConstruction: number;
  efSearch: number;
}

export interface DenseHit {
  index: number;
  /** Cosine similarity (1 - cosine distance). */
  score: number;
}

export class VectorIndex {
  private constructor(private readonly hnsw: hnswlib.HierarchicalNSW, readonly dims: number) {}

  static build(vectors: number[][], dims: number, params: HnswParams): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW("cosine", dims);
    // A fixed seed keeps builds reproducible.
    hnsw.initIndex(Math.max(1, vectors.length), params.m, params.efConstruction, 42);
    vectors.forEach((v, i) => hnsw.addPoint(v, i));
    hnsw.setEf(params.efSearch);
    return new VectorIndex(hnsw, dims);
  }

  static read(file: string, dims: number, params: HnswParams): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW("cosine", dims);
    hnsw.readIndexSync(file);
    hnsw.setEf(params.efSearch);
    return new VectorIndex(hnsw, dims);
  }

  write(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  /** `accept`: only these labels (a report filter), applied inside the graph search so k are still found. */
  search(vector: number[], k: number, accept?: (label: number) => boolean): DenseHit[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const { distances, neighbors } = accept ? this.hnsw.searchKnn(vector, n, accept) : this.hnsw.searchKnn(vector, n);
    return neighbors.map((index, i) => ({ index, score: 1 - distances[i]! }));
  }

  /** Exact k nearest neighbours by brute force, for measuring HNSW recall only (O(points) per query). */
  exactSearch(vector: number[], k: number, accept?: (label: number) => boolean): DenseHit[] {
    return this.exactSearchMany([vector], k, accept)[0]!;
  }

  /** exactSearch for many queries in one pass over the stored points (reading a point is the costly part). */
  exactSearchMany(vectors: number[][], k: number, accept?: (label: number) => boolean): DenseHit[][] {
    // Cosine space: hnswlib stores points normalised, so similarity is a dot product with the normalised query.
    const queries = vectors.map((v) => {
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
    const best: DenseHit[][] = queries.map(() => []);
    for (const label of this.hnsw.getIdsList()) {
      if (accept && !accept(label)) continue;
      const point = this.hnsw.getPoint(label);
      queries.forEach((q, qi) => {
        let dot = 0;
        for (let d = 0; d < q.length; d++) dot += q[d]! * point[d]!;
        const top = best[qi]!;
        if (top.length === k && dot <= top[k - 1]!.score) return;
        top.push({ index: label, score: dot });
        top.sort((a, b) => b.score - a.score);
        if (top.length > k) top.pop();
      });
    }
    return best;
  }
}
