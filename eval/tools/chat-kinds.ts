/**
 * Accuracy per type of the chat tuning set (summary, why, report-fact) over all
 * reports, until `npm run eval` reads that set itself. Only the tuning file is
 * read: the held-out one is for final numbers only.
 *
 *   npx tsx eval/tools/chat-kinds.ts [--verbose]
 *
 * An answerable item is right when the engine answers, every expected span is
 * in the answer and an answer citation lies on a gold line; an item marked
 * `answerable: false` is right when the engine says the report does not say.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config.js";
import { openEngine } from "../../src/engine.js";
import { goldResolver, type LineRef } from "../gold.js";
import { normalizeAnswer } from "../metrics.js";
import { SETS_DIR } from "../sets.js";

interface ChatItem {
  id: string;
  question: string;
  type: string;
  docs: string[];
  answerable?: boolean;
  expected: string[];
  goldLines: LineRef[];
}

const verbose = process.argv.includes("--verbose");
const items = readFileSync(path.join(SETS_DIR, "chat-tuning.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as ChatItem);

const engine = await openEngine(loadConfig({ embedModel: "builtin-zh-lex", allowRemoteModels: false }), { log: (m) => console.error(m) });
const resolve = goldResolver(engine.corpus);
const byType = new Map<string, { n: number; right: number; spans: number; cited: number }>();
for (const item of items) {
  const answer = await engine.ask(item.question);
  const answered = answer.status === "answered";
  const shouldAnswer = item.answerable !== false;
  const normal = normalizeAnswer(answer.answer);
  const spans = item.expected.every((e) => normal.includes(normalizeAnswer(e)));
  const gold = new Set(resolve(item.goldLines).ids);
  const cited = answered && answer.citations.some((c) => c.role === "answer" && gold.has(c.id));
  const right = shouldAnswer ? answered && spans && cited : !answered;
  const t = byType.get(item.type) ?? { n: 0, right: 0, spans: 0, cited: 0 };
  t.n++;
  if (right) t.right++;
  if (shouldAnswer ? answered && spans : !answered) t.spans++;
  if (shouldAnswer ? cited : !answered) t.cited++;
  byType.set(item.type, t);
  if (verbose || !right) {
    console.log(`${right ? "ok  " : "MISS"} ${item.id} ${item.question}\n     → [${answer.status}${answer.status === "not_in_report" ? " " + answer.reason : ""}] ${answer.answer.slice(0, 300)}\n     cites ${answer.citations.filter((c) => c.role === "answer").map((c) => c.id).join(" ")}`);
  }
}
console.log("\n| type | items | right | expected spans | gold cited |\n|---|---|---|---|---|");
let all = { n: 0, right: 0 };
for (const [type, t] of byType) {
  console.log(`| ${type} | ${t.n} | ${t.right} (${((100 * t.right) / t.n).toFixed(0)}%) | ${t.spans} | ${t.cited} |`);
  all = { n: all.n + t.n, right: all.right + t.right };
}
console.log(`| all | ${all.n} | ${all.right} (${((100 * all.right) / all.n).toFixed(0)}%) | | |`);
