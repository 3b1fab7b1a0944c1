/**
 * Postgres with pgvector without installing Postgres: PGlite (Postgres compiled
 * to WebAssembly) with the vector extension, served over the Postgres wire
 * protocol on 127.0.0.1, so anything that speaks to Postgres (pg, psql, this
 * project's servers through DATABASE_URL) can use it. For trying the Postgres
 * backend and for tests; not for production (one query runs at a time).
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface LocalPostgresOptions {
  /** Folder the data is kept in; in memory when absent. */
  dataDir?: string;
  host?: string;
  /** 0: any free port. */
  port?: number;
  /**
   * Client connections accepted at once (a further one is refused). PGlite is
   * one session: the socket server queues the connections' statements and
   * keeps a transaction's statements together, so they run one at a time.
   */
  maxConnections?: number;
}

export interface LocalPostgres {
  db: PGlite;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A PGlite with pgvector, created with the extension enabled. */
export async function createPGlite(dataDir?: string): Promise<PGlite> {
  const db = await PGlite.create({ dataDir, extensions: { vector } });
  await db.exec("create extension if not exists vector");
  return db;
}

export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const host = options.host ?? "127.0.0.1";
  const db = await createPGlite(options.dataDir);
  const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections: options.maxConnections ?? 32 });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  const port = Number(server.getServerConn().split(":").pop());
  let stopped = false;
  return {
    db,
    url: `postgres://postgres@${host}:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      // Closing flushes the data folder; a second close would throw.
      await db.close();
    },
  };
}
