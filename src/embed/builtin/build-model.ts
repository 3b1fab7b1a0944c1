// Builds the built-in Chinese/English lexical embedding model
// "builtin-zh-lex" in transformers.js format:
//
//   npx tsx src/embed/builtin/build-model.ts [--out DIR]
//
// Default output: <repo>/models/builtin-zh-lex. Output folder contents:
// config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx,
// builtin-model.json (manifest). Same inputs → byte-identical output.
// See README.md next to this file for what the model can and cannot do.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BUILTIN_MODEL_ID, buildInMemory, loadSources, serialize } from "./assemble.js";
import { writeDirAtomic } from "./atomic-dir.js";
import { type BuildParams, DEFAULT_PARAMS, MODEL_VERSION } from "./params.js";
import { fingerprintSources } from "./sources.js";

export { BUILTIN_DIMS, BUILTIN_MODEL_ID } from "./assemble.js";
export { MODEL_VERSION as BUILTIN_MODEL_VERSION } from "./params.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** <repo>/models/builtin-zh-lex (this file lives in <repo>/src/embed/builtin). */
export const DEFAULT_OUT_DIR = path.resolve(here, "../../../models/builtin-zh-lex");

export interface BuildReport {
  outDir: string;
  rows: number;
  tokens: number;
  bytes: Record<string, number>;
  ms: number;
}

/** Builds the model into `outDir` (atomically replacing it). */
export async function buildBuiltinModel(outDir: string, params: BuildParams = DEFAULT_PARAMS): Promise<void> {
  await buildBuiltinModelWithReport(outDir, params);
}

/** Same as buildBuiltinModel, and tells what it built. */
export async function buildBuiltinModelWithReport(outDir: string, params: BuildParams = DEFAULT_PARAMS): Promise<BuildReport> {
  const t0 = performance.now();
  const src = await loadSources();
  const model = buildInMemory(src, params);
  const files = serialize(model, src, params);
  await writeDirAtomic(outDir, files);
  return {
    outDir: path.resolve(outDir),
    rows: model.vocab.rowKeys.length,
    tokens: model.vocab.tokens.length,
    bytes: Object.fromEntries([...files].map(([k, v]) => [k, v.length])),
    ms: Math.round(performance.now() - t0),
  };
}

/**
 * True if `outDir` holds a model this code would build byte-for-byte today:
 * same model version, same parameters, same source data (by SHA-256).
 * Cheap (hashes the two source files, ~50 ms); lets callers rebuild a model
 * left over from an older version instead of silently using it.
 */
export async function isBuiltinModelCurrent(outDir: string, params: BuildParams = DEFAULT_PARAMS): Promise<boolean> {
  let manifest: { id?: unknown; version?: unknown; params?: unknown; sources?: Array<{ sha256?: unknown }> };
  try {
    manifest = JSON.parse(await readFile(path.join(outDir, "builtin-model.json"), "utf8"));
  } catch {
    return false;
  }
  if (manifest.id !== BUILTIN_MODEL_ID || manifest.version !== MODEL_VERSION) return false;
  if (JSON.stringify(manifest.params) !== JSON.stringify(params)) return false;
  const now = (await fingerprintSources()).map((s) => s.sha256);
  const then = (manifest.sources ?? []).map((s) => s.sha256);
  return JSON.stringify(now) === JSON.stringify(then);
}

function parseOut(argv: readonly string[]): string {
  const i = argv.indexOf("--out");
  if (i >= 0) {
    const v = argv[i + 1];
    if (!v || v.startsWith("--")) throw new Error("--out needs a directory");
    return v;
  }
  const eq = argv.find((a) => a.startsWith("--out="));
  return eq ? eq.slice("--out=".length) : DEFAULT_OUT_DIR;
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const report = await buildBuiltinModelWithReport(parseOut(process.argv.slice(2)));
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    console.log(`built ${report.outDir} in ${(report.ms / 1000).toFixed(1)} s`);
    console.log(`  table rows ${report.rows}, tokens ${report.tokens} (+ "##" forms), dims ${DEFAULT_PARAMS.dim} ${DEFAULT_PARAMS.dtype}`);
    for (const [file, n] of Object.entries(report.bytes)) console.log(`  ${file.padEnd(22)} ${mb(n)}`);
  } catch (err) {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exitCode = 1;
  }
}
