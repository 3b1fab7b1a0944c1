/**
 * Splits paragraphs into retrievable chunks: windows of whole sentences, at most
 * `maxChars` long (a single longer sentence is its own chunk), overlapping by one
 * sentence so a fact that straddles two sentences is found whole in one chunk.
 */
import type { Chunk, Paragraph } from "../types.js";
import { sentenceSpans } from "./sentences.js";

/** Paragraph kinds worth retrieving; structural headings are reached through their paragraphs. */
const RETRIEVABLE = new Set<Paragraph["kind"]>(["title", "body", "note", "honour", "part-heading", "section-heading", "trailer"]);

export function chunkParagraphs(paragraphs: Paragraph[], maxChars: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (const p of paragraphs) {
    if (!RETRIEVABLE.has(p.kind)) continue;
    const windows = windowsOf(sentenceSpans(p.text, p.start), maxChars);
    windows.forEach((w, i) => {
      const text = p.text.slice(w.start - p.start, w.end - p.start);
      chunks.push({
        id: `${p.id}/c${i + 1}`,
        paragraphId: p.id,
        docId: p.docId,
        text,
        start: w.start,
        end: w.end,
        scope: p.scope,
        sectionPath: p.sectionPath,
        noteIds: p.noteIds,
      });
    });
  }
  return chunks;
}

function windowsOf(sentences: { start: number; end: number }[], maxChars: number) {
  if (sentences.length === 0) return [];
  const total = sentences[sentences.length - 1]!.end - sentences[0]!.start;
  if (total <= maxChars) return [{ start: sentences[0]!.start, end: sentences[sentences.length - 1]!.end }];
  const windows: { start: number; end: number }[] = [];
  let i = 0;
  while (i < sentences.length) {
    let j = i;
    while (j + 1 < sentences.length && sentences[j + 1]!.end - sentences[i]!.start <= maxChars) j++;
    windows.push({ start: sentences[i]!.start, end: sentences[j]!.end });
    if (j === sentences.length - 1) break;
    // Overlap by one sentence, but always move forward.
    i = j > i ? j : j + 1;
  }
  return windows;
}
