/**
 * The index contract (../backend.ts) on Postgres with pgvector: the same
 * results as the embedded index, from tables that several stateless servers
 * can share. Selected by DATABASE_URL (connectPostgres); tests and
 * `npm run db:local` run it on PGlite, Postgres compiled to WASM.
 *
 * Term search computes bm25Score in SQL over the jieba terms the application
 * stored (Postgres has no Chinese segmenter), each report's statistics its
 * own. Dense search finds its candidates with pgvector's cosine distance
 * (exactly, by a scan, within few reports; through the HNSW index otherwise)
 * and scores them in double precision in the order the embedded index sums,
 * so both backends give a chunk the same score to the last bit (pgvector sums
 * in single precision).
 *
 * putReports and removeReports are one transaction each: a reader sees a
 * report's old version or its new one, never a mix, and a failed write
 * changes nothing.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { FigureRecord } from "../../answer/figures.js";
import type { Config } from "../../config.js";
import type { Chunk, Paragraph, ReportDocument } from "../../types.js";
import { byScore, roundScore, type Bm25Params, type ChunkScore, type IndexBackend, type IndexedReport, type ReportManifest, type SearchFilter, type TermCounts } from "../backend.js";
import { fromPool, type Sql, type SqlDatabase } from "./db.js";
import { MigrationError, migrate } from "./migrate.js";

export { fromPGlite, fromPool, type Sql, type SqlDatabase } from "./db.js";

export interface PostgresParams extends Bm25Params {
  /** HNSW graph degree and build depth: used when the vector index is created (migration 002). */
  m: number;
  efConstruction: number;
  efSearch: number;
  /** A search limited to reports holding at most this many chunks is exact (a scan), not approximate. */
  exactScanMax: number;
}

export function postgresParams(config: Config): PostgresParams {
  return { k1: config.bm25K1, b: config.bm25B, m: config.hnswM, efConstruction: config.hnswEfConstruction, efSearch: config.hnswEfSearch, exactScanMax: config.exactScanMax };
}

