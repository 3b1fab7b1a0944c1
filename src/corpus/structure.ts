/**
 * Reads the structure of a government work report from its verbatim text:
 * title block, parts (一、), sections ((一)), paragraphs, notes (附注) and the
 * honours list. Pure: text in, paragraphs out. Every line of the file becomes
 * exactly one paragraph whose offsets slice back to the identical text.
 */
import type { Paragraph, ParagraphKind, Scope } from "../types.js";

const PART_HEADING = /^[一二三四五六七八九十]+、/;
const SECTION_HEADING = /^[(（][一二三四五六七八九十]+[)）]/;
const SALUTATION = /^各位代表[:：!！]/;
const NOTES_HEADING = /^附\s*注[:：]?$/;
const NUMBERED = /^(\d+)[.．、]/;
const HONOURS_LEVEL = /^(国家级|省级|自治区级|[\u4e00-\u9fff]{1,6}市级|市级|区级)[:：]$/;
/** Note markers in the text: (1)…(99) right after a term. */
export const NOTE_MARKER = /[(（](\d{1,2})[)）]/g;

type Zone = "title" | "report" | "notes" | "honours" | "trailer";

const HONOURS_HEADING = /荣誉[:：]?$/;

/** The report reads top to bottom through these zones; a line can only move it forward. */
function nextZone(zone: Zone, t: string): Zone {
  if (zone === "title") return SALUTATION.test(t) ? "report" : zone;
  if (zone === "report") {
    if (NOTES_HEADING.test(t)) return "notes";
    if (HONOURS_HEADING.test(t) && t.length <= 40) return "honours";
    return zone;
  }
  if (zone === "notes" && !NUMBERED.test(t)) return HONOURS_HEADING.test(t) ? "honours" : "trailer";
  if (zone === "honours" && !NUMBERED.test(t) && !HONOURS_LEVEL.test(t)) return "trailer";
  return zone;
}

interface Line {
  text: string;
  start: number;
  end: number;
}

/** Splits into non-empty lines with offsets, trimming spaces and \r but never changing text. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let s = lineStart;
    let e = lineEnd;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) lines.push({ text: text.slice(s, e), start: s, end: e });
    lineStart = lineEnd + 1;
  }
  return lines;
}

/** Scope of a part from its heading: 2022年工作回顾 → result 2022; 2023年工作安排 → plan 2023. */
function partScope(heading: string, reportYear: number, previous: Scope): Scope {
  const year = Number(heading.match(/(\d{4})年/)?.[1] ?? NaN);
  if (/回顾|总结|成绩/.test(heading)) return { kind: "result", year: Number.isNaN(year) ? reportYear - 1 : year };
  if (/安排|计划|任务|目标/.test(heading)) return { kind: "plan", year: Number.isNaN(year) ? reportYear : year };
  if (!Number.isNaN(year)) return year < reportYear ? { kind: "result", year } : { kind: "plan", year };
  // A part without a year (e.g. 三、全面加强政府自身建设) after the plan speaks of the coming year.
  return previous.kind === "meta" ? { kind: "plan", year: reportYear } : previous;
}

