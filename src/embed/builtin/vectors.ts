// Computes the embedding table: one row per vocabulary row key.
//
// A row is a weighted sum of deterministic random directions ("features"),
// normalised, then scaled by the token weight. Because transformers.js does
// masked mean pooling + L2 normalisation, the row norm *is* the token's
// weight in a sentence: 的 (idf 0.9) barely moves a sentence vector,
// 医疗 (idf 6.6) moves it a lot.
//
//   stem   E(s) = unit( r(e:s) + λ·centre(unit(Σ_{w glossed s} t(w)·r(w) + t(c)·r(c) for c in w)) )
//   gloss  G(x) = unit( Σ_s weight(s in x) · idf(s) · E(s) )   (incl. "variant of"/"abbr." targets)
//   char   C(c) = unit( r(c:c) + κ·G(c) )
//   word   V(w) = unit( α·r(w:w) + β·unit(Σ_c idf(c)·C(c)) + γ·G(w) ) · t(w)
// where r(key) is the random sign vector of the key (prng.ts), t() a token
// weight from jieba's IDF, and centre() removes the mean smoothing vector.

import { addSignVector } from "./prng.js";
import { type Lexicon, isAllHan } from "./lexicon.js";
import { type BuildParams, QUESTION_WORDS } from "./params.js";
import { type ParsedGloss } from "./gloss.js";
import { type Vocab, RARE_HAN_KEY } from "./vocab.js";

type Vec = Float64Array;

function unit(v: Vec): Vec {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  if (s === 0) return v;
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
}

function addScaled(acc: Vec, v: ArrayLike<number>, w: number): void {
  for (let i = 0; i < acc.length; i++) acc[i] += w * v[i];
}

function isZero(v: Vec): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}

export interface TableInputs {
  vocab: Vocab;
  lex: Lexicon;
  jiebaIdf: ReadonlyMap<string, number>;
  params: BuildParams;
}

export function buildTable({ vocab, lex, jiebaIdf, params: p }: TableInputs): Float32Array {
  const dim = p.dim;
  const seed = p.seed;
  const questionWords = new Set(QUESTION_WORDS);
  const rand = (key: string, w = 1): Vec => {
    const v = new Float64Array(dim);
    addSignVector(v, key, seed, w);
    return v;
  };
  const stemWeight = (s: string): number => (lex.stemIdf.get(s) ?? 0) ** p.stemIdfPower;
  const clampW = (w: number): number => Math.min(p.maxWeight, Math.max(p.minWeight, w));
  const idfWeight = (idf: number): number => clampW((Math.max(idf, 0) / p.idfRef) ** p.idfPower);

  // 1. Concept smoothing: pull each English stem towards the characters and
  //    words the dictionary uses to express it ("doctor" → 医, 医生, 大夫 …),
  //    so two Chinese words whose glosses differ can still meet.
  const charIdf = (c: string): number => jiebaIdf.get(c) ?? p.idfMissingWord;
  const smooth = new Map<string, Vec>();
  const smoothing = p.stemToChars + p.stemToWords;
  if (smoothing > 0) {
    for (const [w, g] of lex.glosses) {
      const chars = [...w];
      if (!isAllHan(w) || chars.length > p.maxWordLen) continue;
      // Weight by IDF too: common characters (的, 子, 不) are in thousands of
      // glosses and would otherwise pull every stem towards one "hub".
      const wordW = p.smoothIdf ? idfWeight(jiebaIdf.get(w) ?? p.idfMissingWord) : 1;
      for (const [s, gw] of g.stems) {
        let acc = smooth.get(s);
        if (!acc) smooth.set(s, (acc = new Float64Array(dim)));
        for (const c of chars) addSignVector(acc, `c:${c}`, seed, (gw * p.stemToChars * (p.smoothIdf ? idfWeight(charIdf(c)) : 1)) / chars.length);
        addSignVector(acc, chars.length === 1 ? `c:${w}` : `w:${w}`, seed, gw * p.stemToWords * wordW);
      }
    }
  }
  // Optional centring: remove the component all smoothing vectors share.
  const mean = new Float64Array(dim);
  if (p.centerSmoothing && smooth.size > 0) {
    for (const v of smooth.values()) addScaled(mean, unit(v), 1 / smooth.size);
  }
  const stemVecs = new Map<string, Float32Array>();
  for (const s of lex.stemIdf.keys()) {
    const v = rand(`e:${s}`);
    const extra = smooth.get(s);
    if (extra && !isZero(extra)) {
      unit(extra);
      if (p.centerSmoothing) addScaled(extra, mean, -1);
      addScaled(v, unit(extra), smoothing);
    }
    stemVecs.set(s, Float32Array.from(unit(v)));
  }
  smooth.clear();

  // 2. Gloss vectors (one hop through "variant of X" / "abbr. for X").
  const glossVec = (g: ParsedGloss | undefined): Vec | null => {
    if (!g) return null;
    const acc = new Float64Array(dim);
    const addStems = (stems: Map<string, number>, scale: number) => {
      for (const [s, w] of stems) {
        const e = stemVecs.get(s);
        if (e) addScaled(acc, e, scale * w * stemWeight(s));
      }
    };
    addStems(g.stems, 1);
    for (const ref of g.refs) {
      const target = lex.glosses.get(ref);
      if (target) addStems(target.stems, p.refScale);
    }
    return isZero(acc) ? null : unit(acc);
  };

  // 3. Character vectors, cached: every word reuses them.
  const charVecs = new Map<string, Float32Array>();
  const charVec = (c: string): Float32Array => {
    let v = charVecs.get(c);
    if (!v) {
      const acc = rand(`c:${c}`);
      const g = glossVec(lex.glosses.get(c));
      if (g) addScaled(acc, g, p.charGloss);
      v = Float32Array.from(unit(acc));
      charVecs.set(c, v);
    }
    return v;
  };
  // 4. Rows.
  const rows = vocab.rowKeys.length;
  const table = new Float32Array(rows * dim);
  const put = (row: number, v: Vec, weight: number) => {
    unit(v);
    for (let i = 0; i < dim; i++) table[row * dim + i] = v[i] * weight;
  };
  vocab.rowKeys.forEach((key, row) => {
    if (key === "[PAD]") return; // padding is masked out anyway
    if (key === "[UNK]" || key === "[CLS]") return put(row, rand(key), p.tinyWeight);
    if (key === RARE_HAN_KEY) return put(row, rand(key), p.rareHanWeight);
    const kind = key.slice(0, 2);
    const text = key.slice(2);
    if (kind === "x:") return put(row, rand(key), p.stopWeight);
    if (kind === "n:") return put(row, rand(key), p.numberWeight);
    if (kind === "e:") {
      const v = Float64Array.from(stemVecs.get(text)!);
      return put(row, v, p.englishScale * idfWeight(lex.stemIdf.get(text) ?? 0));
    }
    // Chinese character or word.
    const chars = [...text];
    const v = rand(kind === "c:" ? `c:${text}` : `w:${text}`, p.wIdentity);
    const cs = new Float64Array(dim);
    for (const c of chars) addScaled(cs, charVec(c), charIdf(c));
    if (!isZero(cs)) addScaled(v, unit(cs), p.wChars);
    const g = glossVec(lex.glosses.get(text));
    if (g) addScaled(v, g, p.wGloss);
    let weight = idfWeight(jiebaIdf.get(text) ?? p.idfMissingWord);
    if (questionWords.has(text)) weight *= p.questionWordScale;
    put(row, v, weight);
  });
  return table;
}
