/**
 * The corpora an evaluation run serves, built as temp folders so a run never
 * touches corpus/ or index/: each report's `<id>.txt` is copied, with the
 * `<id>.json` of the same stem when there is one (metadata is optional).
 * Each engine gets its own temp index folder too.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../src/config.js";
import { openEngine, type Engine, type Log } from "../src/engine.js";
import { SEED_DOC } from "./sets.js";

export const RUNS = ["seed", "all"] as const;
export type RunName = (typeof RUNS)[number];
export const RUN_TITLES: Record<RunName, string> = { seed: "seed alone", all: "all reports" };

/** Doc ids (file stems of `.txt` files) in a corpus folder. */
export function reportIds(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith(".txt")).map((n) => n.slice(0, -4)).sort();
}

/** A temp folder holding the reports `ids` (all of them for "all") of `source`. */
export function tempCorpus(ids: readonly string[] | "all", source = loadConfig().corpusDir): { dir: string; docIds: string[] } {
  const docIds = ids === "all" ? reportIds(source) : [...ids];
  const dir = mkdtempSync(path.join(os.tmpdir(), "report-qa-eval-corpus-"));
  for (const id of docIds) {
    const txt = path.join(source, `${id}.txt`);
    if (!existsSync(txt)) throw new Error(`no report ${id}.txt in ${source}`);
    copyFileSync(txt, path.join(dir, `${id}.txt`));
    const json = path.join(source, `${id}.json`);
    if (existsSync(json)) copyFileSync(json, path.join(dir, `${id}.json`));
  }
  return { dir, docIds };
}

export interface EvalEngine {
  run: RunName;
  engine: Engine;
  config: Config;
  /** The reports put in the corpus folder (the engine may serve fewer). */
  docIds: string[];
  /** Removes the temp corpus and index folders. */
  dispose(): void;
}

/** An engine over the run's temp corpus ("seed": the seed report only; "all": every report) with a temp index. */
export async function openEvalEngine(run: RunName, options: { overrides?: Partial<Config>; log?: Log } = {}): Promise<EvalEngine> {
  const corpus = tempCorpus(run === "seed" ? [SEED_DOC] : "all");
  const indexDir = mkdtempSync(path.join(os.tmpdir(), "report-qa-eval-index-"));
  const config = loadConfig({ ...options.overrides, corpusDir: corpus.dir, indexDir });
  const dispose = () => {
    rmSync(corpus.dir, { recursive: true, force: true });
    rmSync(indexDir, { recursive: true, force: true });
  };
  try {
    const engine = await openEngine(config, { log: options.log });
    return { run, engine, config, docIds: corpus.docIds, dispose };
  } catch (err) {
    dispose();
    throw err;
  }
}
