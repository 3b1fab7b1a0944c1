/**
 * Applies the SQL files of migrations/ in name order, each once, recording
 * them in schema_migrations. All of it runs in one transaction under an
 * advisory lock, so two servers starting at once against an empty database do
 * not both create the tables: the second waits, then finds them applied.
 */
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { SqlDatabase } from "./db.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/** Any fixed number: the key of the advisory lock every report-qa migration run takes. */
const MIGRATION_LOCK = 7_361_544_201;

/** Values filled into a migration's {{name}} placeholders: integers only, so nothing can be injected. */
export type MigrationValues = Record<string, number>;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  readonly code = "MIGRATION";
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => /^\d+_[\w-]+\.sql$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(`${dir}/${name}`, "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/** A migration's text with its placeholders filled; an unknown placeholder is an error, not an empty string. */
export function renderMigration(sql: string, values: MigrationValues): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new MigrationError(`no value for {{${key}}}`);
    if (!Number.isSafeInteger(value) || value <= 0) throw new MigrationError(`{{${key}}} must be a positive integer, got ${value}`);
    return String(value);
  });
}

/** Applies what is not applied yet; returns the names applied now. */
export async function migrate(db: SqlDatabase, values: MigrationValues, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec("create table if not exists schema_migrations (name text primary key, checksum text not null, applied_at timestamptz not null default now())");
    const applied = new Map((await tx.query<{ name: string; checksum: string }>("select name, checksum from schema_migrations")).map((r) => [r.name, r.checksum]));
    const done: string[] = [];
    for (const m of all) {
      const stored = applied.get(m.name);
      if (stored !== undefined) {
        if (stored !== m.checksum) throw new MigrationError(`migration ${m.name} was changed after it was applied; add a new migration instead`);
        continue;
      }
      try {
        await tx.exec(renderMigration(m.sql, values));
      } catch (err) {
        throw new MigrationError(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      await tx.query("insert into schema_migrations (name, checksum) values ($1, $2)", [m.name, m.checksum]);
      done.push(m.name);
    }
    return done;
  });
}
