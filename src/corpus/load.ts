/**
 * Reads every report in corpus/: each `<name>.txt` beside a `<name>.json`
 * metadata file. The text is kept verbatim; all offsets point into it.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
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

export async function loadDocuments(corpusDir: string): Promise<ReportDocument[]> {
  const names = (await readdir(corpusDir)).filter((n) => n.endsWith(".json")).sort();
  const documents: ReportDocument[] = [];
  for (const name of names) {
    const parsed = Metadata.safeParse(JSON.parse(await readFile(path.join(corpusDir, name), "utf8")));
    if (!parsed.success) throw new Error(`corpus/${name}: ${z.prettifyError(parsed.error)}`);
    const text = await readFile(path.join(corpusDir, parsed.data.source), "utf8");
    documents.push({ ...parsed.data, text });
  }
  if (documents.length === 0) throw new Error(`no report in ${corpusDir} (expected <name>.txt with <name>.json)`);
  const ids = new Set(documents.map((d) => d.id));
  if (ids.size !== documents.length) throw new Error("two reports in corpus/ share an id");
  return documents;
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

export async function loadCorpus(corpusDir: string, chunkMaxChars: number): Promise<Corpus> {
  return buildCorpus(await loadDocuments(corpusDir), chunkMaxChars);
}
