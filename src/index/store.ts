/**
 * Building, saving and loading the search index (HNSW + BM25 + chunk list).
 *
 * Layout: index/CURRENT names the live build folder, index/<build>/ holds
 * manifest.json, hnsw.bin, bm25.json and chunks.json. A build is written into
 * a fresh folder and becomes live only when CURRENT is replaced by rename, so a
 * crash or SIGKILL mid-build leaves the previous good index in use. Loading
 * checks every file's hash and refuses an index built from another corpus,
 * model, chunking or format version (it is then rebuilt, never used).
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config.js";
import type { Corpus } from "../corpus/load.js";
import type { ReportEmbeddings } from "../embed/embeddings.js";
import type { Chunk, ReportDocument } from "../types.js";
import { Bm25Index } from "./bm25.js";
import { buildEnglishLexicon, type EnglishLexicon } from "./english.js";
import { VectorIndex } from "./vector.js";

/** Bump when the on-disk format or what goes into it changes. */
export const INDEX_FORMAT_VERSION = 5;

export interface Manifest {
  formatVersion: number;
  corpusHash: string;
  model: { id: string; dims: number; source: string; fingerprint: string };
  chunkMaxChars: number;
  chunks: number;
  hnsw: { m: number; efConstruction: number };
  builtAt: string;
  buildMs: number;
  /** sha256 of each file in the build folder. */
  files: Record<string, string>;
}

export interface SearchIndex {
  manifest: Manifest;
  /** The reports this index was built from, verbatim: a last good index is served with its own texts. */
  documents: ReportDocument[];
  chunks: Chunk[];
  vectors: VectorIndex;
  bm25: Bm25Index;
  english: EnglishLexicon;
  dir: string;
}

