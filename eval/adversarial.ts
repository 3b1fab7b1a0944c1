/**
 * Adversarial inputs for every endpoint: what an attacker (or a careless bot)
 * sends to make one request expensive. Shared by the complexity test suite
 * (test/complexity.test.ts) and `npm run bench`, which reports the worst one's
 * server time. Each input is built to the limits the API documents.
 */
export interface HttpCase {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: unknown;
}

const MAX = 500;

/** Repeats `unit` until the text is `max` characters (cut to fit). */
export const fill = (unit: string, max = MAX) => unit.repeat(Math.ceil(max / unit.length)).slice(0, max);

/** Characters that NFKC expands: ﷺ → 18 characters, ﷻ → 8, ㍻ → 2. */
export const NFKC_EXPANDERS = ["ﷺ", "ﷻ", "㍻", "㈱", "ｸﾞ"];

/** Words that are keys of Object.prototype, in the forms a user could type them. */
export const PROTOTYPE_WORDS = ["constructor", "CONSTRUCTOR", "ｃｏｎｓｔｒｕｃｔｏｒ", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "__defineGetter__", "propertyIsEnumerable"];

/** Texts for questions and claims: repetitions of figures, units, separators and question words, at the limit. */
export function adversarialTexts(): { name: string; text: string }[] {
  const texts: { name: string; text: string }[] = [
    { name: "1个 ×250", text: fill("1个") },
    { name: "ﷺ1个 ×166 (raw, before NFKC)", text: "ﷺ1个".repeat(166) },
    { name: "ﷺ×200 + 粮食几 ×75", text: "ﷺ".repeat(200) + "，" + "粮食几，".repeat(75) },
    { name: "粮食几， ×125", text: fill("粮食几，") },
    { name: "figures with changes", text: fill("地区生产总值560.45亿元,下降5.6%，") },
    { name: "units only", text: fill("亿元万亩个百分点%") },
    { name: "numbers only", text: fill("1.5") },
    { name: "separators only around a word", text: fill("粮食，、；。") },
    { name: "question words", text: fill("多少哪些什么分别各") },
    { name: "分别 list of 250 parts", text: "分别是多少：" + fill("粮食、", MAX - 6) },
    { name: "years", text: fill("2022年2023年2024年") },
    { name: "directions", text: fill("增长下降上升减少") },
    { name: "Chinese numerals", text: fill("一千五百点五") },
    { name: "English words", text: fill("income growth rate of the district ") },
    { name: "distinct rare characters", text: Array.from({ length: MAX }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000))).join("") },
    { name: "one long word", text: fill("中华人民共和国") },
    { name: "mixed report phrases", text: fill("规上工业增加值增长10.2%，固定资产投资126.33亿元，") },
    { name: "quotes and brackets", text: fill("“（【《粮食》】）”") },
  ];
  for (const ch of NFKC_EXPANDERS) texts.push({ name: `NFKC expander ${ch} ×${MAX}`, text: ch.repeat(MAX) });
  for (const word of PROTOTYPE_WORDS) texts.push({ name: `prototype word ${word}`, text: word });
  texts.push({ name: "prototype words together", text: PROTOTYPE_WORDS.join(" ") });
  return texts;
}

/** Every endpoint with every adversarial text in each of its fields. */
export function adversarialCases(): HttpCase[] {
  const cases: HttpCase[] = [];
  for (const { name, text } of adversarialTexts()) {
    cases.push({ name: `ask: ${name}`, method: "POST", path: "/api/ask", body: { question: text, topK: 20 } });
    cases.push({ name: `ask short: ${name}`, method: "POST", path: "/api/ask", body: { question: text, style: "short" } });
    cases.push({ name: `stream: ${name}`, method: "POST", path: "/api/ask/stream", body: { question: text } });
    cases.push({ name: `check: ${name}`, method: "POST", path: "/api/check", body: { claim: text } });
    cases.push({ name: `figures: ${name}`, method: "GET", path: `/api/figures?limit=500&q=${encodeURIComponent(text.slice(0, 200))}` });
  }
  for (const word of PROTOTYPE_WORDS) {
    cases.push({ name: `paragraph id ${word}`, method: "GET", path: `/api/paragraphs/${encodeURIComponent(`${word}:${word}`)}` });
    cases.push({ name: `document ${word}`, method: "GET", path: `/api/documents/${encodeURIComponent(word)}/paragraphs` });
    cases.push({ name: `figures unit ${word}`, method: "GET", path: `/api/figures?unit=${encodeURIComponent(word.slice(0, 10))}` });
  }
  return cases;
}
