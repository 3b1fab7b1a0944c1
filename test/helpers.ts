/** Shared test set-up: one engine on the built-in model with its own index folder. */
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../src/config.js";
import { openEngine, type Engine } from "../src/engine.js";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createApp } from "../src/server/app.js";
import { listen } from "../src/server/listen.js";

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

/** The real server for an engine, on a free port of 127.0.0.1. */
export async function serve(engine: Engine, config: Config = engine.config): Promise<{ server: Server; base: string; close: () => Promise<void> }> {
  const server = await listen(createApp(engine, config), config, 0, "127.0.0.1");
  return {
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Serves the shared engine for a whole test file (hooks registered here); read `.engine` and `.base` inside tests. */
export function servedSharedEngine(): { engine: Engine; base: string } {
  const state = {} as { engine: Engine; base: string; close: () => Promise<void> };
  beforeAll(async () => {
    state.engine = await sharedEngine();
    Object.assign(state, await serve(state.engine));
  });
  afterAll(() => state.close());
  return state;
}
