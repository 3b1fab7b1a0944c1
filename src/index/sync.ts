/**
 * Incremental indexing: brings a backend in line with a folder of reports by
 * re-indexing only what changed. A report is (re-)indexed when it is new or
 * its text, model, chunking or format differs from the manifest stored with
 * it; a report no longer in the folder is removed; the rest is left alone.
 * Reports are written in batches, each report all at once, so a build cut
 * short keeps every report already written and resumes from there.
 */
import type { Config } from "../config.js";
import type { ReportDocument } from "../types.js";
import { expectedManifest, indexReport, isCurrent, type Embedder, type IndexBackend, type IndexedReport } from "./backend.js";
import { EmbeddedIndex, type OpenMode } from "./embedded.js";

export interface SyncPlan {
  /** Reports to (re-)index: new, or changed since they were indexed. */
  index: ReportDocument[];
  remove: string[];
  unchanged: string[];
}

export interface SyncResult {
  added: string[];
  replaced: string[];
  removed: string[];
  unchanged: number;
  ms: number;
}

export type SyncProgress = (done: number, total: number) => void;

/** What would change: pure, so start-up can tell whether a build is needed before starting one. */
export async function planSync(backend: IndexBackend, documents: ReportDocument[], embedder: Pick<Embedder, "spec" | "dims" | "fingerprint">, chunkMaxChars: number, force = false): Promise<SyncPlan> {
  const stored = new Map((await backend.manifests()).map((m) => [m.docId, m]));
  const wanted = new Set(documents.map((d) => d.id));
  const index: ReportDocument[] = [];
  const unchanged: string[] = [];
  for (const d of documents) {
    const m = stored.get(d.id);
    if (!force && m && isCurrent(m, expectedManifest(d, embedder, chunkMaxChars))) unchanged.push(d.id);
    else index.push(d);
  }
  return { index, remove: [...stored.keys()].filter((id) => !wanted.has(id)), unchanged };
}

export const isEmptyPlan = (p: SyncPlan) => p.index.length === 0 && p.remove.length === 0;

export interface ApplyOptions {
  /** Writes once this many chunks are ready (fewer, larger writes of the graph). */
  batchChunks?: number;
  progress?: SyncProgress;
  /** Indexes one report elsewhere (an EmbedPool's processes); in this process when absent. */
  indexOne?: (document: ReportDocument) => Promise<IndexedReport>;
  /** Reports being indexed at once. */
  window?: number;
}

/** Applies a plan: embeds and writes the changed reports, `batchChunks` chunks' worth at a time. */
export async function applySync(backend: IndexBackend, plan: SyncPlan, embedder: Embedder, chunkMaxChars: number, options: ApplyOptions = {}): Promise<SyncResult> {
  const started = Date.now();
  const before = new Set((await backend.manifests()).map((m) => m.docId));
  const batchChunks = options.batchChunks ?? 20_000;
  let done = 0;
  let batch: IndexedReport[] = [];
  let pending = 0;
  const flush = async () => {
    await backend.putReports(batch);
    batch = [];
    pending = 0;
  };
  const indexOne = options.indexOne ?? ((d: ReportDocument) => indexReport(d, embedder, chunkMaxChars));
  const window = Math.max(1, options.window ?? 1);
  // Reports are indexed ahead (up to `window` at once) while the ready ones are written, in plan order.
  const inflight: Promise<IndexedReport>[] = [];
  let next = 0;
  const launch = () => {
    while (inflight.length < window && next < plan.index.length) {
      const task = indexOne(plan.index[next++]!);
      task.catch(() => {}); // awaited below; a failure ahead of it must not go unhandled meanwhile
      inflight.push(task);
    }
  };
  launch();
  while (inflight.length > 0) {
    const report = await inflight.shift()!;
    launch();
    batch.push(report);
    pending += report.chunks.length;
    options.progress?.(++done, plan.index.length);
    if (pending >= batchChunks) await flush();
  }
  if (batch.length) await flush();
  await backend.removeReports(plan.remove);
  return {
    added: plan.index.filter((d) => !before.has(d.id)).map((d) => d.id),
    replaced: plan.index.filter((d) => before.has(d.id)).map((d) => d.id),
    removed: plan.remove,
    unchanged: plan.unchanged.length,
    ms: Date.now() - started,
  };
}

/** The configured backend: Postgres when DATABASE_URL is set, else the embedded index under indexDir. */
export async function openBackend(config: Config, dims: number, mode: OpenMode = "read"): Promise<IndexBackend> {
  if (config.databaseUrl) {
    // Loaded only when asked for: the embedded default needs no database driver.
    const { connectPostgres } = await import("./postgres/index.js");
    return connectPostgres(config, dims);
  }
  return EmbeddedIndex.open(config.indexDir, dims, {
    m: config.hnswM,
    efConstruction: config.hnswEfConstruction,
    efSearch: config.hnswEfSearch,
    k1: config.bm25K1,
    b: config.bm25B,
    exactScanMax: config.exactScanMax,
    maxDeletedShare: config.maxDeletedShare,
  }, mode);
}
