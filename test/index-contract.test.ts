/**
 * The index contract (src/index/backend.ts), one suite over three setups: the
 * embedded index in a temporary folder, the Postgres index on an in-process
 * PGlite (Postgres compiled to WebAssembly, with pgvector), and the Postgres
 * index through node-postgres against a PGlite served over the wire protocol
 * on 127.0.0.1 — the path a production Postgres takes. Three real reports,
 * the built-in embedding model, questions from the tuning sets; every
 * expectation is computed from the reports themselves (BM25 by bm25Score,
 * cosine by brute force), and the three setups must agree.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { loadDocuments } from "../src/corpus/load.js";
import { ReportEmbeddings } from "../src/embed/embeddings.js";
import { loadModel } from "../src/embed/model.js";
import { bm25Score, byScore, indexReport, roundScore, type ChunkScore, type IndexBackend, type IndexedReport, type TermCounts } from "../src/index/backend.js";
import { EmbeddedIndex } from "../src/index/embedded.js";
import { PostgresIndex, fromPGlite, fromPool, postgresParams, type SqlDatabase } from "../src/index/postgres/index.js";
import { createPGlite, startLocalPostgres, type LocalPostgres } from "../src/index/postgres/local.js";
import { migrate, readMigrations, renderMigration } from "../src/index/postgres/migrate.js";
import { tokenize } from "../src/index/tokenize.js";
import { loadItems } from "../eval/sets.js";

const config = loadConfig({ embedModel: "builtin-zh-lex", allowRemoteModels: false });
const params = postgresParams(config);
const LIUBEI = "liubei-2023";
const HEBEI = "hebei-2026";
const JILIN = "jilin-2026";
const DOC_IDS = [LIUBEI, HEBEI, JILIN];
const TWO = new Set([HEBEI, JILIN]);

interface Question {
  text: string;
  terms: string[];
  vector: number[];
}

let embeddings: ReportEmbeddings;
/** The three reports as indexed, by id. */
const original = new Map<string, IndexedReport>();
/** Hebei's report cut to its first half: the replacement. */
let shortened: IndexedReport;
let questions: Question[] = [];

interface Setup {
  name: string;
  index: IndexBackend;
  /** Another handle on the same storage whose every filtered dense search takes the approximate path. */
  approximate(): Promise<IndexBackend>;
  /** The Postgres handle and its database, for the Postgres-only cases. */
  postgres?: { index: PostgresIndex; db: SqlDatabase };
  close(): Promise<void>;
  /** What the setup holds now: the reference every answer is computed from. */
  held: Map<string, IndexedReport>;
}

const setups: Setup[] = [];
const setup = (name: string) => setups.find((s) => s.name === name)!;
const NAMES = ["embedded", "postgres (PGlite in process)", "postgres (pg over a socket)"];
/** Two servers migrating one fresh database at once: what each applied. */
let concurrentMigrations: string[][] = [];

async function openEmbedded(): Promise<Setup> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "report-qa-contract-"));
  const open = (exactScanMax: number) => EmbeddedIndex.open(dir, embeddings.dims, { ...params, exactScanMax, maxDeletedShare: config.maxDeletedShare });
  const index = await open(params.exactScanMax);
  return {
    name: NAMES[0]!,
    index,
    approximate: () => open(0),
    close: async () => {
      await index.close();
      rmSync(dir, { recursive: true, force: true });
    },
    held: new Map(),
  };
}

async function openPGlite(): Promise<Setup> {
  const pglite = await createPGlite();
  const db = fromPGlite(pglite);
  const index = await PostgresIndex.open(db, embeddings.dims, params);
  return {
    name: NAMES[1]!,
    index,
    approximate: () => PostgresIndex.open(db, embeddings.dims, { ...params, exactScanMax: 0 }),
    postgres: { index, db },
    close: () => pglite.close(),
    held: new Map(),
  };
}

