/**
 * Sentence and clause spans inside a paragraph. Spans, not strings, so every
 * piece keeps its offsets into the corpus file.
 */

export interface Span {
  start: number;
  end: number;
}

const SENTENCE_END = /[。！？!?；;]/;
/** Clause breaks: sentence ends plus commas and colons. Not 、: it joins the items of one list. */
const CLAUSE_END = /[。！？!?；;，,:：]/;

function split(text: string, offset: number, isEnd: RegExp): Span[] {
  const spans: Span[] = [];
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isEnd.test(text[i]!)) continue;
    // Keep closing quotes and brackets with the sentence they close.
    let e = i + 1;
    while (e < text.length && /[”’」』)）]/.test(text[e]!)) e++;
    if (e > s) spans.push({ start: offset + s, end: offset + e });
    s = e;
    i = e - 1;
  }
  if (s < text.length) spans.push({ start: offset + s, end: offset + text.length });
  return spans;
}

/** Sentences of `text`, which starts at file offset `offset`. Punctuation stays with its sentence. */
export function sentenceSpans(text: string, offset = 0): Span[] {
  return split(text, offset, SENTENCE_END);
}

/** Clauses (comma-level pieces) of `text`. Commas inside numbers (1,000) do not split. */
export function clauseSpans(text: string, offset = 0): Span[] {
  const spans = split(text, offset, CLAUSE_END);
  // Re-join pieces split at a comma between digits.
  const merged: Span[] = [];
  for (const span of spans) {
    const prev = merged[merged.length - 1];
    const boundary = span.start - offset;
    if (prev && /\d/.test(text[boundary - 2] ?? "") && text[boundary - 1] === "," && /\d/.test(text[boundary] ?? "")) {
      prev.end = span.end;
    } else merged.push({ ...span });
  }
  return merged;
}
