/**
 * The embedded index: files under index/, no server. The default backend.
 *
 * Layout:
 *   index/catalog.json            the live state: which folder holds each report, its
 *                                 HNSW labels, and which HNSW file covers them all
 *   index/reports/<id>-<hash>/    one report: report.json (document, paragraphs, chunks,
 *                                 terms, figures, manifest), vectors.f32, files.json (hashes)
 *   index/hnsw/<version>.bin      one graph over every report's chunks
 *
 * A change writes new report folders and a new graph file, then replaces
 * catalog.json by rename (atomic on POSIX): a crash at any point leaves the
 * previous catalog, whose files are all still there, so a report half-written
 * is never served and the previous version of it stays. Files no catalog names
 * are removed after the swap. The graph is updated in place (removed reports'
 * labels marked deleted, new chunks added) and rebuilt from the stored vectors
 * when deleted labels pile up.
 *
 * Term search keeps one posting list per term over all reports, in label
 * order; a report's labels are contiguous, so its postings are a contiguous
 * run found by binary search when a search is limited to some reports.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, readdir, rename, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import hnswlib from "hnswlib-node";
import { isAlive } from "../pid.js";
import type { FigureRecord } from "../answer/figures.js";
import type { Chunk, Paragraph, ReportDocument } from "../types.js";
import {
  bm25Score,
  byScore,
  roundScore,
  type Bm25Params,
  type ChunkScore,
  type ChunkTerms,
  type IndexBackend,
  type IndexedReport,
  type ReportManifest,
  type SearchFilter,
  type TermCounts,
} from "./backend.js";

/** Bump when the catalog or a report folder's layout changes. */
export const EMBEDDED_FORMAT_VERSION = 1;

export interface EmbeddedParams extends Bm25Params {
  m: number;
  efConstruction: number;
  efSearch: number;
  /** A search limited to reports holding at most this many chunks is exact (a scan), not approximate. */
  exactScanMax: number;
  /** Rebuild the graph when this share of its labels is deleted. */
  maxDeletedShare: number;
}

interface CatalogEntry {
  dir: string;
  /** First HNSW label of the report's chunks; they are contiguous. */
  labelStart: number;
  count: number;
  manifest: ReportManifest;
}

interface Catalog {
  formatVersion: number;
  version: string;
  dims: number;
  /** labels: how many the graph has numbered (deleted ones included); new labels follow. */
  hnsw: { file: string; m: number; efConstruction: number; labels: number; deleted: number };
  reports: Record<string, CatalogEntry>;
}

interface StoredReport {
  manifest: ReportManifest;
  document: ReportDocument;
  paragraphs: Paragraph[];
  chunks: Chunk[];
  terms: ChunkTerms[];
  figures: FigureRecord[];
}

interface LiveReport extends Omit<StoredReport, "terms">, CatalogEntry {
  docId: string;
  vectors: Float32Array;
  avgLength: number;
  /** In how many of its chunks each term occurs (the chunks' own term lists live on only in the postings). */
  df: Map<string, number>;
}

/**
 * "read": everything loaded and verified, for serving. "write": only the
 * catalog (and the graph when a report is written), for indexing: adding one
 * report to a thousand must not read the other 999.
 */
export type OpenMode = "read" | "write";

