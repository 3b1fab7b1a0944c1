// Builds the bilingual lexicon from CC-CEDICT: for each simplified headword
// the weighted English stems of its glosses, plus an IDF for every stem.
//
// Why a separate step: several headword rows exist per word (one per pinyin
// reading, e.g. 行 hang2/xing2, and capitalised proper-name readings); the
// vectors want one merged, weighted gloss per written form, and the stem IDF
// ("person", "used" are in thousands of glosses, "income" in a few dozen)
// must be computed over the whole dictionary before any vector is built.

import { type CedictEntry } from "./sources.js";
import { englishWords, parseSenses, type GlossWeights, type ParsedGloss } from "./gloss.js";

/** Han characters we give vocabulary entries to (BMP ideograph blocks). */
export const HAN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x3400, 0x4dbf], // CJK Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
];

export function isVocabHan(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return HAN_RANGES.some(([a, b]) => cp >= a && cp <= b);
}

/** True if every character of `word` is a vocabulary Han character. */
export function isAllHan(word: string): boolean {
  for (const ch of word) if (!isVocabHan(ch)) return false;
  return word.length > 0;
}

/** Normal form used for every vocabulary key: what the tokenizer's normalizer produces. */
export function normalizeKey(s: string): string {
  return s.normalize("NFKC").toLowerCase();
}

export interface LexiconOptions extends GlossWeights {
  /** Scale of capitalised-pinyin (proper name) readings vs common readings. */
  properNameScale: number;
}

export interface Lexicon {
  /** Normalised simplified headword → merged gloss. Insertion order = sorted keys. */
  glosses: Map<string, ParsedGloss>;
  /** English stem → idf over headwords (ln(N / df)). */
  stemIdf: Map<string, number>;
  /** Every English surface word seen in glosses (lowercase a–z). */
  englishSurface: Set<string>;
  /**
   * Traditional form → simplified form, for traditional forms that are not
   * themselves simplified headwords (醫療 → 医疗, 醫 → 医). Lets traditional
   * input reuse the simplified rows at no cost in table size.
   */
  traditional: Map<string, string>;
}

export function buildLexicon(entries: readonly CedictEntry[], opts: LexiconOptions): Lexicon {
  const merged = new Map<string, ParsedGloss>();
  const englishSurface = new Set<string>();
  const tradCandidates = new Map<string, string>();
  for (const e of entries) {
    const key = normalizeKey(e.simplified);
    if (key.length === 0) continue;
    let g = merged.get(key);
    if (!g) {
      g = { stems: new Map(), refs: [] };
      merged.set(key, g);
    }
    // Capitalised pinyin = proper noun reading (surname, place); keep it,
    // but let the common-word reading dominate.
    const proper = /^[A-Z]/.test(e.pinyin);
    parseSenses(e.senses, opts, g, proper ? opts.properNameScale : 1);
    for (const s of e.senses) for (const w of englishWords(s)) if (w.length <= 24) englishSurface.add(w);
    const trad = normalizeKey(e.traditional);
    // First simplified form in dictionary order wins (the data file is sorted).
    if (trad !== key && !tradCandidates.has(trad)) tradCandidates.set(trad, key);
  }

  // Sort headwords so every later loop is in a fixed order.
  const glosses = new Map([...merged.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));

  const df = new Map<string, number>();
  for (const g of glosses.values()) for (const s of g.stems.keys()) df.set(s, (df.get(s) ?? 0) + 1);
  const n = glosses.size;
  const stemIdf = new Map<string, number>();
  for (const [s, d] of [...df.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) stemIdf.set(s, Math.log(n / d));
  const traditional = new Map(
    [...tradCandidates.entries()].filter(([t]) => !glosses.has(t)).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  );
  return { glosses, stemIdf, englishSurface, traditional };
}
