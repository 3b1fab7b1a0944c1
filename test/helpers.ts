/** Shared test set-up: one engine on the built-in model with its own index folder. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../src/config.js";
import { openEngine, type Engine } from "../src/engine.js";

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({
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