export class PostgresIndexError extends Error {
  constructor(readonly code: "INDEX_DIMS" | "INDEX_INPUT" | "INDEX_UNREACHABLE", message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Any fixed number: the advisory lock writers take, so two servers writing the same report queue up. */
const WRITE_LOCK = 7_361_544_202;
/** Candidates beyond k taken by pgvector's single-precision distance, rescored in double: covers its rounding at the k-th place. */
const RESCORE_MARGIN = 10;
/** What a LIMIT gets for k = Infinity ("all"), which SQL cannot take. */
const ALL_ROWS = 1_000_000;
/** k as a row count: whole, and finite for SQL. */
const rowCount = (k: number) => (Number.isFinite(k) ? Math.max(0, Math.floor(k)) : ALL_ROWS);
/** pgvector's upper bound for hnsw.ef_search. */
const MAX_EF_SEARCH = 1000;

const newVersion = () => `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(3).toString("hex")}`;
/** The embedded index orders reports so (manifests, figures); kept identical. */
const byDocId = (a: string, b: string) => a.localeCompare(b);

/**
 * One chunk's score as the embedded index computes it (exactSearch): the dot
 * product and the chunk's squared norm summed in double precision in
 * dimension order — by SQL's sum over the arrays unnested in order — then
 * divided here.
 */
const SCORE_SQL = `cross join lateral (
  select sum(x::float8 * y) as dot, sum(x::float8 * x::float8) as norm
  from unnest(c.embedding::real[], $1::float8[]) as u(x, y)
) s`;

export class PostgresIndex implements IndexBackend {
  readonly kind = "postgres" as const;

  private constructor(
    private readonly db: SqlDatabase,
    readonly dims: number,
    private readonly params: PostgresParams,
    /** pgvector ≥ 0.8 scans the graph further until a filtered search has its k rows. */
    private readonly iterativeScan: boolean,
    /** Settings that differ from what the database was built with (logged by the caller). */
    readonly problems: string[],
  ) {}

  /** Migrates the database if needed and checks it holds vectors of `dims` dimensions (the model's). */
  static async open(db: SqlDatabase, dims: number, params: PostgresParams): Promise<PostgresIndex> {
    if (!Number.isSafeInteger(dims) || dims <= 0) throw new PostgresIndexError("INDEX_DIMS", `the vector dimension must be a positive integer, got ${dims}`);
    await migrate(db, { dims, hnsw_m: params.m, hnsw_ef_construction: params.efConstruction });
    const [meta] = await db.query<{ dims: number; hnsw_m: number; hnsw_ef_construction: number }>("select dims, hnsw_m, hnsw_ef_construction from index_meta");
    if (!meta) throw new PostgresIndexError("INDEX_INPUT", "index_meta has no row: the database was changed by hand");
    if (meta.dims !== dims) {
      throw new PostgresIndexError(
        "INDEX_DIMS",
        `the database holds ${meta.dims}-dimensional vectors but the embedding model gives ${dims}: every report would have to be re-embedded. ` +
          `Use another database (DATABASE_URL), or drop this one's tables (schema_migrations included) to start afresh.`,
      );
    }
    const problems: string[] = [];
    if (meta.hnsw_m !== params.m || meta.hnsw_ef_construction !== params.efConstruction) {
      problems.push(`the HNSW index was built with m=${meta.hnsw_m}, ef_construction=${meta.hnsw_ef_construction}; HNSW_M=${params.m}, HNSW_EF_CONSTRUCTION=${params.efConstruction} apply only once it is recreated (see migrations/002_vectors.sql)`);
    }
    const [ext] = await db.query<{ extversion: string }>("select extversion from pg_extension where extname = 'vector'");
    const [major = 0, minor = 0] = (ext?.extversion ?? "0").split(".").map(Number);
    return new PostgresIndex(db, dims, params, major > 0 || minor >= 8, problems);
  }

  async version(): Promise<string> {
    const [row] = await this.db.query<{ version: string }>("select version from index_meta");
    return row!.version;
  }

  async manifests(): Promise<ReportManifest[]> {
    const rows = await this.db.query<{ manifest: ReportManifest }>("select manifest from reports");
    return rows.map((r) => r.manifest).sort((a, b) => byDocId(a.docId, b.docId));
  }

  async documents(docIds?: string[]): Promise<ReportDocument[]> {
    const rows = docIds
      ? await this.db.query<{ doc_id: string; profile: Omit<ReportDocument, "text">; text: string }>("select doc_id, profile, text from reports where doc_id = any($1::text[])", [docIds])
      : await this.db.query<{ doc_id: string; profile: Omit<ReportDocument, "text">; text: string }>("select doc_id, profile, text from reports");
    const byId = new Map(rows.map((r) => [r.doc_id, { ...r.profile, text: r.text } as ReportDocument]));
    return inOrder(docIds ?? [...byId.keys()].sort(), byId);
  }

  async chunks(ids: string[]): Promise<Chunk[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string; data: Chunk }>("select id, data from chunks where id = any($1::text[])", [ids]);
    return inOrder(ids, new Map(rows.map((r) => [r.id, r.data])));
  }

  async paragraphs(ids: string[]): Promise<Paragraph[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string; data: Paragraph }>("select id, data from paragraphs where id = any($1::text[])", [ids]);
    return inOrder(ids, new Map(rows.map((r) => [r.id, r.data])));
  }

  async figures(filter?: SearchFilter): Promise<FigureRecord[]> {
    const rows = filter?.docIds
      ? await this.db.query<{ doc_id: string; data: FigureRecord }>("select doc_id, data from figures where doc_id = any($1::text[]) order by doc_id, ordinal", [[...filter.docIds]])
      : await this.db.query<{ doc_id: string; data: FigureRecord }>("select doc_id, data from figures order by doc_id, ordinal");
    // A stable sort: each report's figures stay in their order.
    return rows.sort((a, b) => byDocId(a.doc_id, b.doc_id)).map((r) => r.data);
  }

  async termCounts(): Promise<TermCounts> {
    const counts: TermCounts = new Map();
    for (const r of await this.db.query<{ doc_id: string; chunk_count: number }>("select doc_id, chunk_count from reports")) counts.set(r.doc_id, { chunks: r.chunk_count, df: new Map() });
    for (const r of await this.db.query<{ doc_id: string; term: string; df: number }>("select doc_id, term, df from report_terms")) counts.get(r.doc_id)?.df.set(r.term, r.df);
    return counts;
  }

