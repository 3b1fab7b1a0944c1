/**
 * The little the Postgres index needs from a database connection, met by both
 * an in-process PGlite (tests, `npm run db:local`) and a pg.Pool (a real
 * server, DATABASE_URL). Only this file knows which one it talks to.
 */
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

export interface Sql {
  /** One statement with $1… parameters. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** A script of several statements, without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase extends Sql {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function pgliteSql(db: PGlite | Transaction): Sql {
  return {
    query: async <R>(text: string, params?: unknown[]) => (await db.query<R>(text, params)).rows,
    exec: async (script: string) => {
      await db.exec(script);
    },
  };
}

/** A PGlite instance; `close` closes it only when `owned` (the caller may keep using it). */
export function fromPGlite(db: PGlite, options: { owned?: boolean } = {}): SqlDatabase {
  return {
    ...pgliteSql(db),
    // PGlite runs one statement at a time; its transaction holds that lock throughout.
    transaction: (work) => db.transaction((tx) => work(pgliteSql(tx))),
    close: async () => {
      if (options.owned) await db.close();
    },
  };
}

function clientSql(client: pg.Pool | pg.PoolClient): Sql {
  return {
    query: async <R>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as R[],
    exec: async (script: string) => {
      // Without parameters pg uses the simple protocol, which runs several statements.
      await client.query(script);
    },
  };
}

/** A pg.Pool (several connections to one server); `close` ends the pool when `owned`. */
export function fromPool(pool: pg.Pool, options: { owned?: boolean } = {}): SqlDatabase {
  return {
    ...clientSql(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("begin");
        const result = await work(clientSql(client));
        await client.query("commit");
        return result;
      } catch (err) {
        await client.query("rollback").catch((rollbackErr: Error) => {
          // The connection itself failed: drop it instead of returning it to the pool.
          broken = rollbackErr;
        });
        throw err;
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      if (options.owned) await pool.end();
    },
  };
}
