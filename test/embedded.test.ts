// The embedded index's own upkeep: when replaced reports' labels pile up the graph is
// compacted — labels renumbered, postings kept sorted — and every search gives what it gave.
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { loadDocuments } from "../src/corpus/load.js";
import { ReportEmbeddings } from "../src/embed/embeddings.js";
import { loadModel } from "../src/embed/model.js";
import { indexReport } from "../src/index/backend.js";
import { EmbeddedIndex } from "../src/index/embedded.js";
import { tokenize } from "../src/index/tokenize.js";
import { testConfig } from "./helpers.js";

const IDS = ["liubei-2023", "ningxia-2026", "jilin-2026"];

describe("embedded index compaction", () => {
  it("renumbers labels after a replacement and searches as before", async () => {
    const corpusDir = mkdtempSync(path.join(os.tmpdir(), "report-qa-compact-"));
    for (const id of IDS) copyFileSync(path.join(loadConfig().corpusDir, `${id}.txt`), path.join(corpusDir, `${id}.txt`));
    const config = testConfig({ corpusDir });
    const embeddings = await ReportEmbeddings.create(await loadModel(config));
    const { documents } = await loadDocuments(corpusDir);
    const reports = [];
    for (const d of documents) reports.push(await indexReport(d, embeddings, config.chunkMaxChars));
    const params = { m: 16, efConstruction: 100, efSearch: 100, k1: 1.2, b: 0.75, exactScanMax: 100_000, maxDeletedShare: 0.05 };
    const dir = mkdtempSync(path.join(os.tmpdir(), "report-qa-compact-index-"));
    const index = await EmbeddedIndex.open(dir, embeddings.dims, params);
    await index.putReports(reports);

    const others = new Set(IDS.slice(1));
    const questions = ["地区生产总值增长", "粮食产量", "城镇新增就业"];
    const search = async (ix: EmbeddedIndex) =>
      Promise.all(questions.map(async (q) => [await ix.termSearch(tokenize(q), 10, { docIds: others }), await ix.denseSearch(await embeddings.embedQuery(q), 10, { docIds: others })]));
    const before = await search(index);

    // Replacing the first report deletes a third of the labels: over the 5% allowed, so the graph is compacted.
    await index.putReports([reports[0]!]);
    const catalog = JSON.parse(readFileSync(path.join(dir, "catalog.json"), "utf8"));
    expect(catalog.hnsw.deleted).toBe(0);
    expect(catalog.hnsw.labels).toBe(reports.reduce((s, r) => s + r.chunks.length, 0));
    expect(Math.min(...Object.values(catalog.reports as Record<string, { labelStart: number }>).map((r) => r.labelStart))).toBe(0);
    expect(await search(index)).toEqual(before);
    // And as a fresh process would load it.
    expect(await search(await EmbeddedIndex.open(dir, embeddings.dims, params))).toEqual(before);
    const all = await index.termSearch(tokenize("地区生产总值"), 5);
    expect(all.length).toBe(5);
  }, 240_000);
});
