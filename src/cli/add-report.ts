/**
 * `npm run add-report -- FILE [--id ID] [--replace] [--dry-run] [--no-index]`:
 * imports a report (.txt, .html, .pdf, .docx) into the corpus folder
 * (CORPUS_DIR), prints the profile and structure read from it, and indexes
 * it — it alone, whatever the number of other reports. Exit code 2 with a clear
 * message, and nothing written, when the file cannot be a report.
 */
import { loadConfig } from "../config.js";
import { AddReportError, addReport } from "../corpus/add-report.js";
import { ExtractError } from "../corpus/extract/index.js";
import path from "node:path";
import { indexDocuments } from "../engine.js";
import { loadDocument } from "../corpus/load.js";

const args = process.argv.slice(2);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--id");
if (!file) {
  console.error("usage: npm run add-report -- FILE [--id ID] [--replace] [--dry-run] [--no-index]\n  FILE: a report as .txt, .html (a saved web page), .pdf or .docx");
  process.exit(2);
}
const config = loadConfig();
try {
  const added = await addReport(file, config.corpusDir, { id: value("--id"), replace: args.includes("--replace"), dryRun: args.includes("--dry-run"), maxBytes: config.maxReportBytes });
  const p = added.profile;
  const s = added.structure;
  console.log(`${args.includes("--dry-run") ? "would add" : "added"} ${added.file} (${added.extracted.format}${added.extracted.notes.length ? `; ${added.extracted.notes.join("; ")}` : ""})`);
  console.log(`  report     ${p.shortTitle} — ${p.title}`);
  console.log(`  place      ${p.place.fullName} (${p.place.level}; also ${p.place.aliases.filter((a) => a !== p.place.fullName).join(", ")}${p.place.within.length ? `; within ${p.place.within.join(", ")}` : ""})`);
  console.log(`  year       reviews ${p.reviewYear}, plans ${p.reportYear}${p.fiveYearPlans.length ? `; five-year plans ${p.fiveYearPlans.map((f) => `${f.name} ${f.from}–${f.to}`).join(", ")}` : ""}`);
  console.log(`  delivered  ${p.date ?? "?"} at ${p.session ?? "?"} by ${p.speaker ? `${p.speaker.post} ${p.speaker.name}` : "?"}${p.publisher ? `; published by ${p.publisher}` : ""}`);
  console.log(`  structure  ${s.parts.length} parts, ${s.sections} sections, ${s.notes} notes, ${s.honours} honours, ${s.noise} lines of page noise`);
  for (const part of s.parts) console.log(`             ${part.slice(0, 40)}`);
  console.log(`  paragraphs ${Object.entries(s.periods).map(([k, n]) => `${k} ${n}`).join(", ")}`);
  if (!args.includes("--dry-run") && !args.includes("--no-index")) {
    // Only this report is embedded and indexed; the others are left as they are.
    // The document exactly as start-up reads it (with its .json, if any), so start-up finds it indexed.
    const document = await loadDocument(config.corpusDir, path.basename(added.file), config.maxReportBytes);
    const before = Date.now();
    const sync = await indexDocuments(config, [document], (m) => console.error(m));
    console.log(`  indexed    ${[...sync.added, ...sync.replaced].join(", ") || "nothing new"} in ${Date.now() - before} ms (the other reports left as they are); running servers pick it up on SIGHUP or at their next start`);
  }
} catch (err) {
  if (err instanceof AddReportError || err instanceof ExtractError) {
    console.error(`not added: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
