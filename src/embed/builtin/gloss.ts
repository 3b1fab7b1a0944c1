// Turns CC-CEDICT English senses into weighted English content-word stems.
//
// Why: the glosses are the only semantic signal we have offline. 看病 "to see
// a doctor" and 医生 "doctor" share no character, but share the stem
// "doctor"; 收入 "income" lets the English query "income" reach Chinese text.
// Dictionary boilerplate ("variant of", "CL:", "(idiom)", "lit.", pinyin in
// brackets) is removed or down-weighted so it does not create fake overlaps.

import { porterStem } from "./stem.js";

/** Common English function words plus CC-CEDICT meta vocabulary. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the to of in on at by for from with without into onto upon about as and or nor but not no " +
    "is are was were be been being am do does did done have has had having it its it's this that these " +
    "those there here he she they them their his her him we us our you your i me my one one's oneself " +
    "sb sb's sth someone something somebody anything anyone etc e.g i.e. lit fig abbr esp usu cl pr tw " +
    "variant used see also old same archaic literary dialect classical written colloquial loanword idiom " +
    "name surname given abbreviation various kind sort type thing things way ways very so such than then " +
    "too up down out over under off all any some each every other another more most much many can could " +
    "will would shall should may might must what which who whom whose when where why how if because while " +
    "during before after again just only even still yet already well also"
  ).split(/\s+/).filter(Boolean),
);

/** Words that mark a sense as a pure cross-reference to another headword. */
// Only when a Chinese headword follows: "see you again" (再见) is a real sense.
const REFERENCE_SENSE = /^(?:old |archaic |erhua |japanese |taiwan )?(?:variant of|abbr\. (?:for|of)|see(?: also)?|used in|also written|same as|contraction of)\s+(?=\p{Script=Han})/iu;
const HAN = "\\p{Script=Han}";
const CEDICT_REF = new RegExp(`([${HAN}\\w·，]+)(?:\\|([${HAN}\\w·，]+))?\\[[^\\]]*\\]`, "gu");

export interface GlossWeights {
  /** Weight of words inside parentheses ("(medicine)", "(of prices)"). */
  bracket: number;
  /** Decay per sense index: sense i gets 1 / (1 + senseDecay * i). */
  senseDecay: number;
}

export interface ParsedGloss {
  /** stem → weight, summed over senses. */
  stems: Map<string, number>;
  /** Simplified headwords this entry refers to ("variant of X", "abbr. for X"). */
  refs: string[];
}

/** Splits English text into lowercase word tokens (ASCII letters only). */
export function englishWords(text: string): string[] {
  // The look-arounds keep "4th", "3D" or pinyin "shou1" from yielding words.
  return text.toLowerCase().match(/(?<![a-z0-9])[a-z]+(?:'[a-z]+)?(?![a-z0-9])/g) ?? [];
}

/** Content stems of an English phrase (stop words removed), in order. */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const w of englishWords(text)) {
    if (w.length < 2 || ENGLISH_STOP_WORDS.has(w)) continue;
    const base = w.endsWith("'s") ? w.slice(0, -2) : w;
    if (base.length < 2 || ENGLISH_STOP_WORDS.has(base)) continue;
    const stem = porterStem(base);
    if (!ENGLISH_STOP_WORDS.has(stem)) out.push(stem); // "names" → "name" is still boilerplate
  }
  return out;
}

/** Parses all senses of one dictionary entry into weighted stems and references. */
export function parseSenses(senses: readonly string[], weights: GlossWeights, into?: ParsedGloss, scale = 1): ParsedGloss {
  const result: ParsedGloss = into ?? { stems: new Map(), refs: [] };
  let kept = 0;
  for (const raw of senses) {
    const sense = raw.trim();
    if (sense.startsWith("CL:") || sense.length === 0) continue;
    if (REFERENCE_SENSE.test(sense)) {
      for (const m of sense.matchAll(CEDICT_REF)) result.refs.push((m[2] ?? m[1]).normalize("NFKC").toLowerCase());
      continue;
    }
    // Drop Chinese cross-references and their pinyin: "天干[tian1 gan1]".
    const noRefs = sense.replace(CEDICT_REF, " ");
    const inBrackets = [...noRefs.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]).join(" ");
    const outside = noRefs.replace(/\([^)]*\)/g, " ");
    const senseWeight = scale / (1 + weights.senseDecay * kept);
    kept++;
    const main = contentStems(outside);
    const side = contentStems(inBrackets);
    // 1/sqrt(n): a long descriptive sense should not outweigh a one-word one.
    const norm = 1 / Math.sqrt(Math.max(1, main.length + weights.bracket * side.length));
    for (const s of main) result.stems.set(s, (result.stems.get(s) ?? 0) + senseWeight * norm);
    for (const s of side) result.stems.set(s, (result.stems.get(s) ?? 0) + senseWeight * norm * weights.bracket);
  }
  return result;
}
