// Runs the build pipeline in memory: sources → lexicon → vocab → table →
// file bytes. No disk writes here (see atomic-dir.ts), so measurement code
// can reuse the exact same steps.

import { createHash } from "node:crypto";
import { buildLexicon, type Lexicon } from "./lexicon.js";
import { encodeLookupModel } from "./onnx-graph.js";
import { type BuildParams, DEFAULT_PARAMS, MODEL_VERSION } from "./params.js";
import { loadCedict, loadJiebaIdf, type CedictEntry, type SourceInfo } from "./sources.js";
import { modelConfigJson, tokenizerConfigJson, tokenizerJson } from "./tokenizer-files.js";
import { buildTable } from "./vectors.js";
import { buildVocab, type Vocab } from "./vocab.js";

export const BUILTIN_MODEL_ID = "builtin-zh-lex";
export const BUILTIN_DIMS = DEFAULT_PARAMS.dim;

export interface LoadedSources {
  entries: CedictEntry[];
  jiebaIdf: Map<string, number>;
  infos: SourceInfo[];
}

export async function loadSources(): Promise<LoadedSources> {
  const [cedict, jieba] = await Promise.all([loadCedict(), loadJiebaIdf()]);
  return { entries: cedict.entries, jiebaIdf: jieba.idf, infos: [cedict.info, jieba.info] };
}

export interface BuiltModel {
  vocab: Vocab;
  lex: Lexicon;
  table: Float32Array;
  tokenizer: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
}

/** Everything except serialisation of the ONNX file. */
export function buildInMemory(src: LoadedSources, params: BuildParams = DEFAULT_PARAMS): BuiltModel {
  const lex = buildLexicon(src.entries, params);
  const vocab = buildVocab(lex, src.jiebaIdf, params.maxWordLen);
  const table = buildTable({ vocab, lex, jiebaIdf: src.jiebaIdf, params });
  return { vocab, lex, table, tokenizer: tokenizerJson(vocab), tokenizerConfig: tokenizerConfigJson() };
}

const json = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v, null, 1) + "\n");
const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** Relative path → bytes for every file of the model folder, manifest last. */
export function serialize(model: BuiltModel, src: LoadedSources, params: BuildParams = DEFAULT_PARAMS): Map<string, Uint8Array> {
  const rows = model.vocab.rowKeys.length;
  const vocabSize = rows * 2; // "x" and "##x" ids
  const files = new Map<string, Uint8Array>();
  files.set("config.json", json(modelConfigJson({ dim: params.dim, rows, vocabSize, version: MODEL_VERSION })));
  // tokenizer.json is large (≈400k vocab entries): no indentation.
  files.set("tokenizer.json", new TextEncoder().encode(JSON.stringify(model.tokenizer)));
  files.set("tokenizer_config.json", json(model.tokenizerConfig));
  files.set(
    "onnx/model.onnx",
    encodeLookupModel({
      table: model.table, rows, dim: params.dim, dtype: params.dtype,
      producerVersion: MODEL_VERSION,
      docString: `${BUILTIN_MODEL_ID} ${MODEL_VERSION}: lexical embedding table built from CC-CEDICT + jieba idf (see builtin-model.json)`,
    }),
  );
  const fileHashes = Object.fromEntries([...files.entries()].map(([name, bytes]) => [name, { bytes: bytes.length, sha256: sha256(bytes) }]));
  const contentHash = sha256(new TextEncoder().encode(JSON.stringify(fileHashes)));
  files.set(
    "builtin-model.json",
    json({
      id: BUILTIN_MODEL_ID,
      version: MODEL_VERSION,
      dims: params.dim,
      tableRows: rows,
      vocabSize,
      tokens: model.vocab.tokens.length,
      dtype: params.dtype,
      sources: src.infos,
      params,
      files: fileHashes,
      contentHash,
    }),
  );
  return files;
}
