// Decides the vocabulary: which surface tokens exist and which table row
// each one uses.
//
// Rows are keyed by what the vector means, tokens by what the text says:
//   "c:收"  a Han character        "w:收入"  a dictionary word (2..maxWordLen)
//   "e:incom" an English stem (income, incomes share it)
//   "x:the"  an English stop word / single letter    "n:2022" a number
// Several tokens may share a row (English inflections; traditional
// spellings share their simplified word's row; Han characters that neither
// dictionary knows share "[RARE_HAN]" so a rare character never turns a
// whole Chinese run into [UNK]). Everything is sorted: the same
// inputs always give the same ids.

import { ENGLISH_STOP_WORDS } from "./gloss.js";
import { HAN_RANGES, isAllHan, type Lexicon } from "./lexicon.js";
import { porterStem } from "./stem.js";

export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]"] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const CLS_ID = 2;
export const RARE_HAN_KEY = "[RARE_HAN]";

export interface Vocab {
  /** Row id → row key (see header). */
  rowKeys: string[];
  /** Surface token → row id, sorted by token. Specials excluded. */
  tokens: Array<[string, number]>;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Number tokens: digits, 10–100 and plausible years, so "2022年" → "2022" + "##年". */
function numberTokens(): string[] {
  const out: string[] = [];
  for (let i = 0; i <= 100; i++) out.push(String(i));
  for (let y = 1900; y <= 2100; y++) out.push(String(y));
  return out;
}

export function buildVocab(lex: Lexicon, jiebaIdf: ReadonlyMap<string, number>, maxWordLen: number): Vocab {
  const rowKeys: string[] = [...SPECIAL_TOKENS, RARE_HAN_KEY];
  const rowOf = new Map<string, number>();
  rowKeys.forEach((k, i) => rowOf.set(k, i));
  const addRow = (key: string): number => {
    let id = rowOf.get(key);
    if (id === undefined) {
      id = rowKeys.length;
      rowKeys.push(key);
      rowOf.set(key, id);
    }
    return id;
  };
  const tokens = new Map<string, number>();

  // Chinese words first (their characters become "known" characters).
  const words = [...lex.glosses.keys()].filter((w) => isAllHan(w) && [...w].length >= 2 && [...w].length <= maxWordLen);
  const knownChars = new Set<string>();
  for (const w of words) for (const ch of w) knownChars.add(ch);
  for (const k of lex.glosses.keys()) if (isAllHan(k) && [...k].length === 1) knownChars.add(k);
  // jieba also lists some traditional characters; those reuse the
  // simplified row below instead of getting a gloss-less row of their own.
  for (const k of jiebaIdf.keys()) if (isAllHan(k) && [...k].length === 1 && !lex.traditional.has(k)) knownChars.add(k);

  // Every BMP Han character is a token; unknown ones share one row.
  for (const [lo, hi] of HAN_RANGES) {
    for (let cp = lo; cp <= hi; cp++) {
      const ch = String.fromCodePoint(cp);
      if (ch.normalize("NFKC") !== ch) continue; // the normalizer would never emit it
      tokens.set(ch, knownChars.has(ch) ? addRow(`c:${ch}`) : rowOf.get(RARE_HAN_KEY)!);
    }
  }
  for (const w of words.sort((a, b) => a.length - b.length || cmp(a, b))) tokens.set(w, addRow(`w:${w}`));

  // Traditional spellings share the row of their simplified form.
  for (const [trad, simp] of lex.traditional) {
    const row = rowOf.get([...simp].length === 1 ? `c:${simp}` : `w:${simp}`);
    if (row !== undefined && isAllHan(trad)) tokens.set(trad, row);
  }

  // English: surface words map to their stem's row; stop words and single
  // letters get their own low-weight rows so they neither vanish into
  // [UNK] nor match content words.
  const english = [...lex.englishSurface];
  for (let c = 97; c <= 122; c++) english.push(String.fromCharCode(c));
  for (const w of ENGLISH_STOP_WORDS) if (/^[a-z]+$/.test(w)) english.push(w);
  for (const w of [...new Set(english)].sort(cmp)) {
    if (!/^[a-z]+$/.test(w)) continue;
    const stop = w.length < 2 || ENGLISH_STOP_WORDS.has(w);
    const stem = porterStem(w);
    const key = stop || !lex.stemIdf.has(stem) ? `x:${w}` : `e:${stem}`;
    tokens.set(w, addRow(key));
  }

  for (const n of numberTokens()) tokens.set(n, addRow(`n:${n}`));
  // "%" survives pre-tokenization as its own token; it means "percent".
  if (lex.stemIdf.has("percent")) tokens.set("%", addRow("e:percent"));

  return { rowKeys, tokens: [...tokens.entries()].sort((a, b) => cmp(a[0], b[0])) };
}
