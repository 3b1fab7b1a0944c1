/**
 * A PDF → its paragraphs, one per line. pdfjs-dist (legacy build for Node, in
 * the main thread: no worker, no canvas) gives positioned text runs; this
 * module rebuilds lines from their y position, orders them by x, and joins
 * wrapped lines back into paragraphs:
 *
 * - a line continues the previous one, unless the previous one ended clearly
 *   short of the right margin (< 85% of the document's typical line width),
 *   or this one is indented (Chinese paragraphs start two characters in), or
 *   the font size changes, or the vertical gap is wider than between lines
 *   (> 1.35×), or it is a heading/list line ("一、", "(三)", "1.", "第二章")
 *   after a line ending a sentence;
 * - no space is put between East Asian characters (a space between two Latin
 *   words split over two lines is put back);
 * - page headers/footers repeated on most pages and bare page numbers at the
 *   top or bottom of a page are dropped;
 * - code points that a font maps to a CJK radical instead of the ideograph it
 *   shows (⼈ U+2F08 for 人, ⺠ U+2EA0 for 民: what Chrome writes with Noto CJK,
 *   about one character in ten of a report) are mapped back, and a
 *   ligated ⸺ back to ——.
 *
 * Limits: one column of horizontal text (two columns side by side interleave
 * line by line; rotated text such as watermarks is skipped); a paragraph whose
 * last line is full width followed by an unindented paragraph with no extra
 * spacing, or one that ends a page, is joined to it; a table row becomes one line, its cells separated
 * by a space where the gap between them is wide.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { ExtractError, type Extracted } from "./index.js";
import { decodeTextBytes, isWide, magicHint, sniffMagic } from "./txt.js";

type Pdfjs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let pdfjsLoading: Promise<Pdfjs> | null = null;

/** Loads pdfjs with its worker code in this thread (what pdfjs does in Node anyway, made explicit). */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjsLoading ??= (async () => {
    const g = globalThis as { pdfjsWorker?: unknown };
    if (!g.pdfjsWorker) {
      const workerModule = "pdfjs-dist/legacy/build/pdf.worker.mjs";
      g.pdfjsWorker = await import(workerModule);
    }
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })();
  return pdfjsLoading;
}

/** pdfjs' bundled data: the CMaps that Chinese PDFs with non-embedded fonts (UniGB-UCS2-H…) need, and the standard fonts. */
function pdfjsDataDirs(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  return {
    cMapUrl: path.join(root, "cmaps") + path.sep,
    standardFontDataUrl: path.join(root, "standard_fonts") + path.sep,
  };
}

// ---------------------------------------------------------------- glyph fixes

/**
 * CJK Radicals Supplement code points → the unified ideograph (Unicode's
 * EquivalentUnifiedIdeograph.txt), for the simplified-Chinese forms that
 * fonts share with ordinary characters. Kangxi radicals (U+2F00–U+2FD5) are
 * done by NFKC.
 */
