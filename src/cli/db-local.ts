/**
 * `npm run db:local`: Postgres with pgvector on 127.0.0.1 without installing
 * Postgres (PGlite, Postgres compiled to WebAssembly), for trying the Postgres
 * backend. Prints the DATABASE_URL to give the servers; Ctrl-C stops it.
 *
 *   npm run db:local [-- --port 54329 --dir .pgdata]
 *   (or DB_LOCAL_PORT, DB_LOCAL_DIR; --port 0 takes any free port)
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { startLocalPostgres } from "../index/postgres/local.js";

const config = loadConfig();
let args;
try {
  args = parseArgs({ options: { port: { type: "string" }, dir: { type: "string" }, help: { type: "boolean", short: "h" } } }).values;
} catch (err) {
  console.error(`${(err as Error).message}\nusage: npm run db:local -- [--port N] [--dir FOLDER]`);
  process.exit(2);
}
if (args.help) {
  console.log("usage: npm run db:local -- [--port N] [--dir FOLDER]   (defaults: DB_LOCAL_PORT or 54329, DB_LOCAL_DIR or .pgdata)");
  process.exit(0);
}
const port = args.port === undefined ? config.localDbPort : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0–65535), got "${args.port}"`);
  process.exit(2);
}
const dir = args.dir === undefined ? config.localDbDir : path.resolve(args.dir);

let local;
try {
  mkdirSync(dir, { recursive: true });
  local = await startLocalPostgres({ dataDir: dir, port });
} catch (err) {
  const message = (err as NodeJS.ErrnoException).code === "EADDRINUSE" ? `port ${port} is in use (choose another with --port or DB_LOCAL_PORT)` : (err as Error).message;
  console.error(`db:local could not start: ${message}`);
  process.exit(1);
}
console.log(`Postgres (PGlite with pgvector) on 127.0.0.1:${local.port}, data in ${dir}`);
console.log(`DATABASE_URL=${local.url}`);
console.log("Ctrl-C stops it.");

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping (writing ${dir})`);
  try {
    await local!.stop();
    process.exit(0);
  } catch (err) {
    console.error(`stopping failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