export class EmbeddedIndexError extends Error {
  constructor(readonly code: "INDEX_LOCKED" | "INDEX_DIMS" | "INDEX_DUPLICATE", message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const CATALOG = "catalog.json";
const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const newVersion = () => `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;

async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${randomBytes(3).toString("hex")}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export class EmbeddedIndex implements IndexBackend {
  readonly kind = "embedded" as const;
  private catalog: Catalog | null = null;
  /** What the catalog says of each report served (read) or stored (write). */
  private readonly entries = new Map<string, CatalogEntry>();
  private nextLabel = 0;
  // Read mode: the reports' contents, searchable.
  private readonly reports = new Map<string, LiveReport>();
  private readonly chunkById = new Map<string, { report: LiveReport; ordinal: number }>();
  private readonly paragraphById = new Map<string, Paragraph>();
  /** Chunk id of each HNSW label (undefined: deleted). */
  private labelChunk: (string | undefined)[] = [];
  /** term → [label, tf, label, tf, …], labels ascending. */
  private postings = new Map<string, number[]>();
  /** BM25 length of each label's chunk. */
  private lengths: number[] = [];
  /** The report of each label (undefined: deleted). */
  private labelReport: (LiveReport | undefined)[] = [];
  /** Term search's score buffers, by label, zeroed after each search. */
  private sums = new Float64Array(0);
  private matched = new Uint16Array(0);
  private hnsw: hnswlib.HierarchicalNSW | null = null;

  private constructor(
    readonly dir: string,
    private readonly params: EmbeddedParams,
    private readonly dims: number,
    private readonly mode: OpenMode,
    /** Problems met while loading (a damaged report is left out and named here). */
    readonly problems: string[],
  ) {}

  /** Opens the index in `dir` (empty when there is none yet). `dims`: the model's. */
  static async open(dir: string, dims: number, params: EmbeddedParams, mode: OpenMode = "read"): Promise<EmbeddedIndex> {
    const index = new EmbeddedIndex(dir, params, dims, mode, []);
    await index.load();
    return index;
  }

  private async load(): Promise<void> {
    const file = path.join(this.dir, CATALOG);
    if (!existsSync(file)) return;
    let catalog: Catalog;
    try {
      catalog = JSON.parse(await readFile(file, "utf8")) as Catalog;
      if (typeof catalog.reports !== "object" || !catalog.hnsw) throw new Error("incomplete");
    } catch {
      // Nothing it names can be trusted: every report is indexed again (and the catalog replaced).
      this.problems.push(`${CATALOG} is unreadable; every report will be indexed again`);
      return;
    }
    if (catalog.formatVersion !== EMBEDDED_FORMAT_VERSION || catalog.dims !== this.dims) {
      // Another layout or another model's vectors: nothing of it can be used; it is replaced as reports are indexed.
      this.problems.push(catalog.dims !== this.dims ? `the index holds ${catalog.dims}-dimensional vectors, the model gives ${this.dims}` : `index format ${catalog.formatVersion}, expected ${EMBEDDED_FORMAT_VERSION}`);
      return;
    }
    this.catalog = catalog;
    // Deleted labels stay in the graph: new ones are numbered after them.
    this.nextLabel = catalog.hnsw.labels;
    const entries = Object.entries(catalog.reports).sort(([, a], [, b]) => a.labelStart - b.labelStart);
    for (const [docId, entry] of entries) {
      if (this.mode === "write") {
        this.entries.set(docId, entry);
        continue;
      }
      try {
        this.attach(docId, entry, await this.readReport(entry.dir));
      } catch (err) {
        this.problems.push(`report ${docId}: ${(err as Error).message}`);
      }
    }
    if (this.mode === "read") await this.loadGraph();
  }

  /** The graph of the catalog, or one rebuilt from the stored vectors when its file is damaged. */
  private async loadGraph(): Promise<void> {
    if (this.hnsw || !this.catalog) return;
    const file = this.catalog.hnsw.file;
    try {
      const hnsw = new hnswlib.HierarchicalNSW("cosine", this.dims);
      hnsw.readIndexSync(path.join(this.dir, "hnsw", file), true);
      hnsw.setEf(this.params.efSearch);
      this.hnsw = hnsw;
      // Labels of reports left out (damaged) are not served.
      const served = new Set(this.mode === "read" ? [...this.reports.keys()] : [...this.entries.keys()]);
      for (const [docId, e] of Object.entries(this.catalog.reports)) if (!served.has(docId)) for (let l = e.labelStart; l < e.labelStart + e.count; l++) this.safeDelete(l);
    } catch (err) {
      this.problems.push(`the graph file ${file} cannot be read (${(err as Error).message}); rebuilt from the stored vectors`);
      await this.rebuildGraph();
    }
  }

  private async readReport(dir: string): Promise<StoredReport & { vectors: Float32Array }> {
    const base = path.join(this.dir, "reports", dir);
    const files = JSON.parse(await readFile(path.join(base, "files.json"), "utf8")) as Record<string, string>;
    const data: Record<string, Buffer> = {};
    for (const name of ["report.json", "vectors.f32"]) {
      const content = await readFile(path.join(base, name)).catch(() => null);
      if (!content || sha256(content) !== files[name]) throw new Error(`${name} is missing or damaged`);
      data[name] = content;
    }
    const stored = JSON.parse(data["report.json"]!.toString("utf8")) as StoredReport;
    const vectors = toVectors(data["vectors.f32"]!);
    if (vectors.length !== stored.chunks.length * this.dims || stored.terms.length !== stored.chunks.length) throw new Error("chunk counts disagree");
    return { ...stored, vectors };
  }

  /** A report's vectors: in memory when serving, read from its folder when indexing. */
  private async vectorsOf(docId: string): Promise<Float32Array> {
    const live = this.reports.get(docId);
    if (live) return live.vectors;
    return toVectors(await readFile(path.join(this.dir, "reports", this.entries.get(docId)!.dir, "vectors.f32")));
  }

  /** Records a report under its labels; when serving, makes its contents searchable. */
  private attach(docId: string, entry: CatalogEntry, stored: StoredReport & { vectors: Float32Array }): void {
    this.entries.set(docId, entry);
    this.nextLabel = Math.max(this.nextLabel, entry.labelStart + entry.count);
    if (this.mode === "write") return;
    const total = stored.terms.reduce((s, t) => s + t.length, 0);
    const df = new Map<string, number>();
    for (const t of stored.terms) for (const [term] of t.tf) df.set(term, (df.get(term) ?? 0) + 1);
    const { terms: _terms, ...rest } = stored;
    const live: LiveReport = { ...rest, ...entry, docId, df, avgLength: stored.terms.length ? total / stored.terms.length : 1 };
    this.reports.set(docId, live);
    stored.chunks.forEach((c, i) => {
      this.chunkById.set(c.id, { report: live, ordinal: i });
      const label = entry.labelStart + i;
      this.labelChunk[label] = c.id;
      this.labelReport[label] = live;
      this.lengths[label] = stored.terms[i]!.length;
      for (const [term, tf] of stored.terms[i]!.tf) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push(label, tf);
      }
    });
    for (const p of stored.paragraphs) this.paragraphById.set(p.id, p);
  }

  private detach(docId: string): void {
    const entry = this.entries.get(docId);
    if (!entry) return;
    this.entries.delete(docId);
    const end = entry.labelStart + entry.count;
    for (let label = entry.labelStart; label < end; label++) {
      this.labelChunk[label] = undefined;
      this.labelReport[label] = undefined;
      if (this.hnsw) this.safeDelete(label);
    }
    const live = this.reports.get(docId);
    if (!live) return;
    this.reports.delete(docId);
    for (const c of live.chunks) this.chunkById.delete(c.id);
    for (const p of live.paragraphs) this.paragraphById.delete(p.id);
    for (const [term, list] of this.postings) {
      const kept: number[] = [];
      for (let i = 0; i < list.length; i += 2) if (list[i]! < entry.labelStart || list[i]! >= end) kept.push(list[i]!, list[i + 1]!);
      if (kept.length === 0) this.postings.delete(term);
      else if (kept.length !== list.length) this.postings.set(term, kept);
    }
  }

  private safeDelete(label: number): void {
    try {
      this.hnsw!.markDelete(label);
    } catch {
      // Already deleted, or never added (a report whose indexing was cut short).
    }
  }

  /** A fresh graph over the reports' stored vectors (their labels unchanged). */
  private async rebuildGraph(): Promise<void> {
    const hnsw = new hnswlib.HierarchicalNSW("cosine", this.dims);
    hnsw.initIndex(Math.max(1, this.nextLabel), this.params.m, this.params.efConstruction, 42, true);
    for (const [docId, e] of [...this.entries].sort(([, a], [, b]) => a.labelStart - b.labelStart)) this.addVectors(hnsw, e, await this.vectorsOf(docId));
    hnsw.setEf(this.params.efSearch);
    this.hnsw = hnsw;
  }

  private addVectors(hnsw: hnswlib.HierarchicalNSW, e: CatalogEntry, vectors: Float32Array): void {
    for (let i = 0; i < e.count; i++) hnsw.addPoint(Array.from(vectors.subarray(i * this.dims, (i + 1) * this.dims)), e.labelStart + i);
  }

  async version(): Promise<string> {
    return this.catalog?.version ?? "empty";
  }

  async manifests(): Promise<ReportManifest[]> {
    return [...this.entries.values()].map((e) => e.manifest).sort((a, b) => a.docId.localeCompare(b.docId));
  }

  async documents(docIds?: string[]): Promise<ReportDocument[]> {
    const ids = docIds ?? [...this.reports.keys()].sort();
    return ids.flatMap((id) => (this.reports.has(id) ? [this.reports.get(id)!.document] : []));
  }

  async chunks(ids: string[]): Promise<Chunk[]> {
    return ids.flatMap((id) => {
      const hit = this.chunkById.get(id);
      return hit ? [hit.report.chunks[hit.ordinal]!] : [];
    });
  }

  async paragraphs(ids: string[]): Promise<Paragraph[]> {
    return ids.flatMap((id) => (this.paragraphById.has(id) ? [this.paragraphById.get(id)!] : []));
  }

  async figures(filter?: SearchFilter): Promise<FigureRecord[]> {
    return [...this.reports.values()].sort((a, b) => a.docId.localeCompare(b.docId)).filter((r) => !filter?.docIds || filter.docIds.has(r.docId)).flatMap((r) => r.figures);
  }

  async termCounts(): Promise<TermCounts> {
    const counts: TermCounts = new Map();
    for (const r of this.reports.values()) counts.set(r.docId, { chunks: r.count, df: r.df });
    return counts;
  }

  private allowed(filter?: SearchFilter): LiveReport[] | null {
    if (!filter?.docIds) return null;
    return [...filter.docIds].flatMap((id) => (this.reports.has(id) ? [this.reports.get(id)!] : []));
  }

  async denseSearch(vector: ArrayLike<number>, k: number, filter?: SearchFilter): Promise<ChunkScore[]> {
    const reports = this.allowed(filter);
    if (reports && reports.length === 0) return [];
    const scanned = reports ? reports.reduce((s, r) => s + r.count, 0) : Infinity;
    if (scanned <= this.params.exactScanMax) return this.exactSearch(vector, k, reports ?? [...this.reports.values()]);
    if (!this.hnsw || this.chunkById.size === 0) return [];
    const labels = reports ? new Set(reports.map((r) => r.docId)) : null;
    const accept = labels ? (label: number) => { const id = this.labelChunk[label]; return id !== undefined && labels.has(this.chunkById.get(id)!.report.docId); } : undefined;
    const n = Math.min(k, reports ? scanned : this.chunkById.size);
    const query = Array.from(vector);
    const { neighbors } = accept ? this.hnsw.searchKnn(query, n, accept) : this.hnsw.searchKnn(query, n);
    // The graph picks the candidates; their scores are computed in double precision like every other path's.
    return neighbors.map((label) => {
      const { report, ordinal } = this.chunkById.get(this.labelChunk[label]!)!;
      return { id: report.chunks[ordinal]!.id, score: roundScore(cosine(vector, report.vectors, ordinal * this.dims, this.dims)) };
    }).sort(byScore);
  }

  /** Cosine similarity to every chunk of these reports: exact, for searches within a few reports (and recall checks). */
  exactSearch(vector: ArrayLike<number>, k: number, reports: Iterable<LiveReport> = this.reports.values()): ChunkScore[] {
    const hits: ChunkScore[] = [];
    for (const r of reports) for (let i = 0; i < r.count; i++) hits.push({ id: r.chunks[i]!.id, score: roundScore(cosine(vector, r.vectors, i * this.dims, this.dims)) });
    return hits.sort(byScore).slice(0, k);
  }

  async termSearch(terms: string[], k: number, filter?: SearchFilter): Promise<ChunkScore[]> {
    const reports = this.allowed(filter);
    const ranges = reports?.map((r) => [r.labelStart, r.labelStart + r.count] as const).sort((a, b) => a[0] - b[0]);
    // Scores by label in reused typed arrays: a search over a thousand reports touches a hundred thousand chunks.
    if (this.sums.length < this.labelChunk.length) {
      this.sums = new Float64Array(this.labelChunk.length);
      this.matched = new Uint16Array(this.labelChunk.length);
    }
    const { sums, matched } = this;
    const touched: number[] = [];
    for (const term of new Set(terms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const runs = ranges ? ranges.map(([from, to]) => [lowerBound(list, from), lowerBound(list, to)] as const) : [[0, list.length / 2] as const];
      for (const [first, last] of runs) {
        // Postings of one report are contiguous: count its run for the term's df, then score it.
        let i = first;
        while (i < last) {
          const report = this.labelReport[list[i * 2]!]!;
          const end = Math.min(last, lowerBound(list, report.labelStart + report.count));
          const df = end - i;
          for (let j = i; j < end; j++) {
            const label = list[j * 2]!;
            if (matched[label] === 0) touched.push(label);
            sums[label] += bm25Score(list[j * 2 + 1]!, df, report.count, this.lengths[label]!, report.avgLength, this.params);
            matched[label]++;
          }
          i = end;
        }
      }
    }
    const scores = new Float64Array(touched.length);
    touched.forEach((label, i) => {
      scores[i] = roundScore(sums[label]! * matched[label]!);
      sums[label] = 0;
      matched[label] = 0;
    });
    // Only chunks scoring at least the k-th best are sorted (ties at the bound are kept, then ordered by id).
    const bound = touched.length > k ? kthLargest(Float64Array.from(scores), k) : -Infinity;
    const hits: ChunkScore[] = [];
    touched.forEach((label, i) => {
      if (scores[i]! >= bound) hits.push({ id: this.labelChunk[label]!, score: scores[i]! });
    });
    return hits.sort(byScore).slice(0, k);
  }

  async putReports(reports: IndexedReport[]): Promise<void> {
    if (reports.length === 0) return;
    if (new Set(reports.map((r) => r.document.id)).size !== reports.length) throw new EmbeddedIndexError("INDEX_DUPLICATE", "the same report is given twice in one write");
    for (const r of reports) {
      if (r.vectors.length !== r.chunks.length) throw new EmbeddedIndexError("INDEX_DIMS", `report ${r.document.id}: ${r.vectors.length} vectors for ${r.chunks.length} chunks`);
      if (r.vectors.some((v) => v.length !== this.dims)) throw new EmbeddedIndexError("INDEX_DIMS", `report ${r.document.id}: vectors of ${r.vectors[0]?.length} dimensions, the index holds ${this.dims}`);
    }
    await this.withLock(async () => {
      const written: { docId: string; dir: string; stored: StoredReport & { vectors: Float32Array } }[] = [];
      for (const r of reports) {
        const { vectors: list, ...stored } = r;
        const vectors = new Float32Array(list.length * this.dims);
        list.forEach((v, i) => vectors.set(v, i * this.dims));
        written.push({ docId: r.document.id, dir: await this.writeReport(stored, vectors), stored: { ...stored, vectors } });
      }
      await this.loadGraph();
      if (!this.hnsw) await this.rebuildGraph();
      for (const { docId } of written) this.detach(docId);
      const needed = this.nextLabel + written.reduce((s, w) => s + w.stored.chunks.length, 0);
      if (needed > this.hnsw!.getMaxElements()) this.hnsw!.resizeIndex(Math.max(needed, Math.ceil(this.hnsw!.getMaxElements() * 1.5)));
      for (const w of written) {
        const entry: CatalogEntry = { dir: w.dir, labelStart: this.nextLabel, count: w.stored.chunks.length, manifest: w.stored.manifest };
        this.attach(w.docId, entry, w.stored);
        this.addVectors(this.hnsw!, entry, w.stored.vectors);
      }
      await this.publish();
    });
  }

  async removeReports(docIds: string[]): Promise<void> {
    const present = docIds.filter((id) => this.entries.has(id));
    if (present.length === 0) return;
    await this.withLock(async () => {
      await this.loadGraph();
      for (const id of present) this.detach(id);
      await this.publish();
    });
  }

  async close(): Promise<void> {
    this.hnsw = null;
  }

  private async writeReport(stored: StoredReport, vectors: Float32Array): Promise<string> {
    const name = `${stored.document.id}-${stored.manifest.textHash.slice(0, 12)}-${randomBytes(3).toString("hex")}`;
    const reportsDir = path.join(this.dir, "reports");
    const tmp = path.join(reportsDir, `.tmp-${name}`);
    await mkdir(tmp, { recursive: true });
    const report = Buffer.from(JSON.stringify(stored));
    const raw = Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength);
    await writeFile(path.join(tmp, "report.json"), report);
    await writeFile(path.join(tmp, "vectors.f32"), raw);
    await writeFile(path.join(tmp, "files.json"), JSON.stringify({ "report.json": sha256(report), "vectors.f32": sha256(raw) }));
    await rename(tmp, path.join(reportsDir, name));
    return name;
  }

  /** Writes the graph, then swaps the catalog; what no catalog names any more is removed after. */
  private async publish(): Promise<void> {
    const live = [...this.entries.values()].reduce((s, e) => s + e.count, 0);
    if (this.nextLabel > 0 && (this.nextLabel - live) / this.nextLabel > this.params.maxDeletedShare) await this.compact();
    if (!this.hnsw) await this.rebuildGraph();
    const version = newVersion();
    await mkdir(path.join(this.dir, "hnsw"), { recursive: true });
    const hnswFile = `${version}.bin`;
    const tmp = path.join(this.dir, "hnsw", `.tmp-${hnswFile}`);
    this.hnsw!.writeIndexSync(tmp);
    await rename(tmp, path.join(this.dir, "hnsw", hnswFile));
    const catalog: Catalog = {
      formatVersion: EMBEDDED_FORMAT_VERSION,
      version,
      dims: this.dims,
      hnsw: { file: hnswFile, m: this.params.m, efConstruction: this.params.efConstruction, labels: this.nextLabel, deleted: this.nextLabel - live },
      reports: Object.fromEntries([...this.entries].sort(([a], [b]) => a.localeCompare(b))),
    };
    await writeAtomic(path.join(this.dir, CATALOG), JSON.stringify(catalog, null, 1));
    this.catalog = catalog;
    await this.removeUnused();
  }

  /** Renumbers the reports' labels from 0 (keeping their order) and rebuilds the graph without the deleted ones. */
  private async compact(): Promise<void> {
    const order = [...this.entries].sort(([, a], [, b]) => a.labelStart - b.labelStart);
    // Old label → new label: each report's range moves down, its order kept, so posting lists stay sorted.
    const starts = new Map<number, number>();
    let next = 0;
    for (const [, e] of order) {
      starts.set(e.labelStart, next);
      next += e.count;
    }
    const ranges = order.map(([, e]) => [e.labelStart, e.labelStart + e.count, starts.get(e.labelStart)!] as const);
    const renumber = (label: number) => {
      for (const [from, to, start] of ranges) if (label >= from && label < to) return start + (label - from);
      return -1;
    };
    if (this.mode === "read") {
      for (const [term, list] of this.postings) {
        const kept: number[] = [];
        for (let i = 0; i < list.length; i += 2) {
          const label = renumber(list[i]!);
          if (label >= 0) kept.push(label, list[i + 1]!);
        }
        this.postings.set(term, kept);
      }
      const labelChunk: (string | undefined)[] = [];
      const labelReport: (LiveReport | undefined)[] = [];
      const lengths: number[] = [];
      for (const [from, to, start] of ranges) {
        for (let l = from; l < to; l++) {
          labelChunk[start + l - from] = this.labelChunk[l];
          labelReport[start + l - from] = this.labelReport[l];
          lengths[start + l - from] = this.lengths[l]!;
        }
      }
      this.labelChunk = labelChunk;
      this.labelReport = labelReport;
      this.lengths = lengths;
    }
    for (const [docId, e] of order) {
      const moved = { ...e, labelStart: starts.get(e.labelStart)! };
      this.entries.set(docId, moved);
      const live = this.reports.get(docId);
      if (live) live.labelStart = moved.labelStart;
    }
    this.nextLabel = next;
    this.hnsw = null;
    await this.rebuildGraph();
  }

  private async removeUnused(): Promise<void> {
    // Builds of the earlier whole-corpus layout (CURRENT + build-*/) are superseded by the catalog.
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      if (name === "CURRENT" || /^(\.tmp-)?build-/.test(name)) await rm(path.join(this.dir, name), { recursive: true, force: true }).catch(() => {});
    }
    const keepDirs = new Set([...this.entries.values()].map((r) => r.dir));
    for (const name of await readdir(path.join(this.dir, "reports")).catch(() => [] as string[])) {
      if (!keepDirs.has(name)) await rm(path.join(this.dir, "reports", name), { recursive: true, force: true }).catch(() => {});
    }
    for (const name of await readdir(path.join(this.dir, "hnsw")).catch(() => [] as string[])) {
      if (name !== this.catalog!.hnsw.file) await rm(path.join(this.dir, "hnsw", name), { force: true }).catch(() => {});
    }
  }

  /** One writer at a time: a second process indexing the same folder waits for the first. */
  private async withLock<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    const lock = path.join(this.dir, ".lock");
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      try {
        const handle = await open(lock, "wx");
        await handle.writeFile(String(process.pid));
        await handle.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        const holder = Number((await readFile(lock, "utf8").catch(() => "")).trim());
        if (!holder || !isAlive(holder)) {
          await unlink(lock).catch(() => {});
          continue;
        }
        if (Date.now() > deadline) throw new EmbeddedIndexError("INDEX_LOCKED", `process ${holder} is writing ${this.dir}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    try {
      return await work();
    } finally {
      await unlink(lock).catch(() => {});
    }
  }
}

/** Cosine similarity of a query and the stored vector at `offset`, in double precision. */
function cosine(q: ArrayLike<number>, v: Float32Array, offset: number, dims: number): number {
  let dot = 0;
  let qq = 0;
  let vv = 0;
  for (let j = 0; j < dims; j++) {
    const a = q[j]!;
    const b = v[offset + j]!;
    dot += a * b;
    qq += a * a;
    vv += b * b;
  }
  return dot / ((Math.sqrt(qq) || 1) * (Math.sqrt(vv) || 1));
}

function toVectors(raw: Buffer): Float32Array {
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
}

/** The k-th largest value (1-based) of `xs`, which it reorders (quickselect). */
function kthLargest(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! > pivot) i++;
      while (xs[j]! < pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return xs[target]!;
  }
  return xs[target]!;
}

/** First pair position in a [label, tf, …] list whose label is ≥ `label`. */
function lowerBound(list: number[], label: number): number {
  let lo = 0;
  let hi = list.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid * 2]! < label) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
