/**
 * Retrieval-only comparison on paragraph hits: BM25 alone, dense alone, our
 * hybrid, and optionally a vanilla LangChain RAG retriever, on the same questions.
 */
import type { Engine } from "../src/engine.js";
import type { RetrievalMode } from "../src/retrieve/hybrid.js";

export interface RetrievalScore {
  hit1: number;
  hit3: number;
  hit5: number;
  mrr: number;
  n: number;
}
export type RetrievalComparison = Record<string, RetrievalScore>;

/** A question with gold lines and the gold paragraph ids they resolved to (possibly none). */
export interface GoldQuestion {
  question: string;
  gold: string[];
}

/**
 * Ranked results for a question; each rank holds the paragraph ids that result
 * covers (one for ours, several for a 1000-character LangChain chunk).
 */
export type Retrieve = (question: string) => Promise<string[][]>;

export function scoreRankings(golds: string[][], rankings: string[][][]): RetrievalScore {
  let h1 = 0, h3 = 0, h5 = 0, rr = 0;
  golds.forEach((goldIds, i) => {
    const gold = new Set(goldIds);
    const rank = rankings[i]!.findIndex((ids) => ids.some((id) => gold.has(id))) + 1;
    if (rank === 1) h1++;
    if (rank >= 1 && rank <= 3) h3++;
    if (rank >= 1 && rank <= 5) h5++;
    if (rank >= 1) rr += 1 / rank;
  });
  const n = golds.length || 1;
  return { hit1: h1 / n, hit3: h3 / n, hit5: h5 / n, mrr: rr / n, n: golds.length };
}

/** Each retriever on the same questions (those with gold lines; unresolved gold counts as a miss). */
export async function retrievalScores(engine: Engine, questions: GoldQuestion[], modes: RetrievalMode[], vanilla: Retrieve | null): Promise<RetrievalComparison> {
  const golds = questions.map((q) => q.gold);
  const out: RetrievalComparison = {};
  for (const mode of modes) {
    const rankings: string[][][] = [];
    for (const q of questions) rankings.push((await engine.retriever.retrieve(q.question, mode)).paragraphs.map((p) => [p.paragraph.id]));
    out[mode] = scoreRankings(golds, rankings);
  }
  if (vanilla) {
    const vr: string[][][] = [];
    for (const q of questions) vr.push(await vanilla(q.question));
    out["langchain-vanilla"] = scoreRankings(golds, vr);
  }
  return out;
}
