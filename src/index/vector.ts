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
}
