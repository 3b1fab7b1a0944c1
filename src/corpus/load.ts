/**
 * Reads every report in corpus/: each `<name>.txt` beside a `<name>.json`
 * metadata file. The text is kept verbatim; all offsets point into it.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod/v4";
import type { Chunk, Paragraph, ReportDocument } from "../types.js";
import { chunkParagraphs } from "./chunk.js";
import { parseReport } from "./structure.js";

const Metadata = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes"),
  title: z.string(),
  shortTitle: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  speaker: z.string(),
  body: z.string(),
  reportYear: z.number().int(),
  source: z.string(),
});

export interface Corpus {
  documents: ReportDocument[];
  paragraphs: Paragraph[];
  chunks: Chunk[];
  /** sha256 of every document's metadata and text: an index built from another corpus is stale. */
  hash: string;
}

/** A report file that could not be read: named, so it can be fixed, and skipped so the rest are served. */
export interface CorpusProblem {
  file: string;
  message: string;
}

export interface LoadedDocuments {
  documents: ReportDocument[];
  problems: CorpusProblem[];
}

const DEFAULT_MAX_REPORT_BYTES = 5 * 1024 * 1024;

/**
 * Reads a report's text, refusing what cannot be a report: a file outside the
 * corpus folder (through ../ or a link), over the size limit, binary, or not UTF-8.
 */
export async function readReportText(corpusDir: string, source: string, maxBytes: number): Promise<string> {
  const root = await realpath(corpusDir);
  // Lexically first (../x, /etc/x), then through links: either way the file must sit in the corpus folder.
  if (path.dirname(path.resolve(corpusDir, source)) !== path.resolve(corpusDir)) throw new Error(`the report file "${source}" is outside the corpus folder`);
  let file: string;
  try {
    file = await realpath(path.resolve(corpusDir, source));
  } catch {
    throw new Error(`the report file "${source}" does not exist`);
  }
  if (path.dirname(file) !== root) throw new Error(`the report file "${source}" is outside the corpus folder`);
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`"${source}" is not a file`);
  if (info.size > maxBytes) throw new Error(`"${source}" is ${(info.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(1)} MB limit (MAX_REPORT_BYTES)`);
  const bytes = await readFile(file);
  if (bytes.includes(0)) throw new Error(`"${source}" is a binary file, not text`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`"${source}" is not UTF-8 text`);
  }
}

export async function loadDocuments(corpusDir: string, maxReportBytes = DEFAULT_MAX_REPORT_BYTES): Promise<LoadedDocuments> {
  const names = (await readdir(corpusDir)).filter((n) => n.endsWith(".json")).sort();
  const documents: ReportDocument[] = [];
  const problems: CorpusProblem[] = [];
  for (const name of names) {
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(path.join(corpusDir, name), "utf8"));
      } catch (err) {
        throw new Error(`not valid JSON (${(err as Error).message})`);
      }
      const parsed = Metadata.safeParse(raw);
      if (!parsed.success) throw new Error(z.prettifyError(parsed.error).replace(/\n/g, "; "));
      if (documents.some((d) => d.id === parsed.data.id)) throw new Error(`the id "${parsed.data.id}" is already used by another report`);
      const text = await readReportText(corpusDir, parsed.data.source, maxReportBytes);
      documents.push({ ...parsed.data, text });
    } catch (err) {
      problems.push({ file: name, message: (err as Error).message });
    }
  }
  return { documents, problems };
}

export function buildCorpus(documents: ReportDocument[], chunkMaxChars: number): Corpus {
  const paragraphs = documents.flatMap((d) => parseReport(d.id, d.text, d.reportYear));
  const chunks = chunkParagraphs(paragraphs, chunkMaxChars);
  const hash = createHash("sha256");
  for (const d of documents) {
    const { text, ...meta } = d;
    hash.update(JSON.stringify(meta)).update("\0").update(text).update("\0");
  }
  return { documents, paragraphs, chunks, hash: hash.digest("hex") };
}

/** The readable reports of a folder as a corpus (unreadable ones are left out; see loadDocuments for why). */
export async function loadCorpus(corpusDir: string, chunkMaxChars: number): Promise<Corpus> {
  return buildCorpus((await loadDocuments(corpusDir)).documents, chunkMaxChars);
}
