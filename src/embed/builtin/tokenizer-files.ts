// Writes the HuggingFace-format JSON files transformers.js loads next to
// the ONNX model: tokenizer.json, tokenizer_config.json, config.json.
//
// Tokenizer pipeline (all parts supported by transformers.js 2.17.2):
//  normalizer    NFKC (full-width → half-width, compatibility ideographs →
//                unified) then Lowercase. No BertNormalizer: it would put
//                spaces around every Han character and kill segmentation.
//  pre_tokenizer BertPreTokenizer (split on whitespace and punctuation), then
//                a Split that (a) isolates any character the vocabulary
//                cannot contain (emoji, ℃ …), so one odd symbol becomes one
//                [UNK] instead of turning its whole Chinese run into [UNK],
//                and (b) cuts Han and a–z/0–9 runs into pieces of at most
//                MAX_RUN characters: WordPiece's greedy match is quadratic in
//                the piece length (a 930-character run took 0.7 s) and gives
//                [UNK] past max_input_chars_per_word. The report's longest
//                Han run is 34 characters, so real text is never cut.
//  model         WordPiece, greedy longest-match-first = forward maximum
//                matching over the dictionary words inside each run.
//                "##x" ids are "x" ids + rows; the graph takes id % rows.
//  post          TemplateProcessing adds a single [CLS] (tiny row) so even
//                an empty string pools to a finite vector instead of NaN.

import { CLS_ID, PAD_ID, SPECIAL_TOKENS, UNK_ID, type Vocab } from "./vocab.js";

/** Longest piece handed to WordPiece (see header). */
export const MAX_RUN = 64;
const HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff";
/** Han run | a–z/0–9 run | one character the vocabulary cannot hold. */
const PIECE_PATTERN = `[${HAN}]{1,${MAX_RUN}}|[a-z0-9]{1,${MAX_RUN}}|[^a-z0-9${HAN}]`;

export function tokenizerJson(vocab: Vocab): Record<string, unknown> {
  const rows = vocab.rowKeys.length;
  const ids: Record<string, number> = {};
  SPECIAL_TOKENS.forEach((t, i) => (ids[t] = i));
  for (const [tok, row] of vocab.tokens) ids[tok] = row;
  for (const [tok, row] of vocab.tokens) ids[`##${tok}`] = row + rows;
  const added = SPECIAL_TOKENS.map((content, id) => ({
    id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
  }));
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: { type: "Sequence", normalizers: [{ type: "NFKC" }, { type: "Lowercase" }] },
    pre_tokenizer: {
      type: "Sequence",
      pretokenizers: [
        { type: "BertPreTokenizer" },
        { type: "Split", pattern: { Regex: PIECE_PATTERN }, behavior: "Isolated", invert: false },
      ],
    },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { Sequence: { id: "B", type_id: 0 } },
      ],
      special_tokens: { "[CLS]": { id: "[CLS]", ids: [CLS_ID], tokens: ["[CLS]"] } },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: MAX_RUN,
      vocab: ids,
    },
  };
}

export function tokenizerConfigJson(): Record<string, unknown> {
  return {
    // "PreTrainedTokenizerFast" loads tokenizer.json in both transformers
    // (Python) and transformers.js, and (unlike BertTokenizer) does not emit
    // token_type_ids, which this graph has no input for.
    tokenizer_class: "PreTrainedTokenizerFast",
    model_max_length: 8192,
    pad_token: SPECIAL_TOKENS[PAD_ID],
    unk_token: SPECIAL_TOKENS[UNK_ID],
    cls_token: SPECIAL_TOKENS[CLS_ID],
    do_lower_case: true,
    clean_up_tokenization_spaces: true,
  };
}

export function modelConfigJson(opts: { dim: number; rows: number; vocabSize: number; version: string }): Record<string, unknown> {
  return {
    // transformers.js maps model_type "bert" to an encoder-only model whose
    // forward pass feeds input_ids + attention_mask and returns last_hidden_state.
    model_type: "bert",
    architectures: ["BertModel"],
    hidden_size: opts.dim,
    vocab_size: opts.vocabSize,
    table_rows: opts.rows,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    max_position_embeddings: 8192,
    pad_token_id: PAD_ID,
    builtin_zh_lex_version: opts.version,
    transformers_version: "2.17.2",
  };
}