async function openSocket(): Promise<Setup> {
  const local: LocalPostgres = await startLocalPostgres({ port: 0 });
  // Two servers starting against the same empty database: one migrates, the other waits and finds it done.
  const starting = [new pg.Pool({ connectionString: local.url, max: 1 }), new pg.Pool({ connectionString: local.url, max: 1 })];
  const values = { dims: embeddings.dims, hnsw_m: params.m, hnsw_ef_construction: params.efConstruction };
  concurrentMigrations = await Promise.all(starting.map((p) => migrate(fromPool(p), values)));
  await Promise.all(starting.map((p) => p.end()));
  const pool = new pg.Pool({ connectionString: local.url, max: 2 });
  const db = fromPool(pool);
  const index = await PostgresIndex.open(db, embeddings.dims, params);
  return {
    name: NAMES[2]!,
    index,
    approximate: () => PostgresIndex.open(db, embeddings.dims, { ...params, exactScanMax: 0 }),
    postgres: { index, db },
    close: async () => {
      await pool.end();
      await local.stop();
    },
    held: new Map(),
  };
}

/** Real questions from the tuning split (never the held-out one) about these reports, and some about others. */
function tuningQuestions(): string[] {
  const zh = loadItems({ splits: ["tuning"] }).filter((q) => q.lang === "zh");
  const ours = zh.filter((q) => q.docs.some((d) => TWO.has(d))).slice(0, 14);
  const seed = zh.filter((q) => q.docs.includes(LIUBEI)).slice(0, 12);
  const others = zh.filter((q) => !q.docs.some((d) => DOC_IDS.includes(d))).slice(0, 6);
  return [...ours, ...seed, ...others].map((q) => q.question);
}

beforeAll(async () => {
  embeddings = await ReportEmbeddings.create(await loadModel(config));
  const documents = (await loadDocuments(config.corpusDir)).documents.filter((d) => DOC_IDS.includes(d.id));
  expect(documents.map((d) => d.id).sort()).toEqual([...DOC_IDS].sort());
  for (const d of documents) original.set(d.id, await indexReport(d, embeddings, config.chunkMaxChars));
  const hebei = original.get(HEBEI)!.document;
  shortened = await indexReport({ ...hebei, text: hebei.text.slice(0, hebei.text.indexOf("\n", hebei.text.length / 2) + 1) }, embeddings, config.chunkMaxChars);
  const texts = tuningQuestions();
  const vectors = await Promise.all(texts.map((t) => embeddings.embedQuery(t)));
  questions = texts.map((text, i) => ({ text, terms: tokenize(text), vector: vectors[i]! }));

  for (const open of [openEmbedded, openPGlite, openSocket]) {
    const s = await open();
    setups.push(s);
    await s.index.putReports([...original.values()]);
    for (const r of original.values()) s.held.set(r.document.id, r);
  }
}, 240_000);

afterAll(async () => {
  for (const s of setups) await s.close();
});

// --- references, computed from what a setup holds

function bm25Reference(held: Map<string, IndexedReport>, terms: string[], k: number, docIds?: ReadonlySet<string>): ChunkScore[] {
  const query = [...new Set(terms)];
  const hits: ChunkScore[] = [];
  for (const r of held.values()) {
    if (docIds && !docIds.has(r.document.id)) continue;
    const n = r.chunks.length;
    const avgLength = r.terms.reduce((s, t) => s + t.length, 0) / n;
    const df = new Map<string, number>();
    for (const t of r.terms) for (const [term] of t.tf) df.set(term, (df.get(term) ?? 0) + 1);
    r.terms.forEach((t, i) => {
      const tf = new Map(t.tf);
      let sum = 0;
      let matched = 0;
      for (const term of query) {
        if (!tf.has(term)) continue;
        sum += bm25Score(tf.get(term)!, df.get(term)!, n, t.length, avgLength, params);
        matched++;
      }
      if (matched) hits.push({ id: r.chunks[i]!.id, score: roundScore(sum * matched) });
    });
  }
  return hits.sort(byScore).slice(0, k);
}