const RADICALS: Record<number, number> = {
  0x2e81: 0x5382, 0x2e85: 0x4ebb, 0x2e89: 0x5202, 0x2e8a: 0x535c, 0x2e8c: 0x5c0f, 0x2e90: 0x5c22, 0x2e92: 0x5df3,
  0x2e93: 0x5e7a, 0x2e95: 0x5f50, 0x2e96: 0x5fc4, 0x2e97: 0x5fc3, 0x2e98: 0x624c, 0x2e99: 0x6535, 0x2e9c: 0x65e5,
  0x2e9d: 0x6708, 0x2e9f: 0x6bcd, 0x2ea0: 0x6c11, 0x2ea1: 0x6c35, 0x2ea3: 0x706c, 0x2ea6: 0x4e2c, 0x2ea7: 0x725b,
  0x2ea8: 0x72ad, 0x2ea9: 0x738b, 0x2eac: 0x793a, 0x2ead: 0x793b, 0x2eb0: 0x7e9f, 0x2eb6: 0x7f8a, 0x2eb9: 0x8002,
  0x2eba: 0x8080, 0x2ebe: 0x8279, 0x2ec1: 0x864e, 0x2ec2: 0x8864, 0x2ec3: 0x8980, 0x2ec4: 0x897f, 0x2ec5: 0x89c1,
  0x2ec6: 0x89d2, 0x2ec8: 0x8ba0, 0x2ec9: 0x8d1d, 0x2ecb: 0x8f66, 0x2ecc: 0x8fb6, 0x2ecf: 0x961d, 0x2ed0: 0x9485,
  0x2ed1: 0x9577, 0x2ed3: 0x957f, 0x2ed4: 0x95e8, 0x2ed6: 0x961d, 0x2ed7: 0x96e8, 0x2ed8: 0x9752, 0x2ed9: 0x97e6,
  0x2eda: 0x9875, 0x2edb: 0x98ce, 0x2edc: 0x98de, 0x2edd: 0x98df, 0x2edf: 0x98e0, 0x2ee0: 0x9963, 0x2ee2: 0x9a6c,
  0x2ee3: 0x9aa8, 0x2ee4: 0x9b3c, 0x2ee5: 0x9c7c, 0x2ee6: 0x9e1f, 0x2ee7: 0x5364, 0x2ee8: 0x9ea6, 0x2ee9: 0x9ec4,
  0x2eea: 0x9efe, 0x2eeb: 0x6589, 0x2eec: 0x9f50, 0x2eed: 0x6b6f, 0x2eee: 0x9f7f, 0x2eef: 0x7adc, 0x2ef0: 0x9f99,
  0x2ef1: 0x9f9c, 0x2ef2: 0x4e80, 0x2ef3: 0x9f9f,
};

/**
 * Other code points that Noto CJK (the usual font of PDFs printed from a
 * browser on Linux) shares one glyph with, so the PDF's ToUnicode names the
 * wrong one: found by printing every GB2312 character through Chromium and
 * reading it back.
 */
const GLYPH_ALIASES: Record<string, string> = {
  "\u2e3a": "——", // a ligated two-em dash: Chinese text writes two U+2014
  "\u2e3b": "———",
  "\u2015": "\u2014", // ― → —: one glyph in Noto CJK; old GB2312 tables also map the Chinese dash to U+2015
  "\u2329": "\u3008", // canonical equivalents
  "\u232a": "\u3009",
  "\u3b35": "\u80f6", // 㬵 → 胶
  "\u301c": "\uff5e", // 〜 → ～ (GB2312 has only the fullwidth tilde)
  "\u2215": "\uff0f", // ∕ → ／
};

const GLYPH_FIX = /[\u2e80-\u2fdf\u2e3a\u2e3b\u2015\u2329\u232a\u3b35\u301c\u2215]/g;

/** Maps radical/alias code points to the characters they show; `count` gets the number changed. */
export function fixGlyphs(text: string, count: { n: number } = { n: 0 }): string {
  return text.replace(GLYPH_FIX, (ch) => {
    const code = ch.charCodeAt(0);
    let out: string | undefined;
    if (code === 0x2f3e) out = "\u6237"; // ⼾: NFKC gives the traditional 戶; simplified-Chinese fonts show 户
    else if (code >= 0x2f00 && code <= 0x2fd5) out = ch.normalize("NFKC");
    else if (RADICALS[code] !== undefined) out = String.fromCharCode(RADICALS[code]);
    else out = GLYPH_ALIASES[ch];
    if (out === undefined || out === ch) return ch;
    count.n++;
    return out;
  });
}

// ---------------------------------------------------------------- geometry

/** One text run, in PDF units (y up). */
export interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** One visual line. */
export interface Line {
  page: number;
  text: string;
  /** left edge of the first visible character */
  x0: number;
  /** right edge of the last run */
  x1: number;
  /** baseline */
  y: number;
  /** font size of its longest run */
  size: number;
}

/** Marks a wide gap (table cells, tab stops) that stays a space even between Chinese characters. */
const HARD_SPACE = "\u0001";

