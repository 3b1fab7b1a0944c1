/**
 * Adds "gold" paragraph ids to every eval item from its goldLines, in place.
 * Run after adding questions: `npx tsx eval/tools/resolve-gold.ts`.
 * Question writers name lines of the corpus file; the system cites paragraph ids.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config.js";
import { loadCorpus } from "../../src/corpus/load.js";
import { SETS_DIR, SPLITS } from "../sets.js";

const config = loadConfig();
const corpus = await loadCorpus(config.corpusDir, config.chunkMaxChars);
const doc = corpus.documents[0]!;
const lineStarts = [0];
for (let i = 0; i < doc.text.length; i++) if (doc.text[i] === "\n") lineStarts.push(i + 1);
const paragraphs = corpus.paragraphs.filter((p) => p.docId === doc.id);

function paragraphAtLine(line: number): string {
  const start = lineStarts[line - 1];
  const end = lineStarts[line] ?? doc.text.length + 1;
  if (start === undefined) throw new Error(`line ${line} is past the end of ${doc.source}`);
  const p = paragraphs.find((x) => x.start >= start && x.start < end);
  if (!p) throw new Error(`line ${line} holds no paragraph`);
  return p.id;
}

for (const split of SPLITS) {
  const file = path.join(SETS_DIR, `${split}.jsonl`);
  const lines = readFileSync(file, "utf8").split("\n").filter((l) => l.trim());
  const out = lines.map((line) => {
    const item = JSON.parse(line) as { goldLines: number[]; gold?: string[] };
    const { gold: _old, ...rest } = item;
    const entries: [string, unknown][] = Object.entries(rest);
    const at = entries.findIndex(([k]) => k === "goldLines") + 1;
    entries.splice(at, 0, ["gold", item.goldLines.map(paragraphAtLine)]);
    return JSON.stringify(Object.fromEntries(entries));
  });
  writeFileSync(file, out.join("\n") + "\n");
  console.log(`${split}: ${out.length} items`);
}
