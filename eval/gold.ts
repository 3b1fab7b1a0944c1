/**
 * Gold paragraphs, resolved at run time. Question writers name lines of a
 * report file (1-based lines of `text.split("\n")`); the engine cites paragraph
 * ids. A line's gold paragraphs are the paragraphs of that document whose span
 * overlaps the line's character range [lineStart, lineEnd) — a paragraph may
 * span several lines, and one line may hold two paragraphs (a heading and its
 * body). Pure: texts and paragraph spans in, ids out.
 */

export interface Span {
  id: string;
  docId: string;
  start: number;
  end: number;
}

export interface LineRef {
  doc: string;
  line: number;
}

/** Offset where each line of `text` starts (lines as in text.split("\n")). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** [lineStart, lineEnd) of 1-based `line` (the "\n" excluded), or null past the end. */
export function lineRange(starts: readonly number[], textLength: number, line: number): [number, number] | null {
  const start = starts[line - 1];
  if (start === undefined || line < 1) return null;
  const next = starts[line];
  return [start, next === undefined ? textLength : next - 1];
}

/** Ids of the paragraphs (of one document) overlapping [start, end), in document order. */
export function overlapping(paragraphs: readonly Span[], start: number, end: number): string[] {
  return paragraphs
    .filter((p) => p.end > p.start && p.start < end && p.end > start)
    .sort((a, b) => a.start - b.start)
    .map((p) => p.id);
}

/** The gold paragraph ids of `line` in `text`, given that document's paragraphs. */
export function paragraphsAtLine(text: string, paragraphs: readonly Span[], line: number): string[] {
  const range = lineRange(lineStarts(text), text.length, line);
  return range ? overlapping(paragraphs, range[0], range[1]) : [];
}

export interface ResolvedGold {
  ids: string[];
  /** Gold lines that resolved to no paragraph: report not served, line past the end, or a line with no paragraph. */
  unresolved: LineRef[];
}

export type GoldResolver = (goldLines: readonly LineRef[]) => ResolvedGold;

/** A resolver over a corpus (documents with their text, paragraphs with their spans); line tables are built once per document. */
export function goldResolver(corpus: { documents: readonly { id: string; text: string }[]; paragraphs: readonly Span[] }): GoldResolver {
  const docs = new Map(corpus.documents.map((d) => [d.id, { text: d.text, starts: null as number[] | null, paragraphs: [] as Span[] }]));
  for (const p of corpus.paragraphs) docs.get(p.docId)?.paragraphs.push(p);
  return (goldLines) => {
    const ids: string[] = [];
    const unresolved: LineRef[] = [];
    for (const ref of goldLines) {
      const doc = docs.get(ref.doc);
      let found: string[] = [];
      if (doc) {
        doc.starts ??= lineStarts(doc.text);
        const range = lineRange(doc.starts, doc.text.length, ref.line);
        if (range) found = overlapping(doc.paragraphs, range[0], range[1]);
      }
      if (found.length === 0) unresolved.push(ref);
      for (const id of found) if (!ids.includes(id)) ids.push(id);
    }
    return { ids, unresolved };
  };
}
