/**
 * Extractive answering: from the retrieved paragraphs, pick the clause(s) that
 * cover the question's content terms, greedily, so a two-part question gets one
 * clause per part. A figure clause keeps its change clause (…228.49亿元,下降10.2%)
 * and a change clause keeps the metric before it, so value, unit, direction
 * and period are always quoted together. Pure functions.
 */
import { clauseSpans, sentenceSpans, type Span } from "../corpus/sentences.js";
import { normalize } from "../index/tokenize.js";
import type { Paragraph } from "../types.js";
import type { QuestionAnalysis, QuestionTerm } from "./question.js";
import { NO_DEADLINE, type Deadline } from "../deadline.js";
import { CHANGE_ONLY } from "../lexicon.js";

export interface Candidate {
  paragraph: Paragraph;
  /** Retrieval rank among the candidates, 0-based. */
  rank: number;
  score: number;
}

export interface Pick {
  paragraph: Paragraph;
  /** File offsets of the quoted span. */
  span: Span;
  /** Question terms this pick covers. */
  covered: Set<string>;
  score: number;
  /** Share of the question weight this pick added when chosen. */
  gain: number;
}

const HAS_FIGURE = /\d/;

export function termCovered(term: QuestionTerm, text: string): boolean {
  return text.includes(term.term) || term.alts.some((a) => text.includes(a));
}

/** Share (0–1) of the question's term weight that `text` covers. */
export function coverage(q: QuestionAnalysis, text: string): number {
  const total = q.terms.reduce((s, t) => s + t.weight, 0);
  if (total === 0) return 0;
  const normal = normalize(text);
  return q.terms.filter((t) => termCovered(t, normal)).reduce((s, t) => s + t.weight, 0) / total;
}

/** Text that counts as context for a paragraph's clauses: its section heading. */
function contextOf(p: Paragraph): string {
  return normalize(p.sectionPath[p.sectionPath.length - 1] ?? "");
}

interface ClauseCandidate {
  paragraph: Paragraph;
  rank: number;
  span: Span;
  text: string;
  terms: Set<string>;
}

function clausesOf(c: Candidate, q: QuestionAnalysis): ClauseCandidate[] {
  const p = c.paragraph;
  const spans = clauseSpans(p.text, p.start);
  const context = contextOf(p);
  return spans.map((span, i) => {
    let s = span;
    const raw = p.text.slice(s.start - p.start, s.end - p.start);
    // A bare change clause (下降5.6%) is read with the metric clause before it.
    if (CHANGE_ONLY.test(raw) && i > 0) s = { start: spans[i - 1]!.start, end: s.end };
    // A metric clause carries the change clauses that follow it.
    let j = i + 1;
    while (j < spans.length && CHANGE_ONLY.test(p.text.slice(spans[j]!.start - p.start, spans[j]!.end - p.start))) {
      s = { start: s.start, end: spans[j]!.end };
      j++;
    }
    const text = normalize(p.text.slice(s.start - p.start, s.end - p.start));
    const terms = new Set(q.terms.filter((t) => termCovered(t, text)).map((t) => t.term));
    // Section headings give topic words (教育, 乡村振兴) that the clause itself omits.
    for (const t of q.terms) if (!terms.has(t.term) && termCovered(t, context)) terms.add(`ctx:${t.term}`);
    return { paragraph: p, rank: c.rank, span: s, text, terms };
  });
}

export interface SelectOptions {
  maxPicks: number;
  /** Minimum share of the question weight a further pick must add. */
  minGain: number;
  /** Clauses scored at most (the best-ranked paragraphs' first): bounds the work per question part. */
  maxClauses?: number;
  deadline?: Deadline;
}