  async denseSearch(vector: ArrayLike<number>, k: number, filter?: SearchFilter): Promise<ChunkScore[]> {
    const query = this.queryVector(vector);
    k = rowCount(k);
    if (k === 0) return [];
    const plan = await this.densePlan(query, k, filter);
    if (!plan) return [];
    const rows = plan.exact
      ? await this.db.query<DenseRow>(plan.sql, plan.params)
      : await this.db.transaction(async (tx) => {
          await this.approximateSettings(tx, plan.depth);
          return tx.query<DenseRow>(plan.sql, plan.params);
        });
    let qNorm = 0;
    for (let j = 0; j < this.dims; j++) qNorm += query[j]! * query[j]!;
    qNorm = Math.sqrt(qNorm) || 1;
    return rows
      .map((r) => ({ id: r.id, score: roundScore(r.dot / ((Math.sqrt(r.norm) || 1) * qNorm)) }))
      .sort(byScore)
      .slice(0, k);
  }

  /** The plan Postgres runs for a dense search (EXPLAIN), with the same settings: shows whether the HNSW index is walked. */
  async explainDense(vector: ArrayLike<number>, k: number, filter?: SearchFilter): Promise<string> {
    const plan = await this.densePlan(this.queryVector(vector), rowCount(k), filter);
    if (!plan) return "(no report in the filter: nothing to search)";
    const explain = async (tx: Sql) => {
      if (!plan.exact) await this.approximateSettings(tx, plan.depth);
      const rows = await tx.query<Record<string, string>>(`explain ${plan.sql}`, plan.params);
      return rows.map((r) => Object.values(r)[0]).join("\n");
    };
    return this.db.transaction(explain);
  }

  private queryVector(vector: ArrayLike<number>): number[] {
    if (vector.length !== this.dims) throw new PostgresIndexError("INDEX_DIMS", `a query vector of ${vector.length} dimensions; the index holds ${this.dims}`);
    return Array.from(vector);
  }

  /**
   * The statement of a dense search, or null when the filter names no stored
   * report. Exact (the filter's reports hold at most exactScanMax chunks): the
   * distances are computed in a materialized CTE, which the planner cannot
   * replace by a walk of the HNSW index. Approximate: ORDER BY distance LIMIT,
   * which the HNSW index serves. Either way `depth` candidates, rescored.
   */
  private async densePlan(query: number[], k: number, filter?: SearchFilter): Promise<{ sql: string; params: unknown[]; exact: boolean; depth: number } | null> {
    const depth = k + RESCORE_MARGIN;
    const literal = `[${query.join(",")}]`;
    const docIds = filter?.docIds ? [...filter.docIds] : null;
    if (!docIds) {
      return {
        sql: `with best as (select id, embedding from chunks order by embedding <=> $2::vector limit $3)
          select c.id, s.dot, s.norm from best c ${SCORE_SQL}`,
        params: [query, literal, depth],
        exact: false,
        depth,
      };
    }
    const [scope] = await this.db.query<{ reports: number; chunks: number }>("select count(*)::int as reports, coalesce(sum(chunk_count), 0)::int as chunks from reports where doc_id = any($1::text[])", [docIds]);
    if (scope!.reports === 0) return null;
    if (scope!.chunks > this.params.exactScanMax) {
      return {
        sql: `with best as (select id, embedding from chunks where doc_id = any($3::text[]) order by embedding <=> $2::vector limit $4)
          select c.id, s.dot, s.norm from best c ${SCORE_SQL}`,
        params: [query, literal, docIds, depth],
        exact: false,
        depth,
      };
    }
    return {
      sql: `with scanned as materialized (
          select id, embedding <=> $2::vector as distance from chunks where doc_id = any($3::text[])
        ), best as (
          select id from scanned order by distance, id limit $4
        )
        select c.id, s.dot, s.norm from best b join chunks c on c.id = b.id ${SCORE_SQL}`,
      params: [query, literal, docIds, depth],
      exact: true,
      depth,
    };
  }

