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
import type { Chunk } from "../types.js";
import { Bm25Index } from "./bm25.js";
import { buildEnglishLexicon, type EnglishLexicon } from "./english.js";
import { VectorIndex } from "./vector.js";

/** Bump when the on-disk format or what goes into it changes. */
export const INDEX_FORMAT_VERSION = 2;

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

const FILES = { hnsw: "hnsw.bin", bm25: "bm25.json", chunks: "chunks.json", english: "english.json", manifest: "manifest.json" } as const;

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
  const english = await buildEnglishLexicon(chunks);

  await mkdir(config.indexDir, { recursive: true });
  const name = `build-${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
  const tmp = path.join(config.indexDir, `.tmp-${name}`);
  await mkdir(tmp, { recursive: true });
  vectorIndex.write(path.join(tmp, FILES.hnsw));
  await writeFile(path.join(tmp, FILES.bm25), bm25.toJSON());
  await writeFile(path.join(tmp, FILES.chunks), JSON.stringify(chunks));
  await writeFile(path.join(tmp, FILES.english), JSON.stringify(english));
  const files: Record<string, string> = {};
  for (const f of [FILES.hnsw, FILES.bm25, FILES.chunks, FILES.english]) files[f] = sha256(await readFile(path.join(tmp, f)));
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
  return { manifest, chunks, vectors: vectorIndex, bm25, english, dir };
}

export interface Expectation {
  corpusHash: string;
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

  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, FILES.manifest), "utf8")) as Manifest;
  } catch (err) {
    throw new IndexError("INDEX_CORRUPT", "manifest.json is unreadable", { cause: err });
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) throw new IndexError("INDEX_STALE", `index format ${manifest.formatVersion}, expected ${INDEX_FORMAT_VERSION}`);
  if (manifest.corpusHash !== expect.corpusHash) throw new IndexError("INDEX_STALE", "the corpus changed since the index was built");
  if (manifest.model?.id !== expect.modelId) throw new IndexError("INDEX_STALE", `index built with ${manifest.model?.id}, the model now is ${expect.modelId}`);
  if (expect.modelFingerprint && manifest.model.fingerprint !== expect.modelFingerprint) throw new IndexError("INDEX_STALE", `index built with another version of ${expect.modelId}`);
  if (manifest.chunkMaxChars !== expect.chunkMaxChars) throw new IndexError("INDEX_STALE", "chunk size changed since the index was built");

  const contents: Record<string, Buffer> = {};
  const expected = [FILES.hnsw, FILES.bm25, FILES.chunks, FILES.english];
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
    if (chunks.length !== manifest.chunks || vectors.size !== manifest.chunks) throw new Error("chunk counts disagree");
    return { manifest, chunks, vectors, bm25, english, dir };
  } catch (err) {
    throw new IndexError("INDEX_CORRUPT", `index files cannot be read: ${(err as Error).message}`, { cause: err });
  }
}

/** An unfinished build folder this old was left by a killed build, not one still running. */
const ABANDONED_MS = 10 * 60_000;

async function removeOldBuilds(indexDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if (entry === keep) continue;
    const full = path.join(indexDir, entry);
    const abandoned = entry.startsWith(".tmp-build-") && Date.now() - (await stat(full).catch(() => null))!.mtimeMs > ABANDONED_MS;
    if (entry.startsWith("build-") || abandoned) await rm(full, { recursive: true, force: true }).catch(() => {});
  }
}