export class IndexError extends Error {
  constructor(readonly code: "INDEX_MISSING" | "INDEX_STALE" | "INDEX_CORRUPT", message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const FILES = { hnsw: "hnsw.bin", bm25: "bm25.json", chunks: "chunks.json", english: "english.json", documents: "documents.json", manifest: "manifest.json" } as const;
const DATA_FILES = [FILES.hnsw, FILES.bm25, FILES.chunks, FILES.english, FILES.documents];

/** What BM25 sees for a chunk: its words plus its section heading, which names the topic. */
export function bm25Text(chunk: Chunk): string {
  const heading = chunk.sectionPath[chunk.sectionPath.length - 1] ?? "";
  return `${heading}\n${chunk.text}`;
}

/** What the embedding model sees for a chunk. */
export function denseText(chunk: Chunk): string {
  return chunk.text;
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

export interface BuildProgress {
  (stage: "embed", done: number, total: number): void;
}

export async function buildIndex(config: Config, corpus: Corpus, embeddings: ReportEmbeddings, progress?: BuildProgress): Promise<SearchIndex> {
  const started = Date.now();
  const chunks = corpus.chunks;
  const vectors = await embeddings.embedDocuments(chunks.map(denseText), (done) => progress?.("embed", done, chunks.length));
  const hnswParams = { m: config.hnswM, efConstruction: config.hnswEfConstruction, efSearch: config.hnswEfSearch };
  const vectorIndex = VectorIndex.build(vectors, embeddings.dims, hnswParams);
  const bm25 = Bm25Index.build(chunks, { k1: config.bm25K1, b: config.bm25B }, bm25Text);
  const english = await buildEnglishLexicon(chunks, corpus.documents.flatMap((d) => [d.place.name, d.place.short, ...d.place.within]));

  await mkdir(config.indexDir, { recursive: true });
  const name = `build-${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  const tmp = path.join(config.indexDir, `.tmp-${name}`);
  await mkdir(tmp, { recursive: true });
  vectorIndex.write(path.join(tmp, FILES.hnsw));
  await writeFile(path.join(tmp, FILES.bm25), bm25.toJSON());
  await writeFile(path.join(tmp, FILES.chunks), JSON.stringify(chunks));
  await writeFile(path.join(tmp, FILES.english), JSON.stringify(english));
  await writeFile(path.join(tmp, FILES.documents), JSON.stringify(corpus.documents));
  const files: Record<string, string> = {};
  for (const f of DATA_FILES) files[f] = sha256(await readFile(path.join(tmp, f)));
  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    corpusHash: corpus.hash,
    model: { id: embeddings.spec.id, dims: embeddings.dims, source: embeddings.source, fingerprint: embeddings.fingerprint },
    chunkMaxChars: config.chunkMaxChars,
    chunks: chunks.length,
    hnsw: { m: config.hnswM, efConstruction: config.hnswEfConstruction },
    builtAt: new Date().toISOString(),
    buildMs: Date.now() - started,
    files,
  };
  await writeFile(path.join(tmp, FILES.manifest), JSON.stringify(manifest, null, 2));

  // Publish: the folder gets its final name, then CURRENT is swapped by rename (atomic on POSIX).
  const dir = path.join(config.indexDir, name);
  await rename(tmp, dir);
  const current = path.join(config.indexDir, "CURRENT");
  await writeFile(`${current}.tmp`, name);
  await rename(`${current}.tmp`, current);
  await removeOldBuilds(config.indexDir, name);
  return { manifest, documents: corpus.documents, chunks, vectors: vectorIndex, bm25, english, dir };
}

export interface Expectation {
  /** null: any corpus (serving the last good build when the current corpus cannot be indexed). */
  corpusHash: string | null;
  modelId: string;
  /** When given, the model's weights must be the ones the index was built with. */
  modelFingerprint?: string;
  chunkMaxChars: number;
}

/** Loads the live index, or throws an IndexError saying why it cannot be used. */
export async function loadIndex(config: Config, expect: Expectation): Promise<SearchIndex> {
  const current = path.join(config.indexDir, "CURRENT");
  if (!existsSync(current)) throw new IndexError("INDEX_MISSING", `no index in ${config.indexDir}`);
  const name = (await readFile(current, "utf8")).trim();
  const dir = path.join(config.indexDir, name);
  if (!/^build-[\w-]+$/.test(name) || !existsSync(dir)) throw new IndexError("INDEX_CORRUPT", `CURRENT points to a missing build "${name}"`);
  return loadBuild(config, dir, expect);
}

/**
 * The newest intact build for this model, whatever corpus it was built from —
 * for a start-up that cannot build (index/ read-only, no readable report): better
 * the last good index, with its own report texts, than no service at all.
 */
export async function loadLastGoodIndex(config: Config, expect: Omit<Expectation, "corpusHash">): Promise<SearchIndex | null> {
  const builds = existsSync(config.indexDir) ? (await readdir(config.indexDir)).filter((n) => /^build-[\w-]+$/.test(n)).sort().reverse() : [];
  for (const name of builds) {
    try {
      return await loadBuild(config, path.join(config.indexDir, name), { ...expect, corpusHash: null });
    } catch {
      // Damaged or made by another model: try the next older one.
    }
  }
  return null;
}

async function loadBuild(config: Config, dir: string, expect: Expectation): Promise<SearchIndex> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, FILES.manifest), "utf8")) as Manifest;
  } catch (err) {
    throw new IndexError("INDEX_CORRUPT", "manifest.json is unreadable", { cause: err });
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) throw new IndexError("INDEX_STALE", `index format ${manifest.formatVersion}, expected ${INDEX_FORMAT_VERSION}`);
  if (expect.corpusHash !== null && manifest.corpusHash !== expect.corpusHash) throw new IndexError("INDEX_STALE", "the corpus changed since the index was built");
  if (manifest.model?.id !== expect.modelId) throw new IndexError("INDEX_STALE", `index built with ${manifest.model?.id}, the model now is ${expect.modelId}`);
  if (expect.modelFingerprint && manifest.model.fingerprint !== expect.modelFingerprint) throw new IndexError("INDEX_STALE", `index built with another version of ${expect.modelId}`);
  if (manifest.chunkMaxChars !== expect.chunkMaxChars) throw new IndexError("INDEX_STALE", "chunk size changed since the index was built");

  const contents: Record<string, Buffer> = {};
  const expected = DATA_FILES;
  if (!expected.every((f) => manifest.files?.[f])) throw new IndexError("INDEX_CORRUPT", "manifest.json does not list every index file");
  for (const [file, hash] of Object.entries(manifest.files)) {
    const data = await readFile(path.join(dir, file)).catch(() => null);
    if (!data || sha256(data) !== hash) throw new IndexError("INDEX_CORRUPT", `${file} is missing or damaged`);
    contents[file] = data;
  }
  try {
    const chunks = JSON.parse(contents[FILES.chunks]!.toString("utf8")) as Chunk[];
    const params = { m: config.hnswM, efConstruction: config.hnswEfConstruction, efSearch: config.hnswEfSearch };
    const vectors = VectorIndex.read(path.join(dir, FILES.hnsw), manifest.model.dims, params);
    const bm25 = Bm25Index.fromJSON(contents[FILES.bm25]!.toString("utf8"), { k1: config.bm25K1, b: config.bm25B });
    const english = JSON.parse(contents[FILES.english]!.toString("utf8")) as EnglishLexicon;
    const documents = JSON.parse(contents[FILES.documents]!.toString("utf8")) as ReportDocument[];
    if (chunks.length !== manifest.chunks || vectors.size !== manifest.chunks) throw new Error("chunk counts disagree");
    return { manifest, documents, chunks, vectors, bm25, english, dir };
  } catch (err) {
    throw new IndexError("INDEX_CORRUPT", `index files cannot be read: ${(err as Error).message}`, { cause: err });
  }
}

/** An unfinished build folder this old was left by a killed build, not one still running. */
const ABANDONED_MS = 10 * 60_000;

/** Removes superseded builds, keeping the newest previous one as the last good fallback. */
async function removeOldBuilds(indexDir: string, keep: string): Promise<void> {
  const previous = (await readdir(indexDir)).filter((n) => n !== keep && /^build-[\w-]+$/.test(n)).sort().at(-1);
  for (const entry of await readdir(indexDir)) {
    if (entry === keep || entry === previous) continue;
    const full = path.join(indexDir, entry);
    const abandoned = entry.startsWith(".tmp-build-") && Date.now() - (await stat(full).catch(() => null))!.mtimeMs > ABANDONED_MS;
    if (entry.startsWith("build-") || abandoned) await rm(full, { recursive: true, force: true }).catch(() => {});
  }
}