function cosineReference(held: Map<string, IndexedReport>, vector: number[], k: number, docIds?: ReadonlySet<string>): ChunkScore[] {
  let qNorm = 0;
  for (const x of vector) qNorm += x * x;
  qNorm = Math.sqrt(qNorm) || 1;
  const hits: ChunkScore[] = [];
  for (const r of held.values()) {
    if (docIds && !docIds.has(r.document.id)) continue;
    r.vectors.forEach((v, i) => {
      let dot = 0;
      let norm = 0;
      for (let j = 0; j < v.length; j++) {
        dot += v[j]! * vector[j]!;
        norm += v[j]! * v[j]!;
      }
      hits.push({ id: r.chunks[i]!.id, score: roundScore(dot / ((Math.sqrt(norm) || 1) * qNorm)) });
    });
  }
  return hits.sort(byScore).slice(0, k);
}

function termCountsReference(held: Map<string, IndexedReport>): TermCounts {
  const counts: TermCounts = new Map();
  for (const r of held.values()) {
    const df = new Map<string, number>();
    for (const t of r.terms) for (const [term] of t.tf) df.set(term, (df.get(term) ?? 0) + 1);
    counts.set(r.document.id, { chunks: r.chunks.length, df });
  }
  return counts;
}

const recall = (got: ChunkScore[], want: ChunkScore[]) => {
  const ids = new Set(got.map((h) => h.id));
  return want.filter((h) => ids.has(h.id)).length / want.length;
};
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Everything a setup answers for the questions, on the paths where the contract fixes the answer exactly. */
async function exactAnswers(index: IndexBackend) {
  const out: unknown[] = [];
  // Each setup already equals the references on every question; a third of them, spread, is enough here.
  for (const q of questions.filter((_, i) => i % 3 === 0)) {
    out.push(await index.termSearch(q.terms, 20), await index.termSearch(q.terms, 20, { docIds: TWO }), await index.denseSearch(q.vector, 10, { docIds: TWO }), await index.denseSearch(q.vector, 10, { docIds: new Set([JILIN]) }));
  }
  return out;
}

/** The three setups return the same ids and scores; approximate searches the same scores for the chunks they return. */
async function expectSetupsAgree(): Promise<void> {
  expect(setups.map((s) => s.name)).toEqual(NAMES);
  const [first, ...rest] = await Promise.all(setups.map((s) => exactAnswers(s.index)));
  for (const other of rest) expect(other).toEqual(first);
  for (const q of questions.filter((_, i) => i % 3 === 0)) {
    const exact = new Map(cosineReference(setups[0]!.held, q.vector, Infinity).map((h) => [h.id, h.score]));
    for (const s of setups) {
      for (const hit of await s.index.denseSearch(q.vector, 10)) {
        // The embedded graph (hnswlib) scores in single precision; the Postgres index rescored in double, exactly.
        if (s.postgres) expect(hit.score).toBe(exact.get(hit.id));
        else expect(Math.abs(hit.score - exact.get(hit.id)!)).toBeLessThan(1e-6);
      }
    }
  }
}

