// Pooling done in one pass must give the vectors transformers.js's own pipeline gives.
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../src/corpus/load.js";
import { ReportEmbeddings } from "../src/embed/embeddings.js";
import { loadModel } from "../src/embed/model.js";
import { poolAndNormalize } from "../src/embed/pooling.js";
import { seedCorpusDir, testConfig } from "./helpers.js";

describe("pooling", () => {
  it("means over unmasked tokens or takes the first, then normalises (small input)", () => {
    // Two texts of 3 token slots, 2 dims; the second has one padding token.
    const hidden = [1, 0, 3, 0, 5, 0, /**/ 0, 2, 0, 4, 9, 9];
    const mask = [1n, 1n, 1n, 1n, 1n, 0n];
    const [a, b] = poolAndNormalize(hidden, [2, 3, 2], mask, "mean");
    expect([...a!]).toEqual([1, 0]);
    expect([...b!]).toEqual([0, 1]);
    const [c] = poolAndNormalize([3, 4, 100, 100], [1, 2, 2], [1n, 1n], "cls");
    expect([...c!].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0.6, 0.8]);
  });

  it("gives the pipeline's vectors on real chunks of a report", async () => {
    const config = testConfig();
    const model = await loadModel(config);
    const embeddings = await ReportEmbeddings.create(model);
    const texts = (await loadCorpus(seedCorpusDir(), config.chunkMaxChars)).chunks.slice(0, 40).map((c) => c.text);
    const ours = await embeddings.embedDocuments(texts);
    const theirs = await model.extractor(texts, { pooling: model.spec.pooling, normalize: true });
    const dims = embeddings.dims;
    for (let i = 0; i < texts.length; i++) {
      const expected = (theirs.data as Float32Array).subarray(i * dims, (i + 1) * dims);
      const worst = Math.max(...ours[i]!.map((x, d) => Math.abs(x - expected[d]!)));
      expect(worst).toBeLessThan(1e-5);
    }
  });
});