/** Collapses a line's whitespace: none between East Asian characters, one space elsewhere. */
export function collapseSpaces(text: string): string {
  return text
    .replace(/[\s\u0001]+/g, (run: string, offset: number, whole: string) => {
      if (run.includes(HARD_SPACE)) return " ";
      return isWide(whole[offset - 1]) && isWide(whole[offset + run.length]) ? "" : " ";
    })
    .trim();
}

const lastChar = (s: string): string | undefined => s.trimEnd().slice(-1) || undefined;

/** Groups a page's runs into lines (top to bottom) and joins each line's runs left to right. */
export function runsToLines(runs: Run[], page: number): Line[] {
  const sorted = runs.filter((r) => r.str !== "").sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: Run[][] = [];
  let anchor = Number.NaN;
  let anchorSize = 0;
  for (const run of sorted) {
    const last = groups[groups.length - 1];
    if (last && Math.abs(anchor - run.y) <= 0.45 * Math.max(anchorSize, run.size)) {
      last.push(run);
      if (run.str.trim()) anchorSize = Math.max(anchorSize, run.size);
    } else {
      groups.push([run]);
      anchor = run.y;
      anchorSize = run.size;
    }
  }
  const lines: Line[] = [];
  for (const group of groups) {
    group.sort((a, b) => a.x - b.x);
    const visible = group.filter((r) => r.str.trim() !== "");
    if (visible.length === 0) continue;
    const main = visible.reduce((a, b) => (b.width > a.width ? b : a));
    const size = main.size;
    let text = "";
    let end = Number.NEGATIVE_INFINITY; // right edge of the visible text so far
    for (const run of group) {
      if (!run.str.trim()) {
        if (text !== "") text += " ";
        continue;
      }
      if (text !== "") {
        const gap = run.x - end;
        if (gap >= 2 * size) text += HARD_SPACE;
        else if (gap > 0.25 * size && !/\s$/.test(text) && !/^\s/.test(run.str)) {
          if (!isWide(lastChar(text)) && !isWide(run.str.trimStart()[0])) text += " ";
        }
      }
      text += run.str;
      end = Math.max(end, run.x + run.width);
    }
    const first = visible[0];
    const lead = first.str.length - first.str.trimStart().length;
    const x0 = first.x + (lead > 0 ? (first.width * lead) / first.str.length : 0);
    const x1 = Math.max(...visible.map((r) => r.x + r.width));
    const clean = collapseSpaces(text);
    if (clean) lines.push({ page, text: clean, x0, x1, y: main.y, size });
  }
  return lines;
}

// ---------------------------------------------------------------- headers, footers, page numbers

const PAGE_NUMBER =
  /^(?:[-—–－_·•\s]*\d{1,4}[-—–－_·•\s]*|第\s*\d{1,4}\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*[/／]\s*\d{1,4}|(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$/i;

export function isPageNumber(text: string): boolean {
  return text.length <= 20 && PAGE_NUMBER.test(text.trim());
}

const furnitureKey = (text: string): string => text.replace(/\d+/g, "#").replace(/\s+/g, "");

/**
 * Drops, from each page's top and bottom two lines, bare page numbers and
 * lines repeated (digits aside) at the same end on at least half the pages
 * (and 3 pages or more).
 */
export function dropPageFurniture(pages: Line[][], notes: string[]): Line[][] {
  const ends = (lines: Line[]) => ({ top: lines.slice(0, 2), bottom: lines.slice(-2) });
  const counts = { top: new Map<string, number>(), bottom: new Map<string, number>() };
  for (const lines of pages) {
    const { top, bottom } = ends(lines);
    for (const key of new Set(top.map((l) => furnitureKey(l.text)))) counts.top.set(key, (counts.top.get(key) ?? 0) + 1);
    for (const key of new Set(bottom.map((l) => furnitureKey(l.text)))) counts.bottom.set(key, (counts.bottom.get(key) ?? 0) + 1);
  }
  const needed = Math.max(3, Math.ceil(pages.length / 2));
  const repeated = (where: "top" | "bottom", l: Line) => pages.length >= 3 && (counts[where].get(furnitureKey(l.text)) ?? 0) >= needed;
  const droppedRepeats = new Set<string>();
  let droppedNumbers = 0;
  const result = pages.map((lines) => {
    if (lines.length <= 1) return lines;
    const drop = new Set<Line>();
    const { top, bottom } = ends(lines);
    for (const [where, candidates] of [["top", top], ["bottom", bottom]] as const) {
      for (const l of candidates) {
        if (isPageNumber(l.text)) {
          drop.add(l);
          droppedNumbers++;
        } else if (repeated(where, l)) {
          drop.add(l);
          droppedRepeats.add(l.text);
        }
      }
    }
    return lines.filter((l) => !drop.has(l));
  });
  if (droppedNumbers) notes.push(`dropped ${droppedNumbers} page number${droppedNumbers === 1 ? "" : "s"}`);
  for (const text of droppedRepeats) notes.push(`dropped the page header/footer "${text}"`);
  return result;
}

// ---------------------------------------------------------------- paragraphs

const HEADING = /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]{1,3}[)）]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十百千\d]+[章节部分篇条]|[①-⑳]|[●◆■▪•]\s*)/;
const SENTENCE_END = /[。！？；：.!?;:）)”」』]$/;