describe.each(NAMES)("%s", (name) => {
  const s = () => setup(name);

  it("gives back documents, chunks, paragraphs and figures by id exactly, citations recoverable from the stored text", async () => {
    const index = s().index;
    const documents = await index.documents();
    expect(documents.map((d) => d.id)).toEqual([...DOC_IDS].sort());
    expect(await index.documents([JILIN, "no-such-report", LIUBEI])).toEqual([original.get(JILIN)!.document, original.get(LIUBEI)!.document]);
    expect(await index.manifests()).toEqual([...DOC_IDS].sort().map((id) => original.get(id)!.manifest));
    for (const document of documents) {
      const r = original.get(document.id)!;
      expect(document).toEqual(r.document);
      // The verbatim file, byte for byte.
      expect(Buffer.from(document.text, "utf8").equals(readFileSync(path.join(config.corpusDir, document.source)))).toBe(true);
      const bytes = Buffer.from(document.text, "utf8");
      const paragraphs = await index.paragraphs(r.paragraphs.map((p) => p.id));
      expect(paragraphs).toEqual(r.paragraphs);
      for (const p of paragraphs) {
        expect(document.text.slice(p.start, p.end)).toBe(p.text);
        expect(bytes.subarray(p.byteStart, p.byteEnd).toString("utf8")).toBe(p.text);
      }
      const chunks = await index.chunks(r.chunks.map((c) => c.id));
      expect(chunks).toEqual(r.chunks);
      for (const c of chunks) expect(document.text.slice(c.start, c.end)).toBe(c.text);
      const figures = await index.figures({ docIds: new Set([document.id]) });
      expect(figures).toEqual(r.figures);
      expect(figures.length).toBeGreaterThan(10);
      for (const f of figures) expect(document.text.slice(f.start, f.end)).toBe(f.quote);
    }
    // In the order asked; unknown ids left out.
    const some = original.get(HEBEI)!.chunks.slice(3, 6).reverse();
    expect(await index.chunks(["nope", ...some.map((c) => c.id)])).toEqual(some);
    expect(await index.paragraphs([original.get(JILIN)!.paragraphs[2]!.id, "nope"])).toEqual([original.get(JILIN)!.paragraphs[2]]);
    expect(await index.figures()).toEqual([...DOC_IDS].sort().flatMap((id) => original.get(id)!.figures));
  });

  it("counts terms per report", async () => {
    expect(await s().index.termCounts()).toEqual(termCountsReference(s().held));
  });

  it("term search is BM25 computed over the stored terms, each report its own statistics, with and without a filter", async () => {
    const index = s().index;
    let nonEmpty = 0;
    for (const q of questions) {
      const all = await index.termSearch(q.terms, 20);
      expect(all).toEqual(bm25Reference(s().held, q.terms, 20));
      if (all.length) nonEmpty++;
      expect(await index.termSearch(q.terms, 20, { docIds: TWO })).toEqual(bm25Reference(s().held, q.terms, 20, TWO));
      expect(await index.termSearch(q.terms, 5, { docIds: new Set([LIUBEI, "no-such-report"]) })).toEqual(bm25Reference(s().held, q.terms, 5, new Set([LIUBEI])));
      expect(await index.termSearch(q.terms, 20, { docIds: new Set() })).toEqual([]);
    }
    expect(nonEmpty).toBe(questions.length);
    // A repeated term counts once.
    const q = questions[0]!;
    expect(await index.termSearch([...q.terms, ...q.terms], 20)).toEqual(await index.termSearch(q.terms, 20));
    expect(await index.termSearch([], 20)).toEqual([]);
  });

  it("dense search within a few reports is exact cosine search", async () => {
    const index = s().index;
    for (const q of questions) {
      expect(await index.denseSearch(q.vector, 10, { docIds: TWO })).toEqual(cosineReference(s().held, q.vector, 10, TWO));
      expect(await index.denseSearch(q.vector, 40, { docIds: new Set([LIUBEI]) })).toEqual(cosineReference(s().held, q.vector, 40, new Set([LIUBEI])));
    }
    expect(await index.denseSearch(questions[0]!.vector, 10, { docIds: new Set(["no-such-report"]) })).toEqual([]);
  });

  it("dense search over all reports finds ≥ 98% of the exact top 10", async () => {
    const recalls: number[] = [];
    for (const q of questions) {
      const got = await s().index.denseSearch(q.vector, 10);
      expect(got).toHaveLength(10);
      expect([...got].sort(byScore)).toEqual(got);
      recalls.push(recall(got, cosineReference(s().held, q.vector, 10)));
    }
    expect(mean(recalls)).toBeGreaterThanOrEqual(0.98);
  });

  it("a filtered search through the graph still returns k chunks, all from the filter", async () => {
    const approximate = await s().approximate();
    const recalls: number[] = [];
    for (const q of questions) {
      const got = await approximate.denseSearch(q.vector, 10, { docIds: new Set([JILIN]) });
      expect(got).toHaveLength(10);
      for (const hit of got) expect(hit.id.startsWith(`${JILIN}:`)).toBe(true);
      recalls.push(recall(got, cosineReference(s().held, q.vector, 10, new Set([JILIN]))));
    }
    expect(mean(recalls)).toBeGreaterThanOrEqual(0.95);
  });
});

