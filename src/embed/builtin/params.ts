// Every tunable constant of the built-in model, in one place.
//
// The values were chosen by measurement (similarity pairs + the retrieval
// probe in measure.ts, see README "How the weights were chosen"). Changing
// any value changes the model bytes, so MODEL_VERSION must be bumped too —
// and so must any change to the builder code that changes its output:
// isBuiltinModelCurrent() trusts version + params + source hashes.
// (1.0.0 was used by development builds; 1.1.0 is the first released table.)

export const MODEL_VERSION = "1.1.0";

export interface BuildParams {
  /** Embedding width. */
  dim: number;
  /** Global seed for the feature directions. */
  seed: string;
  /** Longest CC-CEDICT headword (in characters) kept as a vocabulary word. */
  maxWordLen: number;
  /** Table storage in the ONNX file. */
  dtype: "int8" | "float32";

  // --- gloss parsing -------------------------------------------------------
  /** Weight of gloss words inside parentheses, e.g. "(medicine)". */
  bracket: number;
  /** Sense i weighs 1 / (1 + senseDecay * i): first senses are the main ones. */
  senseDecay: number;
  /** Proper-name readings (capitalised pinyin) vs common readings. */
  properNameScale: number;
  /** Weight of glosses borrowed from "variant of X" / "abbr. for X" targets. */
  refScale: number;
  /** Exponent on the stem IDF when weighting gloss stems. */
  stemIdfPower: number;

  // --- mixing of one Chinese word's features (before normalising) ---------
  /** Own identity direction: keeps distinct words distinct. */
  wIdentity: number;
  /** Its characters (so 收入 and 可支配收入 share). */
  wChars: number;
  /** Its English gloss stems (so 看病 ~ 医生 via "doctor"). */
  wGloss: number;
  /** In a character's own vector: weight of its single-character gloss. */
  charGloss: number;

  // --- concept smoothing of English stems ---------------------------------
  /** Stem vector += this * (characters of the Chinese words glossed with it). */
  stemToChars: number;
  /** Stem vector += this * (identities of the Chinese words glossed with it). */
  stemToWords: number;
  /** Weight the smoothing contributions by jieba IDF (common characters count less). */
  smoothIdf: boolean;
  /** Subtract the mean smoothing vector (removes a shared "hub" direction). */
  centerSmoothing: boolean;

  // --- token weights (row norms) -------------------------------------------
  /** Token weight = (idf / idfRef) ^ idfPower, from jieba's idf.txt. */
  idfRef: number;
  idfPower: number;
  /** IDF assumed for dictionary words that jieba's idf.txt lacks. */
  idfMissingWord: number;
  /** Floor / cap of a token weight. */
  minWeight: number;
  maxWeight: number;
  /** Multiplier for question words (什么, 多少, 如何 …) that carry no topic. */
  questionWordScale: number;
  /** English content tokens: weight scale relative to Chinese tokens. */
  englishScale: number;
  /** English stop words, single letters. */
  stopWeight: number;
  /** Numbers (0–100, 1900–2100, single digits). */
  numberWeight: number;
  /** Shared row for Han characters unknown to both dictionaries. */
  rareHanWeight: number;
  /** [UNK] and [CLS]: tiny but non-zero, so no input can pool to a zero vector (NaN). */
  tinyWeight: number;
}

export const DEFAULT_PARAMS: Readonly<BuildParams> = Object.freeze({
  dim: 512,
  seed: "builtin-zh-lex/1",
  maxWordLen: 4,
  dtype: "int8",

  bracket: 0.3,
  senseDecay: 0.25,
  properNameScale: 0.5,
  refScale: 0.7,
  stemIdfPower: 1,

  wIdentity: 0.7,
  wChars: 0.6,
  wGloss: 1,
  charGloss: 0.6,

  stemToChars: 0.8,
  stemToWords: 0.5,
  smoothIdf: true,
  centerSmoothing: true,

  idfRef: 12,
  idfPower: 1,
  idfMissingWord: 10,
  minWeight: 0.05,
  maxWeight: 1.2,
  questionWordScale: 0.1,
  englishScale: 1,
  stopWeight: 0.02,
  numberWeight: 0.3,
  rareHanWeight: 0.2,
  tinyWeight: 0.001,
});

/** Chinese question words: frequent in queries, absent from the answer text. */
export const QUESTION_WORDS: readonly string[] = [
  "什么", "多少", "哪些", "哪个", "哪里", "哪", "几", "几个", "怎么", "怎样", "怎么样", "如何",
  "为什么", "为何", "请问", "是否", "有没有", "是不是", "吗", "呢", "啥", "多大", "多高", "谁",
];
