/**
 * Synthetic national-size corpora for the scale benchmark: N distinct reports
 * made from the real ones. Each synthetic report is a real report with
 *
 *  - its own place replaced by an invented one (2–3 characters + 县/市/区, a
 *    name no dictionary word, no report text, no province or capital contains),
 *    including how it names itself (全省 → 全县);
 *  - every figure's digits perturbed, keeping its format (560.45 → 571.12,
 *    6.5% → 6.9%); years, dates, note markers and list numbers kept;
 *  - the sentences of its body paragraphs in another order (the first kept,
 *    headings, numbering and the title block untouched, so the structure still
 *    parses);
 *  - marked synthetic: 合成 on its title line and `"synthetic": true` in its `.json`.
 *
 * Pure and seeded: the same sources, count and seed give the same reports.
 * Only writeSyntheticCorpus touches the disk.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseReport } from "../../src/corpus/structure.js";
import { GENERIC_PLACE_WORDS, PAGE_FURNITURE, PHOTO_CAPTION, PROVINCE_LEVEL_NAMES, PROVINCIAL_CAPITALS, SELF_WORDS } from "../../src/lexicon.js";
import type { ReportDocument } from "../../src/types.js";

export type InventedLevel = "县" | "市" | "区";

export interface InventedPlace {
  /** 澜川县 */
  name: string;
  /** 澜川: what people call it, and what the text says where the source said its short name. */
  short: string;
  level: InventedLevel;
}

export interface SyntheticReport {
  /** synth-0001 */
  id: string;
  sourceId: string;
  place: InventedPlace;
  /** The year it plans for: its source's. */
  reportYear: number;
  text: string;
  /** The `<id>.json` written beside it. */
  override: { synthetic: true };
}

export interface SynthOptions {
  seed?: number;
  /**
   * Words no invented name may be (a dictionary: jieba's word list holds China's
   * county and city names, so a name not in it is very unlikely to be real).
   */
  avoidWords?: ReadonlySet<string>;
}

/** mulberry32: a small seeded generator, enough for varying text. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed per purpose and report (FNV-1a of the key), so one change does not shift every other draw. */
function seedFor(seed: number, key: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

// Characters of invented names: none is a level suffix (省市区县州旗盟) or a self word's first character (全我本).
const FIRST = [..."澜翠栖洵岫漪沄珑芸琮霁萦苒璞瀚泠砚蘅蓁筠汐钰潆翎骞湄涟璟芊菁霏珂蕤岚枫樾"];
const MIDDLE = [..."云石松竹溪桥霞月星鹤"];
const LAST = [..."川屿原泽陵坪岗湾塘渚汀源峪岭滩垣皋浦冈畈峤坞阜埠渡沚涧矶"];
const LEVELS: InventedLevel[] = ["县", "市", "区"];
const REAL_NAMES = [...PROVINCE_LEVEL_NAMES, ...PROVINCIAL_CAPITALS, ...GENERIC_PLACE_WORDS];

/**
 * `count` distinct invented places. A name is refused when it is a dictionary
 * word, appears in any source text, or contains (or is contained in) a province,
 * a capital, a generic place word or another invented name — so a question
 * naming one names no other.
 */
export function inventPlaces(count: number, seed: number, texts: readonly string[], avoidWords: ReadonlySet<string> = new Set()): InventedPlace[] {
  const rand = seededRandom(seedFor(seed, "places"));
  const places: InventedPlace[] = [];
  const shorts: string[] = [];
  const related = (a: string, b: string) => a.includes(b) || b.includes(a);
  const maxAttempts = count * 200 + 1000;
  for (let attempt = 0; places.length < count; attempt++) {
    if (attempt > maxAttempts) throw new Error(`could only invent ${places.length} distinct place names of the ${count} asked`);
    const short = rand() < 0.3 ? pick(rand, FIRST) + pick(rand, MIDDLE) + pick(rand, LAST) : pick(rand, FIRST) + pick(rand, LAST);
    const level = pick(rand, LEVELS);
    const name = short + level;
    if (avoidWords.has(short) || avoidWords.has(name)) continue;
    if (REAL_NAMES.some((r) => related(r, short)) || shorts.some((s) => related(s, short))) continue;
    if (texts.some((t) => t.includes(short))) continue;
    shorts.push(short);
    places.push({ name, short, level });
  }
  return places;
}

const NUMBER = /\d+(?:\.\d+)?/g;

/**
 * Whether the number at `at` is not a figure: a year (2025, 2022-2024), a date or
 * session ordinal (1月8日, 14届), a note marker ((3)), a list number at a line's
 * start (1.), or part of a name (5G, C919, “1+1+3”).
 */
function keepNumber(text: string, at: number, digits: string): boolean {
  const before = text[at - 1] ?? "";
  const after = text[at + digits.length] ?? "";
  if (/^(19|20)\d{2}$/.test(digits)) return true;
  if (/[年月日届]/.test(after)) return true;
  if (/[(（]/.test(before) && /[)）]/.test(after)) return true;
  if (/[A-Za-z+]/.test(before) || /[A-Za-z+]/.test(after)) return true;
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  return text.slice(lineStart, at).trim() === "" && /[.．、]/.test(after);
}

/** One figure's digits varied by 1–8%, with as many integer and decimal digits as before. */
export function perturbFigure(digits: string, rand: () => number): string {
  const [int, frac = ""] = digits.split(".") as [string, string?];
  const decimals = frac.length;
  const units = Number(int + frac);
  const format = (u: number) => {
    const s = String(u).padStart(int.length + decimals, "0");
    return decimals ? `${s.slice(0, s.length - decimals)}.${s.slice(s.length - decimals)}` : s;
  };
  const fits = (u: number) => u >= 0 && format(u).length === digits.length && (int.length === 1 || format(u)[0] !== "0");
  const up = rand() < 0.5;
  const change = Math.max(1, Math.round(units * (0.01 + rand() * 0.07)));
  for (const sign of up ? [1, -1] : [-1, 1]) if (fits(units + sign * change) && units + sign * change !== units) return format(units + sign * change);
  // Too small or at the edge of its digits (9, 100): move the last digit by one.
  for (const sign of [1, -1]) if (fits(units + sign)) return format(units + sign);
  return digits;
}

/** Every figure of `text` from `from` on perturbed (see keepNumber for what is not a figure). */
export function perturbNumbers(text: string, rand: () => number, from = 0): string {
  return text.slice(0, from) + text.slice(from).replace(NUMBER, (digits, at: number) => (keepNumber(text, from + at, digits) ? digits : perturbFigure(digits, rand)));
}

const SENTENCE = /[^。！？!?]*[。！？!?]+[”’」』)）]*/g;

