/**
 * BM25 over chunks with MiniSearch, fed by the jieba tokenizer. LangChain's
 * BM25Retriever scores Chinese as NaN (it splits on spaces), hence this.
 */
import MiniSearch from "minisearch";
import type { Chunk } from "../types.js";
import { stripQuestionWords, tokenize } from "./tokenize.js";

export interface Bm25Params {
  k1: number;
  b: number;
}

interface Doc {
  id: number;
  text: string;
}

function options(params: Bm25Params) {
  return {
    fields: ["text"],
    tokenize: (text: string) => tokenize(text), // MiniSearch passes a field name second; keep search mode
    // tokenize() already normalises; MiniSearch must not lower-case or split again.
    processTerm: (term: string) => term,
    searchOptions: { bm25: { k: params.k1, b: params.b, d: 0.5 } },
  };
}

export interface Bm25Hit {
  /** Position of the chunk in the index's chunk list. */
  index: number;
  score: number;
}

export class Bm25Index {
  private constructor(private readonly engine: MiniSearch<Doc>) {}

  /** `searchText` lets callers index more than the chunk's own words (e.g. its section title). */
  static build(chunks: Chunk[], params: Bm25Params, searchText: (c: Chunk) => string): Bm25Index {
    const engine = new MiniSearch<Doc>(options(params));
    engine.addAll(chunks.map((c, i) => ({ id: i, text: searchText(c) })));
    return new Bm25Index(engine);
  }

  static fromJSON(json: string, params: Bm25Params): Bm25Index {
    return new Bm25Index(MiniSearch.loadJSON<Doc>(json, options(params)));
  }

  toJSON(): string {
    return JSON.stringify(this.engine);
  }

  /** `extraTerms`: words the question stands for (看病 → 医疗, income → 收入), searched too. */
  search(query: string, limit: number, extraTerms: string[] = []): Bm25Hit[] {
    const terms = [...tokenize(stripQuestionWords(query)), ...extraTerms.flatMap((t) => tokenize(t))];
    if (terms.length === 0) return [];
    return this.engine
      .search({ queries: terms, combineWith: "OR" } as never)
      .slice(0, limit)
      .map((r) => ({ index: r.id as number, score: r.score }));
  }
}
