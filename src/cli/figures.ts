/** `npm run figures -- [--csv] [--q 关键词] [--period result|plan]`: every figure of the report. */
import { loadConfig } from "../config.js";
import { loadCorpus } from "../corpus/load.js";
import { extractAllFigures } from "../answer/figures.js";

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const config = loadConfig();
const corpus = await loadCorpus(config.corpusDir, config.chunkMaxChars);
const q = opt("--q");
const period = opt("--period");
const figures = extractAllFigures(corpus.paragraphs).filter((f) => (!q || `${f.metric}${f.clause}`.includes(q)) && (!period || f.scope.kind === period));

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const period_ = (f: (typeof figures)[number]) => (f.scope.kind === "result" || f.scope.kind === "plan" ? `${f.scope.year}-${f.scope.kind}` : f.scope.kind);
if (args.includes("--csv")) {
  const header = ["id", "paragraphId", "metric", "value", "unit", "baseValue", "baseUnit", "direction", "qualifier", "period", "start", "end", "quote"];
  console.log(header.join(","));
  for (const f of figures) console.log([f.id, f.paragraphId, f.metric, f.valueText, f.unit, f.baseValue, f.baseUnit, f.direction, f.qualifier, period_(f), f.start, f.end, f.quote].map(cell).join(","));
} else {
  for (const f of figures) console.log(`${period_(f).padEnd(12)} ${f.metric} ${f.direction ?? ""}${f.qualifier ?? ""}${f.valueText}${f.unit}   (${f.paragraphId})`);
  console.log(`\n${figures.length} figures`);
}
