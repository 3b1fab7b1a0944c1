// The exact search beside HNSW (for measuring recall): it must find the true nearest points, filtered or not.
import { describe, expect, it } from "vitest";
import { VectorIndex } from "../src/index/vector.js";
import { seededRandom } from "../eval/scale/synth.js";

const rand = seededRandom(9);
const dims = 16;
const vectors = Array.from({ length: 300 }, () => Array.from({ length: dims }, () => rand() - 0.5));
const index = VectorIndex.build(vectors, dims, { m: 16, efConstruction: 200, efSearch: 100 });
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b));

describe("VectorIndex.exactSearch", () => {
  it("returns the k most similar points by cosine, best first", () => {
    const query = vectors[0]!.map((x) => x + 0.05);
    const truth = vectors.map((v, i) => ({ i, s: cosine(query, v) })).sort((a, b) => b.s - a.s).slice(0, 10);
    const hits = index.exactSearch(query, 10);
    expect(hits.map((h) => h.index)).toEqual(truth.map((t) => t.i));
    hits.forEach((h, n) => expect(h.score).toBeCloseTo(truth[n]!.s, 5));
  });

  it("keeps to the accepted labels, and answers many queries as one at a time", () => {
    const even = (label: number) => label % 2 === 0;
    const queries = vectors.slice(0, 5);
    const many = index.exactSearchMany(queries, 5, even);
    queries.forEach((q, i) => {
      expect(many[i]!.every((h) => even(h.index))).toBe(true);
      expect(many[i]).toEqual(index.exactSearch(q, 5, even));
    });
    // A stored point is its own nearest neighbour, for HNSW and exact search alike.
    expect(index.exactSearch(vectors[42]!, 1)[0]!.index).toBe(42);
    expect(index.search(vectors[42]!, 1)[0]!.index).toBe(42);
  });
});
