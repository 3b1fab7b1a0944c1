/**
 * Inverse document frequencies of terms over the indexed chunks, so a
 * question's rare words (粮食种植面积) weigh more than common ones (全区, 工作)
 * when judging whether a passage answers it. A term the report never uses gets
 * the highest weight: missing it is the strongest sign the report does not say.
 */
import type { Chunk } from "../types.js";
import { tokenize } from "./tokenize.js";

export class TermStats {
  private readonly df = new Map<string, number>();
  private readonly n: number;
  readonly subjectWords: Set<string>;

  /** `subject`: texts naming what the whole report is about (its title). */
  constructor(chunks: Chunk[], text: (c: Chunk) => string, subject: string[] = []) {
    this.n = chunks.length;
    this.subjectWords = new Set(subject.flatMap((s) => tokenize(s)).filter((t) => !/报告|工作|政府|人民/.test(t)));
    for (const chunk of chunks) for (const term of new Set(tokenize(text(chunk)))) this.df.set(term, (this.df.get(term) ?? 0) + 1);
  }

  idf(term: string): number {
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }
}