/**
 * The sentences of each one-line body paragraph after the first in a shuffled
 * order. Headings, the title block, notes, honours and list items are not body
 * paragraphs of a part, and a paragraph joined from broken lines or not ending
 * a sentence is left as it is, so the reader finds the same structure.
 */
export function shuffleSentences(doc: ReportDocument, rand: () => number): string {
  const paragraphs = parseReport(doc.id, doc.text, doc).filter((p) => p.kind === "body" && /:p[1-9]\d*-/.test(p.id) && !p.text.includes("\n"));
  let out = "";
  let last = 0;
  for (const p of paragraphs) {
    const sentences = p.text.match(SENTENCE) ?? [];
    if (sentences.length < 3 || sentences.join("") !== p.text) continue;
    const rest = sentences.slice(1);
    for (let i = rest.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [rest[i], rest[j]] = [rest[j]!, rest[i]!];
    }
    out += doc.text.slice(last, p.start) + sentences[0] + rest.join("");
    last = p.end;
  }
  return out + doc.text.slice(last);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The source's names for its own place (full name, name, aliases, short name)
 * replaced by the invented place's, longest first, in one pass; its self words
 * (全省, 我省, 本省) by the invented level's (全县, 我县, 本县).
 */
export function substitutePlace(text: string, doc: ReportDocument, place: InventedPlace): string {
  const map = new Map<string, string>();
  const src = doc.place;
  for (const alias of [src.fullName, src.name, ...src.aliases]) if (alias !== src.short) map.set(alias, place.name);
  map.set(src.short, place.short);
  const target = SELF_WORDS[place.level];
  src.selfWords.forEach((word, i) => {
    const to = target[i];
    if (to && /^[全我本]/.test(word) && to[0] === word[0]) map.set(word, to);
  });
  const keys = [...map.keys()].filter((k) => k.length >= 2).sort((a, b) => b.length - a.length);
  return text.replace(new RegExp(keys.map(escape).join("|"), "g"), (m) => map.get(m)!);
}

const SALUTATION_LINE = /^[ \t\u3000]*各位代表[:：!！]/m;

/** Where the title block (title, date, session, speaker) ends: the first salutation line. */
export function titleBlockEnd(text: string): number {
  return Math.max(0, text.search(SALUTATION_LINE));
}

/** The title line (the line the profile reads the title from) prefixed 合成：. */
export function markTitle(text: string): string {
  const end = titleBlockEnd(text);
  const lines = text.slice(0, end).split("\n");
  const i = lines.findIndex((l) => /政府工作报告$/.test(l.trim()) && !PHOTO_CAPTION.test(l.trim()) && !PAGE_FURNITURE.test(l.trim()));
  if (i === -1) throw new Error("no title line ending in 政府工作报告 before the first 各位代表");
  lines[i] = lines[i]!.replace(/^(\s*)/, "$1合成：");
  return lines.join("\n") + text.slice(end);
}

export const syntheticId = (i: number) => `synth-${String(i + 1).padStart(4, "0")}`;

/**
 * `count` synthetic reports (synth-0001 …), made from the sources in turn. Each
 * gets its own place, figures and sentence order, so no two texts are the same.
 */
export function synthesize(sources: readonly ReportDocument[], count: number, options: SynthOptions = {}): SyntheticReport[] {
  if (sources.length === 0) throw new Error("no source report to make synthetic reports from");
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a whole number ≥ 0, got ${count}`);
  const seed = options.seed ?? 1;
  const places = inventPlaces(count, seed, sources.map((s) => s.text), options.avoidWords);
  return places.map((place, i) => {
    const source = sources[i % sources.length]!;
    const id = syntheticId(i);
    const shuffled = shuffleSentences(source, seededRandom(seedFor(seed, `${id}:sentences`)));
    const varied = perturbNumbers(shuffled, seededRandom(seedFor(seed, `${id}:numbers`)), titleBlockEnd(shuffled));
    const text = markTitle(substitutePlace(varied, source, place));
    return { id, sourceId: source.id, place, reportYear: source.reportYear, text, override: { synthetic: true } };
  });
}

/** Writes each report as `<id>.txt` with its `<id>.json` into `dir`. */
export async function writeSyntheticCorpus(dir: string, reports: readonly SyntheticReport[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const r of reports) {
    await writeFile(path.join(dir, `${r.id}.txt`), r.text, "utf8");
    await writeFile(path.join(dir, `${r.id}.json`), `${JSON.stringify(r.override)}\n`, "utf8");
  }
}
