/**
 * Retrieval-only comparison on paragraph hits: BM25 alone, dense alone, our
 * hybrid, and optionally a vanilla LangChain RAG retriever, on the same questions.
 */
import type { Engine } from "../src/engine.js";
import type { RetrievalMode } from "../src/retrieve/hybrid.js";
import type { EvalItem } from "./sets.js";

export interface RetrievalScore {
  hit1: number;
  hit3: number;
  hit5: number;
  mrr: number;
  n: number;
}
export type RetrievalComparison = Record<string, RetrievalScore>;

/**
 * Ranked results for a question; each rank holds the paragraph ids that result
 * covers (one for ours, several for a 1000-character LangChain chunk).
 */
export type Retrieve = (question: string) => Promise<string[][]>;

export function scoreRankings(items: EvalItem[], rankings: string[][][]): RetrievalScore {
  let h1 = 0, h3 = 0, h5 = 0, rr = 0;
  items.forEach((item, i) => {
    const gold = new Set(item.gold ?? []);
    const rank = rankings[i]!.findIndex((ids) => ids.some((id) => gold.has(id))) + 1;
    if (rank === 1) h1++;
    if (rank >= 1 && rank <= 3) h3++;
    if (rank >= 1 && rank <= 5) h5++;
    if (rank >= 1) rr += 1 / rank;
  });
  const n = items.length || 1;
  return { hit1: h1 / n, hit3: h3 / n, hit5: h5 / n, mrr: rr / n, n: items.length };
}

export async function retrievalScores(engine: Engine, items: EvalItem[], modes: RetrievalMode[], vanilla: Retrieve | null): Promise<RetrievalComparison> {
  const answerable = items.filter((i) => (i.gold ?? []).length > 0);
  const out: RetrievalComparison = {};
  for (const mode of modes) {
    const rankings: string[][][] = [];
    for (const item of answerable) rankings.push((await engine.retriever.retrieve(item.question, mode)).paragraphs.map((p) => [p.paragraph.id]));
    out[mode] = scoreRankings(answerable, rankings);
  }
  // The full answer path re-ranks with the question analysis (scope, notes).
  const rankings: string[][][] = [];
  for (const item of answerable) rankings.push((await engine.ask(item.question, { topK: 5 })).citations.map((c) => [c.id]));
  out["answer-path"] = scoreRankings(answerable, rankings);
  if (vanilla) {
    const vr: string[][][] = [];
    for (const item of answerable) vr.push(await vanilla(item.question));
    out["langchain-vanilla"] = scoreRankings(answerable, vr);
  }
  return out;
}