/** The term a note defines: 7.三区三线:… → 三区三线; 1.“三大振兴一个更新”:… → 三大振兴一个更新. */
export function noteTerm(noteText: string): string {
  const body = noteText.replace(NUMBERED, "");
  const head = body.split(/[:：]/)[0] ?? body;
  return head.replace(/[“”"「」『』]/g, "").trim();
}

/** Strip quotes so 三区三线 matches “三区三线”. */
const unquote = (s: string) => s.replace(/[“”"「」『』]/g, "");

export function parseReport(docId: string, text: string, reportYear: number): Paragraph[] {
  const lines = splitLines(text);
  const byteOffset = makeByteOffset(text);
  const paragraphs: Paragraph[] = [];

  const hasSalutation = lines.some((l) => SALUTATION.test(l.text));
  let zone: Zone = hasSalutation ? "title" : "report";
  let part = 0;
  let section = 0;
  let partHeading: string | null = null;
  let sectionHeading: string | null = null;
  let scope: Scope = { kind: "meta" };
  const counters = new Map<string, number>();
  let honoursLevel = 0;
  let honoursHeading: string | null = null;
  let levelHeading: string | null = null;
  let titleCount = 0;
  let trailerCount = 0;

  const next = (key: string) => {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };

  for (const line of lines) {
    const t = line.text;
    let kind: ParagraphKind;
    let localId: string;
    let sectionPath: string[];
    let ordinal = 0;
    let paragraphScope: Scope = scope;
    let noteNumber: number | undefined;

    zone = nextZone(zone, t);

    if (zone === "title") {
      kind = "title";
      localId = `t${++titleCount}`;
      sectionPath = [];
      paragraphScope = { kind: "meta" };
    } else if (zone === "report") {
      if (PART_HEADING.test(t)) {
        part++;
        section = 0;
        partHeading = t;
        sectionHeading = null;
        scope = partScope(t, reportYear, scope);
        paragraphScope = scope;
        kind = "part-heading";
        localId = `h${part}`;
        sectionPath = [t];
      } else if (SECTION_HEADING.test(t) && part > 0) {
        section++;
        sectionHeading = t;
        kind = "section-heading";
        localId = `h${part}-${section}`;
        sectionPath = [partHeading!, t];
      } else {
        // A salutation closes the current section: what follows speaks for the whole part.
        if (SALUTATION.test(t)) sectionHeading = null;
        const sec = sectionHeading ? section : 0;
        kind = "body";
        ordinal = next(`p${part}-${sec}`);
        localId = `p${part}-${sec}-${ordinal}`;
        sectionPath = [partHeading, sectionHeading].filter((h): h is string => h !== null);
        if (part === 0) paragraphScope = { kind: "meta" };
      }
    } else if (zone === "notes") {
      sectionPath = [];
      paragraphScope = { kind: "definition" };
      const m = t.match(NUMBERED);
      if (m) {
        kind = "note";
        noteNumber = Number(m[1]);
        ordinal = noteNumber;
        localId = `n${noteNumber}`;
        sectionPath = [lines.find((l) => NOTES_HEADING.test(l.text))!.text];
      } else {
        kind = "notes-heading";
        localId = "notes";
        sectionPath = [t];
      }
    } else if (zone === "honours") {
      if (HONOURS_LEVEL.test(t)) {
        honoursLevel++;
        levelHeading = t;
        kind = "honours-level";
        localId = `honour-${honoursLevel}`;
        sectionPath = [honoursHeading ?? "", t];
      } else if (NUMBERED.test(t) && honoursHeading) {
        kind = "honour";
        ordinal = Number(t.match(NUMBERED)![1]);
        localId = `honour-${honoursLevel}-${ordinal}`;
        sectionPath = [honoursHeading, levelHeading].filter((h): h is string => h !== null);
      } else {
        // The honours list records what was won in the reviewed year.
        const year = Number(t.match(/(\d{4})年/)?.[1] ?? reportYear - 1);
        honoursHeading = t;
        kind = "honours-heading";
        localId = "honours";
        sectionPath = [t];
        scope = { kind: "result", year };
      }
      paragraphScope = scope;
    } else {
      kind = "trailer";
      localId = `end${++trailerCount}`;
      sectionPath = [];
      paragraphScope = { kind: "meta" };
    }

    paragraphs.push({
      id: `${docId}:${localId}`,
      docId,
      kind,
      text: t,
      start: line.start,
      end: line.end,
      byteStart: byteOffset(line.start),
      byteEnd: byteOffset(line.end),
      sectionPath,
      ordinal,
      scope: paragraphScope,
      ...(noteNumber !== undefined ? { noteNumber, term: noteTerm(t) } : {}),
      noteIds: [],
    });
  }

  linkNotes(paragraphs);
  return paragraphs;
}

/**
 * Links paragraphs to the notes that define the terms they use: by marker
 * ((7) after 三区三线) and by the term itself where the marker is not repeated.
 */
function linkNotes(paragraphs: Paragraph[]): void {
  const notes = paragraphs.filter((p) => p.kind === "note");
  const byNumber = new Map(notes.map((n) => [n.noteNumber!, n]));
  for (const p of paragraphs) {
    if (p.kind === "note" || p.kind === "notes-heading") continue;
    const ids = new Set<string>();
    if (p.kind === "body" || p.kind === "section-heading") {
      for (const m of p.text.matchAll(NOTE_MARKER)) {
        const note = byNumber.get(Number(m[1]));
        if (note) ids.add(note.id);
      }
    }
    const plain = unquote(p.text);
    for (const note of notes) if (note.term && note.term.length >= 2 && plain.includes(note.term)) ids.add(note.id);
    p.noteIds = [...ids];
  }
}

/** Maps a string index to a UTF-8 byte offset, in O(1) after one pass. */
function makeByteOffset(text: string): (index: number) => number {
  const offsets = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    offsets[i] = bytes;
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) bytes += 4, (offsets[++i] = bytes - 4);
    else if (code >= 0xdc00 && code <= 0xdfff) bytes += 0;
    else bytes += 3;
  }
  offsets[text.length] = bytes;
  return (index) => offsets[index]!;
}