  /** Settings that last only for this transaction (a pooled connection goes back as it came), in one round trip. */
  private async approximateSettings(tx: Sql, depth: number): Promise<void> {
    const settings: [string, string][] = [
      ["hnsw.ef_search", String(Math.min(MAX_EF_SEARCH, Math.max(this.params.efSearch, depth)))],
      // The approximate path is taken because the reports searched hold too many chunks to scan: the
      // planner, which may underestimate them, must not scan and sort them anyway, but walk the graph.
      ["enable_seqscan", "off"],
      ["enable_bitmapscan", "off"],
      ["enable_sort", "off"],
    ];
    // With a filter, keep walking the graph until enough rows pass it (else a filtered search can come back short).
    if (this.iterativeScan) settings.push(["hnsw.iterative_scan", "relaxed_order"]);
    await tx.query(`select ${settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(", ")}`, settings.flat());
  }

  async termSearch(terms: string[], k: number, filter?: SearchFilter): Promise<ChunkScore[]> {
    const distinct = [...new Set(terms)];
    k = rowCount(k);
    if (distinct.length === 0 || k === 0) return [];
    const docIds = filter?.docIds ? [...filter.docIds] : null;
    if (docIds?.length === 0) return [];
    // bm25Score written out with the same operations in the same order, all in float8;
    // the chunk's score is the sum times the number of terms it has, rounded like roundScore.
    const rows = await this.db.query<ChunkScore>(
      `with hits as (
        select t.chunk_id,
          ln(1 + (r.chunk_count - d.df + 0.5::float8) / (d.df + 0.5::float8))
            * (0.5::float8 + (t.tf * ($2::float8 + 1)) / (t.tf + $2::float8 * (1 - $3::float8 + ($3::float8 * t.length) / r.avg_length))) as s
        from unnest($1::text[]) as q(term)
        join chunk_terms t on t.term = q.term
        join report_terms d on d.doc_id = t.doc_id and d.term = t.term
        join reports r on r.doc_id = t.doc_id
        ${docIds ? "where t.doc_id = any($5::text[])" : ""}
      )
      select chunk_id as id, floor(sum(s) * count(*) * 1e9::float8 + 0.5) / 1e9::float8 as score
      from hits group by chunk_id order by score desc, chunk_id limit $4`,
      docIds ? [distinct, this.params.k1, this.params.b, k, docIds] : [distinct, this.params.k1, this.params.b, k],
    );
    return rows.sort(byScore);
  }

  async putReports(reports: IndexedReport[]): Promise<void> {
    if (reports.length === 0) return;
    const ids = reports.map((r) => r.document.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new PostgresIndexError("INDEX_INPUT", `report ${twice} is given twice in one write`);
    for (const r of reports) this.check(r);
    await this.db.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock($1)", [WRITE_LOCK]);
      await tx.query("delete from reports where doc_id = any($1::text[])", [ids]);
      for (const r of reports) await insertReport(tx, r);
      await tx.query("update index_meta set version = $1", [newVersion()]);
    });
    await this.analyze();
  }

  async removeReports(docIds: string[]): Promise<void> {
    if (docIds.length === 0) return;
    await this.db.transaction(async (tx) => {
      await tx.query("select pg_advisory_xact_lock($1)", [WRITE_LOCK]);
      const removed = await tx.query("delete from reports where doc_id = any($1::text[]) returning doc_id", [docIds]);
      // Removing what is not there changes nothing, not even the version (as in the embedded index).
      if (removed.length > 0) await tx.query("update index_meta set version = $1", [newVersion()]);
    });
    await this.analyze();
  }

  /**
   * Fresh planner statistics after a write, so term search looks postings up
   * by index from the first query (PGlite has no autovacuum to do it). Only
   * an optimisation: the write is committed, so a failure here is not one.
   */
  private async analyze(): Promise<void> {
    await this.db.exec("analyze reports, chunks, chunk_terms, report_terms").catch(() => {});
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  /** What the database would refuse anyway, refused first with a clear message. */
  private check(r: IndexedReport): void {
    const id = r.document.id;
    if (r.vectors.length !== r.chunks.length || r.terms.length !== r.chunks.length) {
      throw new PostgresIndexError("INDEX_INPUT", `report ${id}: ${r.chunks.length} chunks but ${r.vectors.length} vectors and ${r.terms.length} term lists`);
    }
    const wrong = r.vectors.find((v) => v.length !== this.dims);
    if (wrong) throw new PostgresIndexError("INDEX_DIMS", `report ${id}: vectors of ${wrong.length} dimensions, the index holds ${this.dims}`);
    if (r.vectors.some((v) => v.some((x) => !Number.isFinite(x)))) throw new PostgresIndexError("INDEX_INPUT", `report ${id}: a vector holds NaN or an infinity`);
  }
}

