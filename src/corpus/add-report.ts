/**
 * Adding a report to a corpus folder: extract its text (any of .txt, .html,
 * .pdf, .docx), check it reads as a government work report (a profile and a
 * structure can be read from it), and write it verbatim as `<id>.txt`. Nothing
 * is written when any step fails. The next start indexes it.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { extractText, type Extracted } from "./extract/index.js";
import { inferProfile } from "./profile.js";
import { parseReport } from "./structure.js";
import type { DocumentProfile, Paragraph } from "../types.js";
import { scopeLabel } from "../answer/periods.js";

export class AddReportError extends Error {}

export interface AddedReport {
  file: string;
  profile: DocumentProfile;
  extracted: Extracted;
  /** What the reader found: counts of parts, sections, notes, honours, and body paragraphs per period. */
  structure: { parts: string[]; sections: number; notes: number; honours: number; noise: number; periods: Record<string, number> };
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

/** The id a report is stored under: the one given, else its file name when that is a valid id, else its place's year and a hash. */
function idFor(file: string, text: string, profile: DocumentProfile, given?: string): string {
  if (given) {
    if (!ID.test(given)) throw new AddReportError(`--id "${given}": use lowercase letters, digits and dashes`);
    return given;
  }
  const stem = path.basename(file, path.extname(file)).toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  if (ID.test(stem)) return stem;
  return `report-${profile.reportYear}-${createHash("sha256").update(text).digest("hex").slice(0, 8)}`;
}

export function describeStructure(paragraphs: Paragraph[]): AddedReport["structure"] {
  const periods: Record<string, number> = {};
  for (const p of paragraphs) if (p.kind === "body") periods[scopeLabel(p.scope) || p.scope.kind] = (periods[scopeLabel(p.scope) || p.scope.kind] ?? 0) + 1;
  const count = (kind: Paragraph["kind"]) => paragraphs.filter((p) => p.kind === kind).length;
  return {
    parts: paragraphs.filter((p) => p.kind === "part-heading").map((p) => p.text),
    sections: count("section-heading"),
    notes: count("note"),
    honours: count("honour"),
    noise: count("noise"),
    periods,
  };
}

export async function addReport(file: string, corpusDir: string, options: { id?: string; replace?: boolean; maxBytes?: number; dryRun?: boolean } = {}): Promise<AddedReport> {
  const extracted = await extractText(file, { maxBytes: options.maxBytes });
  let profile: DocumentProfile;
  try {
    profile = inferProfile("new", "new.txt", extracted.text);
  } catch (err) {
    throw new AddReportError(`${path.basename(file)}: this does not read as a government work report (${(err as Error).message})`);
  }
  const id = idFor(file, extracted.text, profile, options.id);
  profile = { ...profile, id, source: `${id}.txt` };
  const paragraphs = parseReport(id, extracted.text, profile);
  const structure = describeStructure(paragraphs);
  if (structure.parts.length < 2 || structure.periods[`${profile.reportYear}年目标/安排`] === undefined) {
    throw new AddReportError(
      `${path.basename(file)}: no recognisable report structure (found ${structure.parts.length} parts and no plans for ${profile.reportYear}); a government work report has parts such as 一、…工作回顾 and 二、…工作安排`,
    );
  }
  const target = path.join(corpusDir, `${id}.txt`);
  if (existsSync(target) && !options.replace) throw new AddReportError(`${target} exists already; pass --replace to replace it, or --id to add it under another id`);
  if (!options.dryRun) {
    // Written whole or not at all: a half-written report is never read at start-up.
    const tmp = path.join(corpusDir, `.${id}.txt.tmp`);
    await writeFile(tmp, extracted.text, "utf8");
    await rename(tmp, target);
  }
  return { file: target, profile, extracted, structure };
}
