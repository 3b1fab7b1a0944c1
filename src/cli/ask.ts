/** `npm run ask -- "问题" [--json] [--top-k N]`: answer one question from the terminal. */
import { loadConfig } from "../config.js";
import { openEngine } from "../engine.js";
import { toAskResponse } from "../server/app.js";
import { askSchema } from "../server/schemas.js";
import { buildProgressBar } from "./progress.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const k = args.indexOf("--top-k");
const topK = k >= 0 ? Number(args[k + 1]) : undefined;
const question = args.filter((a, i) => !a.startsWith("--") && (k < 0 || i !== k + 1)).join(" ");

const config = loadConfig();
const parsed = askSchema(config.maxQuestionChars).safeParse({ question, ...(topK !== undefined ? { topK } : {}) });
if (!parsed.success) {
  console.error(`usage: npm run ask -- "问题" [--json] [--top-k 1-20]\n${parsed.error.issues.map((i) => i.message).join("\n")}`);
  process.exit(2);
}
const bar = buildProgressBar();
const engine = await openEngine(config, { log: (m) => console.error(m), progress: bar.progress });
bar.stop();
const answer = await engine.ask(parsed.data.question, { topK: parsed.data.topK });
if (json) {
  console.log(JSON.stringify(toAskResponse(answer), null, 2));
} else {
  const head = answer.status === "answered" ? "答" : answer.status === "related" ? `未直接回答（相关度 ${answer.confidence.score.toFixed(2)}）` : "未找到";
  console.log(`\n${head}：${answer.answer}\n`);
  answer.citations.forEach((c, i) => console.log(`[${i + 1}] ${c.reference}  (${c.id}, score ${c.score})\n    “${c.quote}”\n`));
  console.log(`${answer.timings.totalMs} ms`);
}