it("the three setups return the same ids and scores for the same questions", async () => {
  await expectSetupsAgree();
});

describe.each(NAMES)("%s, writing", (name) => {
  const s = () => setup(name);

  /** What a reader can observe, for before/after comparisons. */
  async function observe(index: IndexBackend) {
    const q = questions[0]!;
    return {
      version: await index.version(),
      manifests: await index.manifests(),
      documents: (await index.documents()).map((d) => d.id),
      counts: await index.termCounts(),
      terms: await index.termSearch(q.terms, 20),
      dense: await index.denseSearch(q.vector, 10, { docIds: TWO }),
      jilin: await index.chunks(original.get(JILIN)!.chunks.map((c) => c.id)),
    };
  }

  it("a put that fails changes nothing", async () => {
    const index = s().index;
    const before = await observe(index);
    const jilin = original.get(JILIN)!;
    const hebei = original.get(HEBEI)!;
    const wrongDims = { ...hebei, vectors: hebei.vectors.map((v) => v.subarray(0, v.length - 1)) };
    const changed = { ...jilin, manifest: { ...jilin.manifest, indexedAt: "2000-01-01T00:00:00.000Z" } };
    await expect(index.putReports([changed, wrongDims])).rejects.toThrow(/dimensions/);
    expect(await observe(index)).toEqual(before);
  });

  it("replacing one report changes only it", async () => {
    const index = s().index;
    const old = original.get(HEBEI)!;
    const before = await index.version();
    await index.putReports([shortened]);
    s().held.set(HEBEI, shortened);
    expect(await index.version()).not.toBe(before);

    const newIds = new Set(shortened.chunks.map((c) => c.id));
    const gone = old.chunks.filter((c) => !newIds.has(c.id)).map((c) => c.id);
    expect(gone.length).toBeGreaterThan(50);
    expect(await index.chunks(gone)).toEqual([]);
    expect(await index.paragraphs(old.paragraphs.filter((p) => !shortened.paragraphs.some((q) => q.id === p.id)).map((p) => p.id))).toEqual([]);
    expect(await index.chunks(shortened.chunks.map((c) => c.id))).toEqual(shortened.chunks);
    expect((await index.documents([HEBEI]))[0]!.text).toBe(shortened.document.text);
    expect(await index.figures({ docIds: new Set([HEBEI]) })).toEqual(shortened.figures);
    for (const id of [LIUBEI, JILIN]) {
      expect(await index.chunks(original.get(id)!.chunks.map((c) => c.id))).toEqual(original.get(id)!.chunks);
      expect(await index.figures({ docIds: new Set([id]) })).toEqual(original.get(id)!.figures);
    }
    expect((await index.manifests()).map((m) => m.textHash)).toEqual([HEBEI, JILIN, LIUBEI].map((id) => s().held.get(id)!.manifest.textHash));
    expect(await index.termCounts()).toEqual(termCountsReference(s().held));
    for (const q of questions.slice(0, 12)) {
      expect(await index.termSearch(q.terms, 20)).toEqual(bm25Reference(s().held, q.terms, 20));
      expect(await index.denseSearch(q.vector, 10, { docIds: TWO })).toEqual(cosineReference(s().held, q.vector, 10, TWO));
    }
  });

  it("removing one report removes all of it", async () => {
    const index = s().index;
    const before = await index.version();
    const liubei = original.get(LIUBEI)!;
    await index.removeReports([LIUBEI]);
    s().held.delete(LIUBEI);
    const after = await index.version();
    expect(after).not.toBe(before);
    expect((await index.documents()).map((d) => d.id)).toEqual([HEBEI, JILIN]);
    expect(await index.documents([LIUBEI])).toEqual([]);
    expect(await index.chunks(liubei.chunks.map((c) => c.id))).toEqual([]);
    expect(await index.paragraphs(liubei.paragraphs.map((p) => p.id))).toEqual([]);
    expect(await index.figures({ docIds: new Set([LIUBEI]) })).toEqual([]);
    expect((await index.figures()).every((f) => f.docId !== LIUBEI)).toBe(true);
    expect([...(await index.termCounts()).keys()].sort()).toEqual([HEBEI, JILIN]);
    for (const q of questions.slice(0, 12)) {
      const hits = await index.termSearch(q.terms, 20);
      expect(hits).toEqual(bm25Reference(s().held, q.terms, 20));
      expect(hits.every((h) => !h.id.startsWith(`${LIUBEI}:`))).toBe(true);
      expect(await index.denseSearch(q.vector, 10, { docIds: new Set([LIUBEI]) })).toEqual([]);
    }
    // Removing what is not there changes nothing.
    await index.removeReports(["no-such-report"]);
    expect(await index.version()).toBe(after);
  });
});