export function selectClauses(q: QuestionAnalysis, candidates: Candidate[], options: SelectOptions): Pick[] {
  const weight = new Map(q.terms.map((t) => [t.term, t.weight]));
  const total = q.terms.reduce((s, t) => s + t.weight, 0) || 1;
  const clauses = candidates.flatMap((c) => clausesOf(c, q)).slice(0, options.maxClauses ?? Infinity);
  const deadline = options.deadline ?? NO_DEADLINE;
  const uncovered = new Set(q.terms.map((t) => t.term));
  const picks: Pick[] = [];

  while (picks.length < options.maxPicks) {
    deadline.check("choosing clauses");
    let best: { clause: ClauseCandidate; gain: number; value: number } | null = null;
    for (const clause of clauses) {
      let gain = 0;
      for (const t of clause.terms) {
        const term = t.startsWith("ctx:") ? t.slice(4) : t;
        // Context words count for less than words in the clause itself.
        if (uncovered.has(term)) gain += (weight.get(term) ?? 0) * (t.startsWith("ctx:") ? 0.3 : 1);
      }
      let value = gain / total;
      if (q.intent === "quantity" && HAS_FIGURE.test(clause.text)) value += 0.15;
      value += 0.08 / (clause.rank + 1); // retrieval order breaks ties
      if (!best || value > best.value) best = { clause, gain: gain / total, value };
    }
    // A further pick must answer another part of the question, not add a stray word:
    // its gain must be a real share of the question and of what the first pick covered.
    const first = picks[0]?.gain ?? 0;
    if (!best || best.gain === 0 || (picks.length > 0 && (best.gain < options.minGain || best.gain < 0.4 * first))) break;
    const covered = new Set([...best.clause.terms].filter((t) => !t.startsWith("ctx:")));
    for (const t of covered) uncovered.delete(t);
    picks.push({ paragraph: best.clause.paragraph, span: best.clause.span, covered, score: best.value, gain: best.gain });
    if (uncovered.size === 0) break;
  }
  return mergePicks(picks);
}

/** Picks in the same sentence become one quote; a quote never runs across paragraphs. */
function mergePicks(picks: Pick[]): Pick[] {
  const merged: Pick[] = [];
  for (const pick of picks) {
    const p = pick.paragraph;
    const sentence = sentenceSpans(p.text, p.start).find((s) => s.start <= pick.span.start && pick.span.start < s.end);
    const same = merged.find(
      (m) => m.paragraph.id === p.id && sentence && m.span.start >= sentence.start && m.span.end <= sentence.end,
    );
    if (same) {
      same.span = { start: Math.min(same.span.start, pick.span.start), end: Math.max(same.span.end, pick.span.end) };
      for (const t of pick.covered) same.covered.add(t);
    } else merged.push({ ...pick, covered: new Set(pick.covered) });
  }
  return merged;
}

/** Widens a clause to its sentence when the sentence is short enough to read at a glance. */
export function widenToSentence(pick: Pick, maxChars: number): Span {
  const p = pick.paragraph;
  const sentence = sentenceSpans(p.text, p.start).find((s) => s.start <= pick.span.start && pick.span.end <= s.end);
  if (sentence && sentence.end - sentence.start <= maxChars) return sentence;
  return pick.span;
}

/** Drops trailing punctuation from a quote span so answers read cleanly. */
export function trimSpan(p: Paragraph, span: Span): Span {
  let { start, end } = span;
  while (end > start && /[,，;；。:：、\s]/.test(p.text[end - 1 - p.start]!)) end--;
  while (start < end && /[,，;；:：、\s]/.test(p.text[start - p.start]!)) start++;
  return { start, end };
}

/**
 * For a list question (哪些, 哪几, which), every other passage that covers what the
 * first pick covered is part of the answer too: all honours of one office, not the first.
 */
export function listPicks(q: QuestionAnalysis, picks: Pick[], candidates: Candidate[], max: number, maxClauses = Infinity): Pick[] {
  const first = picks[0];
  if (!first || !/哪些|哪几|都有|有几|which|what are/.test(q.normal) || first.covered.size === 0) return picks;
  const out = [...picks];
  for (const clause of candidates.flatMap((c) => clausesOf(c, q)).slice(0, maxClauses)) {
    if (out.length >= max) break;
    if (out.some((p) => p.paragraph.id === clause.paragraph.id)) continue;
    if ([...first.covered].every((t) => clause.terms.has(t))) {
      out.push({ paragraph: clause.paragraph, span: clause.span, covered: new Set(first.covered), score: first.score, gain: 0 });
    }
  }
  return out;
}
