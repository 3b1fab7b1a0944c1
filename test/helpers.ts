/** Shared test set-up: one engine on the built-in model with its own index folder. */
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../src/config.js";
import { openEngine, type Engine } from "../src/engine.js";

export const SEED_ID = "liubei-2023";

/** A corpus folder holding only the seed report (and its override file, if any): the single-report tests. */
export function seedCorpusDir(): string {
  const source = loadConfig().corpusDir;
  const dir = mkdtempSync(path.join(os.tmpdir(), "report-qa-seed-"));
  for (const name of [`${SEED_ID}.txt`, `${SEED_ID}.json`]) if (existsSync(path.join(source, name))) copyFileSync(path.join(source, name), path.join(dir, name));
  return dir;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({
    corpusDir: seedCorpusDir(),
    embedModel: "builtin-zh-lex",
    allowRemoteModels: false,
    indexDir: mkdtempSync(path.join(os.tmpdir(), "report-qa-index-")),
    host: "127.0.0.1",
    port: 0,
    ...overrides,
  });
}

let shared: Promise<Engine> | null = null;

/** One engine per test file (vitest isolates files), built on first use. */
export function sharedEngine(): Promise<Engine> {
  shared ??= openEngine(testConfig());
  return shared;
}
