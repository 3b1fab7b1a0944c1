/**
 * Inverse document frequencies of terms over the indexed chunks, so a
 * question's rare words (粮食种植面积) weigh more than common ones (全区, 工作)
 * when judging whether a passage answers it. A term the report never uses gets
 * the highest weight: missing it is the strongest sign the report does not say.
 *
 * Kept per report too: whether a passage of one report answers is judged by
 * what is rare in that report, so a report answers the same whatever other
 * reports are loaded beside it.
 */
import type { TermCounts } from "./backend.js";
import { tokenize } from "./tokenize.js";

interface Counts {
  n: number;
  df: Map<string, number>;
}

const idfOf = (c: Counts, term: string) => {
  const df = c.df.get(term) ?? 0;
  return Math.log(1 + (c.n - df + 0.5) / (df + 0.5));
};

export class TermStats {
  private readonly all: Counts = { n: 0, df: new Map() };
  private readonly byDoc = new Map<string, Counts>();
  readonly subjectWords: Set<string>;

  /**
   * `counts`: per report, its chunk count and each term's document frequency,
   * as the index stores them (counted once at indexing, not at every start).
   * `subject`: words naming what the reports are about (their places, 全区, 全省).
   */
  constructor(counts: TermCounts, subject: string[] = []) {
    this.subjectWords = new Set(subject.filter(Boolean).flatMap((s) => tokenize(s)).filter((t) => !/报告|工作|政府|人民/.test(t)));
    for (const [docId, { chunks, df }] of counts) {
      this.byDoc.set(docId, { n: chunks, df });
      this.all.n += chunks;
      for (const [term, n] of df) this.all.df.set(term, (this.all.df.get(term) ?? 0) + n);
    }
  }

  /** Every term of the reports with the number of chunks using it. */
  get documentFrequencies(): ReadonlyMap<string, number> {
    return this.all.df;
  }

  idf(term: string): number {
    return idfOf(this.all, term);
  }

  /** The same weights, counted within one report; `has`: whether the report uses the term. */
  forDoc(docId: string): { idf(term: string): number; has(term: string): boolean; subjectWords: Set<string> } {
    const doc = this.byDoc.get(docId) ?? this.all;
    return { idf: (term) => idfOf(doc, term), has: (term) => doc.df.has(term), subjectWords: this.subjectWords };
  }

  /** Whether any of these reports uses the term. */
  usedIn(docIds: Iterable<string>, term: string): boolean {
    for (const id of docIds) if (this.byDoc.get(id)?.df.has(term)) return true;
    return false;
  }
}