it("after the same writes, the three setups still agree", async () => {
  await expectSetupsAgree();
});

describe.each(NAMES.slice(1))("%s only", (name) => {
  const s = () => setup(name);

  it("a write that fails inside the transaction (a chunk id already taken) leaves every report as it was", async () => {
    const { index } = s().postgres!;
    const version = await index.version();
    const manifests = await index.manifests();
    const jilin = original.get(JILIN)!;
    const changed = { ...jilin, manifest: { ...jilin.manifest, indexedAt: "2000-01-01T00:00:00.000Z" } };
    // Passes every check before the database; its paragraph and chunk ids are Hebei's, which the database refuses.
    const copy = { ...shortened, document: { ...shortened.document, id: "hebei-copy" }, manifest: { ...shortened.manifest, docId: "hebei-copy" } };
    await expect(index.putReports([changed, copy])).rejects.toThrow();
    expect(await index.version()).toBe(version);
    expect(await index.manifests()).toEqual(manifests);
    expect(await index.documents(["hebei-copy"])).toEqual([]);
    expect(await index.chunks(jilin.chunks.map((c) => c.id))).toEqual(jilin.chunks);
  });

  it("migrations are applied once, and a model of another dimension is refused", async () => {
    const { db } = s().postgres!;
    expect(await migrate(db, { dims: embeddings.dims, hnsw_m: params.m, hnsw_ef_construction: params.efConstruction })).toEqual([]);
    const names = (await readMigrations()).map((m) => m.name);
    expect((await db.query<{ name: string }>("select name from schema_migrations order by name")).map((r) => r.name)).toEqual(names);
    await expect(PostgresIndex.open(db, embeddings.dims + 1, params)).rejects.toMatchObject({ code: "INDEX_DIMS", message: expect.stringContaining(`${embeddings.dims}-dimensional`) });
  });

  it("searches within few reports scan them; other searches walk the HNSW index", async () => {
    const { index } = s().postgres!;
    const q = questions[0]!.vector;
    expect(await index.explainDense(q, 10, { docIds: TWO })).not.toMatch(/chunks_embedding/);
    expect(await index.explainDense(q, 10)).toMatch(/Index Scan using chunks_embedding/);
    const approximate = (await s().approximate()) as PostgresIndex;
    expect(await approximate.explainDense(q, 10, { docIds: new Set([JILIN]) })).toMatch(/Index Scan using chunks_embedding/);
  });
});

it("two servers migrating one empty database at once: one applies the migrations, the other finds them applied", async () => {
  const names = (await readMigrations()).map((m) => m.name);
  expect([...concurrentMigrations].sort((a, b) => b.length - a.length)).toEqual([names, []]);
});

describe("migration text", () => {
  it("fills placeholders with positive integers only", () => {
    expect(renderMigration("vector({{dims}}) with (m = {{hnsw_m}})", { dims: 512, hnsw_m: 16 })).toBe("vector(512) with (m = 16)");
    expect(() => renderMigration("vector({{dims}})", {})).toThrow(/no value for \{\{dims\}\}/);
    expect(() => renderMigration("vector({{dims}})", { dims: 1.5 })).toThrow(/positive integer/);
    expect(() => renderMigration("vector({{dims}})", { dims: -3 })).toThrow(/positive integer/);
  });
});
