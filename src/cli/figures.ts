/** `npm run figures -- [--csv] [--q 关键词] [--period result|plan|period-result|period-plan] [--doc ID]`: every figure of the reports. */
import { loadConfig } from "../config.js";
import { loadCorpus } from "../corpus/load.js";
import { extractAllFigures } from "../answer/figures.js";

const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const config = loadConfig();
const corpus = await loadCorpus(config.corpusDir, config.chunkMaxChars);
const q = opt("--q");
const period = opt("--period");
const doc = opt("--doc");
const figures = extractAllFigures(corpus.paragraphs).filter((f) => (!q || `${f.metric}${f.clause}`.includes(q)) && (!period || f.scope.kind === period) && (!doc || f.docId === doc));

const cell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const period_ = (f: (typeof figures)[number]) =>
  f.scope.kind === "result" || f.scope.kind === "plan" ? `${f.scope.year}-${f.scope.kind}` : f.scope.kind === "period-result" || f.scope.kind === "period-plan" ? `${f.scope.name}-${f.scope.kind}` : f.scope.kind;
if (args.includes("--csv")) {
  const header = ["id", "docId", "paragraphId", "metric", "value", "valueHigh", "unit", "baseValue", "baseUnit", "direction", "qualifier", "period", "start", "end", "quote"];
  console.log(header.join(","));
  for (const f of figures) console.log([f.id, f.docId, f.paragraphId, f.metric, f.valueText, f.valueHigh, f.unit, f.baseValue, f.baseUnit, f.direction, f.qualifier, period_(f), f.start, f.end, f.quote].map(cell).join(","));
} else {
  for (const f of figures) console.log(`${f.docId.padEnd(18)} ${period_(f).padEnd(12)} ${f.metric} ${f.direction ?? ""}${f.qualifier ?? ""}${f.valueText}${f.unit}   (${f.paragraphId})`);
  console.log(`\n${figures.length} figures`);
}
