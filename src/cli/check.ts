/** `npm run check -- "claim" [--json]`: check a claim's figures against the report. */
import { loadConfig } from "../config.js";
import { openEngine } from "../engine.js";
import { checkSchema } from "../server/schemas.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const claim = args.filter((a) => !a.startsWith("--")).join(" ");
const config = loadConfig();
const parsed = checkSchema(config.maxQuestionChars).safeParse({ claim });
if (!parsed.success) {
  console.error(`usage: npm run check -- "某地某年地区生产总值增长5%" [--json]\n${parsed.error.issues.map((i) => i.message).join("\n")}`);
  process.exit(2);
}
const engine = await openEngine(config, { log: (m) => console.error(m) });
const result = await engine.check(parsed.data.claim);
if (json) console.log(JSON.stringify(result, null, 2));
else {
  const label = { supported: "属实", contradicted: "与报告不符", partially_supported: "部分属实", not_found: "报告中没有" }[result.verdict];
  console.log(`\n${label}（${result.verdict}）\n${result.explanation}\n`);
  result.evidence.forEach((c, i) => console.log(`[${i + 1}] ${c.reference}\n    “${c.quote}”\n`));
}