interface DenseRow {
  id: string;
  dot: number;
  norm: number;
}

function inOrder<T>(ids: string[], byId: Map<string, T>): T[] {
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** One report's rows; arrays go in as parameters and are unnested, a few statements per report. */
async function insertReport(tx: Sql, r: IndexedReport): Promise<void> {
  const docId = r.document.id;
  const { text, ...profile } = r.document;
  const totalLength = r.terms.reduce((s, t) => s + t.length, 0);
  // As the embedded index computes it, so BM25 sees the same mean.
  const avgLength = r.terms.length ? totalLength / r.terms.length : 1;
  await tx.query("insert into reports (doc_id, profile, text, manifest, chunk_count, avg_length) values ($1, $2::json, $3, $4::json, $5, $6)", [
    docId,
    JSON.stringify(profile),
    text,
    JSON.stringify(r.manifest),
    r.chunks.length,
    avgLength,
  ]);
  await tx.query("insert into paragraphs (id, doc_id, ordinal, data) select id, $1, ord, data::json from unnest($2::text[], $3::text[]) with ordinality as u(id, data, ord)", [
    docId,
    r.paragraphs.map((p) => p.id),
    r.paragraphs.map((p) => JSON.stringify(p)),
  ]);
  await tx.query(
    "insert into chunks (id, doc_id, ordinal, length, data, embedding) select id, $1, ord, length, data::json, embedding::vector from unnest($2::text[], $3::int[], $4::text[], $5::text[]) with ordinality as u(id, length, data, embedding, ord)",
    [docId, r.chunks.map((c) => c.id), r.terms.map((t) => t.length), r.chunks.map((c) => JSON.stringify(c)), r.vectors.map((v) => `[${Array.from(v).join(",")}]`)],
  );
  const postings = { chunk: [] as string[], term: [] as string[], tf: [] as number[], length: [] as number[] };
  r.terms.forEach((t, i) => {
    for (const [term, tf] of t.tf) {
      postings.chunk.push(r.chunks[i]!.id);
      postings.term.push(term);
      postings.tf.push(tf);
      postings.length.push(t.length);
    }
  });
  await tx.query("insert into chunk_terms (doc_id, term, chunk_id, tf, length) select $1, term, chunk_id, tf, length from unnest($2::text[], $3::text[], $4::int[], $5::int[]) as u(chunk_id, term, tf, length)", [
    docId,
    postings.chunk,
    postings.term,
    postings.tf,
    postings.length,
  ]);
  await tx.query("insert into report_terms (doc_id, term, df) select doc_id, term, count(*) from chunk_terms where doc_id = $1 group by doc_id, term", [docId]);
  await tx.query("insert into figures (doc_id, ordinal, data) select $1, ord, data::json from unnest($2::text[]) with ordinality as u(data, ord)", [docId, r.figures.map((f) => JSON.stringify(f))]);
}

/**
 * The Postgres index at config.databaseUrl, migrated and ready: a pool of
 * config.pgPoolMax connections, ended by close().
 */
export async function connectPostgres(config: Config, dims: number): Promise<PostgresIndex> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.pgPoolMax });
  // Floats as text in full (the default since Postgres 12, but a server may be configured otherwise): scores must survive exactly.
  pool.on("connect", (client) => {
    client.query("set extra_float_digits = 3").catch(() => {});
  });
  // An idle connection the server drops is replaced on the next query; unhandled, its error would end the process.
  pool.on("error", () => {});
  try {
    return await PostgresIndex.open(fromPool(pool, { owned: true }), dims, postgresParams(config));
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof PostgresIndexError || err instanceof MigrationError) throw err;
    throw new PostgresIndexError("INDEX_UNREACHABLE", `cannot use the database at ${redact(config.databaseUrl)}: ${(err as Error).message}`, { cause: err });
  }
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an unparseable DATABASE_URL)";
  }
}
