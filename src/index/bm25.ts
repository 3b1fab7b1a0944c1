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

/** Distinct terms a BM25 query reads at most (a real question has a dozen). */
const MAX_QUERY_TERMS = 64;

export interface Bm25Hit {
  /** Position of the chunk in the index's chunk list. */
  index: number;
  score: number;
}

/**
 * One BM25 index per report: a term's rarity is counted within its report, so a
 * report ranks its passages the same whatever other reports are loaded, and a
 * search over some reports reads only theirs. (Per report is also the unit an
 * index is rebuilt in when one report changes.)
 */
export class Bm25Index {
  private constructor(private readonly engines: Map<string, MiniSearch<Doc>>) {}

  /** `searchText` lets callers index more than the chunk's own words (e.g. its section title). */
  static build(chunks: Chunk[], params: Bm25Params, searchText: (c: Chunk) => string): Bm25Index {
    const engines = new Map<string, MiniSearch<Doc>>();
    chunks.forEach((c, i) => {
      let engine = engines.get(c.docId);
      if (!engine) engines.set(c.docId, (engine = new MiniSearch<Doc>(options(params))));
      engine.add({ id: i, text: searchText(c) });
    });
    return new Bm25Index(engines);
  }

  static fromJSON(json: string, params: Bm25Params): Bm25Index {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    return new Bm25Index(new Map(Object.entries(parsed).map(([docId, index]) => [docId, MiniSearch.loadJS<Doc>(index as never, options(params))])));
  }

  toJSON(): string {
    return JSON.stringify(Object.fromEntries(this.engines));
  }

  /** `extraTerms`: words the question stands for (看病 → 医疗, income → 收入), searched too. `docIds`: only these reports. */
  search(query: string, limit: number, extraTerms: string[] = [], docIds?: ReadonlySet<string>): Bm25Hit[] {
    // Each distinct term once, and at most MAX_QUERY_TERMS of them (question order, then the words
    // it stands for): a question of 500 distinct characters must not search 500 terms in every report.
    const terms = [...new Set([...tokenize(stripQuestionWords(query)), ...extraTerms.flatMap((t) => tokenize(t))])].slice(0, MAX_QUERY_TERMS);
    if (terms.length === 0) return [];
    const hits: Bm25Hit[] = [];
    for (const [docId, engine] of this.engines) {
      if (docIds && !docIds.has(docId)) continue;
      for (const r of engine.search({ queries: terms, combineWith: "OR" } as never).slice(0, limit)) hits.push({ index: r.id as number, score: r.score });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}