const median = (values: number[]): number => {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const quantile = (values: number[], q: number): number => {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** Joins the lines of all pages (top to bottom, page after page) into paragraphs. */
export function linesToParagraphs(pages: Line[][]): string[] {
  const all = pages.flat();
  if (all.length === 0) return [];
  // The body font: the size that carries the most text.
  const weight = new Map<number, number>();
  for (const l of all) {
    const s = Math.round(l.size * 2) / 2;
    weight.set(s, (weight.get(s) ?? 0) + l.text.length);
  }
  const bodySize = [...weight].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  const isBody = (l: Line) => Math.abs(l.size - bodySize) <= 0.2 * bodySize;
  // A page's left margin is where its leftmost line starts, unless the pages
  // of the same parity (printed documents may mirror their margins) usually
  // start further left: a page of one-line items, all indented, has no line
  // at the margin.
  const own = pages.map((lines) => {
    const body = lines.filter(isBody);
    return body.length ? Math.min(...body.map((l) => l.x0)) : Number.NaN;
  });
  const parityLeft = [0, 1].map((parity) => {
    const same = own.filter((x, i) => i % 2 === parity && !Number.isNaN(x));
    return same.length ? median(same) : median(own.filter((x) => !Number.isNaN(x)));
  });
  const lefts = own.map((x, i) => {
    const usual = Number.isNaN(parityLeft[i % 2]) ? Math.min(...all.map((l) => l.x0)) : parityLeft[i % 2];
    return Number.isNaN(x) ? usual : Math.min(x, usual);
  });
  // Typical line width, measured from each page's own margin (mirrored margins move both edges).
  const width = quantile(
    pages.flatMap((lines, i) => lines.filter(isBody).map((l) => l.x1 - lefts[i])),
    0.9,
  );
  const lineGap = median(
    pages.flatMap((lines) =>
      lines.slice(1).flatMap((l, i) => {
        const prev = lines[i];
        const gap = prev.y - l.y;
        return isBody(l) && isBody(prev) && gap > 0 ? [gap] : [];
      }),
    ),
  );

  const paragraphs: string[] = [];
  let prev: Line | null = null;
  let prevLeft = 0;
  for (let pageIndex = 0; pageIndex < pages.length; pageIndex++) {
    const left = lefts[pageIndex];
    for (const line of pages[pageIndex]) {
      const unit = Math.min(line.size, bodySize);
      let starts = prev === null;
      if (prev !== null) {
        const indented = line.x0 - left > 0.9 * unit;
        const prevShort = prev.x1 - prevLeft < 0.85 * width;
        const sizeChange = Math.abs(line.size - prev.size) > 0.2 * Math.max(line.size, prev.size);
        const gapBreak = prev.page === line.page && Number.isFinite(lineGap) && prev.y - line.y > 1.35 * lineGap;
        const heading = HEADING.test(line.text) && SENTENCE_END.test(prev.text);
        starts = indented || prevShort || sizeChange || gapBreak || heading;
      }
      if (starts) {
        paragraphs.push(line.text);
      } else {
        const text = paragraphs[paragraphs.length - 1];
        const a = text.slice(-1);
        const b = line.text[0];
        // Two Latin words split over two lines lost their space; Chinese text never had one.
        const space = !isWide(a) && !isWide(b) && a !== "-" && /[\p{L}\p{N}\p{P}]/u.test(a) && /[\p{L}\p{N}]/u.test(b);
        paragraphs[paragraphs.length - 1] = text + (space ? " " : "") + line.text;
      }
      prev = line;
      prevLeft = left;
    }
  }
  return paragraphs;
}

// ---------------------------------------------------------------- extraction

function notAPdf(data: Buffer): ExtractError {
  const magic = sniffMagic(data);
  if (magic) return new ExtractError("UNREADABLE", `this is not a PDF file (${magicHint(magic)})`);
  const start = data.subarray(0, 2048).toString("latin1").toLowerCase();
  if (start.includes("<html") || start.includes("<!doctype html")) {
    return new ExtractError("UNREADABLE", "this is not a PDF file (it looks like a web page: rename it to .html)");
  }
  try {
    decodeTextBytes(data);
    return new ExtractError("UNREADABLE", "this is not a PDF file (it looks like plain text: rename it to .txt)");
  } catch {
    return new ExtractError("UNREADABLE", "this is not a PDF file (it does not start with %PDF-)");
  }
}

interface RawItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

export async function extractPdf(data: Buffer): Promise<Extracted> {
  if (!data.subarray(0, 1024).includes("%PDF-", 0, "latin1")) throw notAPdf(data);
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(data), // a copy: pdfjs takes ownership of what it is given
    ...pdfjsDataDirs(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    isOffscreenCanvasSupported: false,
    verbosity: 0,
  });
  const notes: string[] = [];
  const glyphs = { n: 0 };
  let rotated = 0;
  let duplicates = 0;
  const pages: Line[][] = [];
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (err) {
      const name = (err as { name?: string } | null)?.name;
      if (name === "PasswordException") throw new ExtractError("UNREADABLE", "the PDF is password-protected: remove the password and try again", { cause: err });
      const detail = err instanceof Error ? err.message : String(err);
      throw new ExtractError("UNREADABLE", `the PDF is damaged or not a PDF (${detail})`, { cause: err });
    }
    notes.push(`read ${doc.numPages} page${doc.numPages === 1 ? "" : "s"}`);
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      let last: Run | null = null;
      for (const item of content.items as RawItem[]) {
        if (typeof item.str !== "string" || item.str === "") continue;
        const [a, b, c, d, x, y] = item.transform;
        if (!(a > 0) || Math.abs(b) > 1e-3 * Math.abs(a) || Math.abs(c) > 1e-3 * Math.abs(d)) {
          if (item.str.trim()) rotated++;
          continue;
        }
        const size = Math.hypot(c, d) || item.height || 1;
        // Control characters are never text (broken font encodings produce them).
        const str = fixGlyphs(item.str.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ""), glyphs);
        if (str === "") continue;
        // "Fake bold" draws the same run twice, a hair apart.
        if (last && str.trim() && last.str === str && Math.abs(last.x - x) < 0.2 * size && Math.abs(last.y - y) < 0.2 * size) {
          duplicates++;
          continue;
        }
        const run: Run = { str, x, y, width: item.width, size };
        runs.push(run);
        if (str.trim()) last = run;
      }
      pages.push(runsToLines(runs, p));
      page.cleanup();
    }
  } finally {
    await task.destroy();
  }
  if (glyphs.n) notes.push(`mapped ${glyphs.n} radical or look-alike code point${glyphs.n === 1 ? "" : "s"} to the characters the font shows`);
  if (duplicates) notes.push(`dropped ${duplicates} duplicated text run${duplicates === 1 ? "" : "s"} (bold drawn twice)`);
  if (rotated) notes.push(`skipped ${rotated} rotated text run${rotated === 1 ? "" : "s"} (watermarks or margin notes)`);
  const paragraphs = linesToParagraphs(dropPageFurniture(pages, notes));
  return { text: paragraphs.join("\n"), format: "pdf", notes };
}
