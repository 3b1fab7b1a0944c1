/**
 * Reads every report of a corpus folder: each `<id>.txt` is one report, its
 * profile read from its own text (profile.ts); an optional `<id>.json` beside it
 * overrides any field of the profile. The text is kept verbatim; all offsets
 * point into it.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod/v4";
import type { Chunk, DocumentProfile, Paragraph, ReportDocument } from "../types.js";
import { chunkParagraphs } from "./chunk.js";
import { parseReport } from "./structure.js";
import { inferProfile, parsePlace, placeLabel } from "./profile.js";

const ID = /^[a-z0-9][a-z0-9-]*$/;

/** What a `<id>.json` beside a report may set; every field is optional and wins over the inferred one. */
const Override = z
  .object({
    id: z.string().regex(ID, "lowercase letters, digits and dashes"),
    title: z.string().min(1),
    shortTitle: z.string().min(1),
    /** The place's full name as the session line writes it (柳州市柳北区): level and short name follow from it. */
    place: z.string().min(2),
    /** More names a question may use for the place. */
    aliases: z.array(z.string().min(2)),
    reportYear: z.number().int().min(1949).max(2100),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    session: z.string(),
    speaker: z.object({ name: z.string(), post: z.string() }),
    publisher: z.string(),
    /** A generated report (eval/scale/synth.ts), not a real one: shown in the profile so no one quotes it. */
    synthetic: z.boolean(),
  })
  .partial()
  .strict();

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

/** A report's profile: inferred from its text, with the overrides of its `.json` applied. */
export function profileOf(id: string, source: string, text: string, override: z.infer<typeof Override> = {}): DocumentProfile {
  const hasAll = override.place && override.reportYear;
  const inferred: DocumentProfile | null = (() => {
    try {
      return inferProfile(id, source, text);
    } catch (err) {
      if (hasAll) return null;
      throw err;
    }
  })();
  const place = override.place ? parsePlace(override.place, text) : inferred!.place;
  if (override.aliases) place.aliases = [...new Set([...place.aliases, ...override.aliases])];
  const reportYear = override.reportYear ?? inferred!.reportYear;
  const display = placeLabel(place);
  return {
    id: override.id ?? id,
    source,
    title: override.title ?? inferred?.title ?? `${place.fullName}人民政府工作报告`,
    shortTitle: override.shortTitle ?? (override.place || override.reportYear || !inferred ? `${display}${reportYear}年政府工作报告` : inferred.shortTitle),
    place,
    reportYear,
    reviewYear: reportYear - 1,
    date: override.date ?? inferred?.date ?? null,
    session: override.session ?? inferred?.session ?? null,
    speaker: override.speaker ?? inferred?.speaker ?? null,
    publisher: override.publisher ?? inferred?.publisher ?? null,
    fiveYearPlans: inferred?.fiveYearPlans ?? [],
    // Only when set: real reports' profiles (and the corpus hash over them) stay as they were.
    ...(override.synthetic !== undefined ? { synthetic: override.synthetic } : {}),
  };
}

async function readOverride(file: string): Promise<z.infer<typeof Override>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`${path.basename(file)} is not valid JSON (${(err as Error).message})`);
  }
  const parsed = Override.safeParse(raw);
  if (!parsed.success) throw new Error(`${path.basename(file)}: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  return parsed.data;
}

/** One report of the folder (`<stem>.txt` and its optional `<stem>.json`), read exactly as start-up reads it. */
export async function loadDocument(corpusDir: string, name: string, maxReportBytes = DEFAULT_MAX_REPORT_BYTES): Promise<ReportDocument> {
  const stem = name.slice(0, -4);
  const override = await readOverride(path.join(corpusDir, `${stem}.json`));
  const id = override.id ?? stem.toLowerCase();
  if (!ID.test(id)) throw new Error(`the file name gives the id "${id}": use lowercase letters, digits and dashes, or set "id" in ${stem}.json`);
  const text = await readReportText(corpusDir, name, maxReportBytes);
  return { ...profileOf(id, name, text, override), text };
}

export async function loadDocuments(corpusDir: string, maxReportBytes = DEFAULT_MAX_REPORT_BYTES): Promise<LoadedDocuments> {
  const names = (await readdir(corpusDir)).filter((n) => n.endsWith(".txt")).sort();
  const documents: ReportDocument[] = [];
  const problems: CorpusProblem[] = [];
  for (const name of names) {
    try {
      const document = await loadDocument(corpusDir, name, maxReportBytes);
      if (documents.some((d) => d.id === document.id)) throw new Error(`the id "${document.id}" is already used by another report`);
      documents.push(document);
    } catch (err) {
      problems.push({ file: name, message: (err as Error).message });
    }
  }
  return { documents, problems };
}

export function buildCorpus(documents: ReportDocument[], chunkMaxChars: number): Corpus {
  const paragraphs = documents.flatMap((d) => parseReport(d.id, d.text, d));
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
