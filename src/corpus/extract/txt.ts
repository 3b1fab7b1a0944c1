/**
 * Plain text: verbatim. UTF-8 (a leading BOM stripped), else GB18030 (common
 * for Chinese government files); CRLF line ends become LF. Nothing else is
 * touched, so a UTF-8 file comes back byte-identical apart from BOM/CRLF.
 * Also holds the byte sniffing shared by the other formats.
 */
import { ExtractError, type Extracted } from "./index.js";

/** A file kind recognised by its first bytes. */
export interface Magic {
  kind: "png" | "jpeg" | "gif" | "webp" | "bmp" | "tiff" | "pdf" | "docx" | "zip" | "ole" | "elf" | "exe" | "gzip" | "rar" | "7z" | "mp4";
  /** How a person would call it: "a PNG image". */
  label: string;
}

const startsWith = (data: Buffer, bytes: number[] | string, at = 0): boolean => {
  const b = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : Buffer.from(bytes);
  return data.length >= at + b.length && data.subarray(at, at + b.length).equals(b);
};

/** Recognises the common binary formats (and PDF/DOCX) from their magic bytes. */
export function sniffMagic(data: Buffer): Magic | null {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: "png", label: "a PNG image" };
  if (startsWith(data, [0xff, 0xd8, 0xff])) return { kind: "jpeg", label: "a JPEG image" };
  if (startsWith(data, "GIF87a") || startsWith(data, "GIF89a")) return { kind: "gif", label: "a GIF image" };
  if (startsWith(data, "RIFF") && startsWith(data, "WEBP", 8)) return { kind: "webp", label: "a WebP image" };
  if (startsWith(data, "BM") && data.length > 26 && data.readUInt32LE(2) === data.length) return { kind: "bmp", label: "a BMP image" };
  if (startsWith(data, [0x49, 0x49, 0x2a, 0x00]) || startsWith(data, [0x4d, 0x4d, 0x00, 0x2a])) return { kind: "tiff", label: "a TIFF image" };
  if (startsWith(data, "%PDF-")) return { kind: "pdf", label: "a PDF document" };
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06])) {
    // A ZIP's member names are stored uncompressed: a Word document holds word/document.xml.
    if (data.includes("word/document.xml", 0, "latin1")) return { kind: "docx", label: "a Word .docx document" };
    return { kind: "zip", label: "a ZIP archive" };
  }
  if (startsWith(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { kind: "ole", label: "an old Office file (.doc/.wps/.xls)" };
  }
  if (startsWith(data, [0x7f, 0x45, 0x4c, 0x46])) return { kind: "elf", label: "a program (ELF)" };
  if (startsWith(data, "MZ") && data.includes("This program cannot be run", 0, "latin1")) return { kind: "exe", label: "a Windows program" };
  if (startsWith(data, [0x1f, 0x8b])) return { kind: "gzip", label: "a gzip archive" };
  if (startsWith(data, "Rar!\x1a\x07")) return { kind: "rar", label: "a RAR archive" };
  if (startsWith(data, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { kind: "7z", label: "a 7-Zip archive" };
  if (startsWith(data, "ftyp", 4)) return { kind: "mp4", label: "a video or audio file" };
  return null;
}

/** What to tell a person who gave a file of kind `magic` under the wrong extension. */
export function magicHint(magic: Magic): string {
  switch (magic.kind) {
    case "pdf":
      return `it looks like ${magic.label}: rename it to .pdf`;
    case "docx":
      return `it looks like ${magic.label}: rename it to .docx`;
    case "ole":
      return `it looks like ${magic.label}: open it in Word or WPS and save it as .docx`;
    default:
      return `it looks like ${magic.label}`;
  }
}

/** C0 control characters that never occur in text (tab, LF, VT, FF, CR, ESC and SUB are allowed). */
function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1a && b !== 0x1b) || b === 0x7f;
}

/**
 * Throws BINARY when `data` (which should be text: .txt or .html) is not text:
 * a known binary magic, NUL bytes, or more than 1% control bytes.
 * UTF-16 (which has NULs) must be decoded before this is called.
 */
export function assertNotBinary(data: Buffer): void {
  const magic = sniffMagic(data);
  if (magic) throw new ExtractError("BINARY", `this is a binary file, not text (${magicHint(magic)})`);
  if (data.includes(0)) throw new ExtractError("BINARY", "this is a binary file, not text (it contains NUL bytes)");
  let controls = 0;
  for (const b of data) if (isControlByte(b)) controls++;
  if (controls >= 4 && controls > data.length * 0.01) {
    throw new ExtractError("BINARY", "this is a binary file, not text (it is full of control bytes)");
  }
}

export interface Decoded {
  text: string;
  /** "utf-8", "gb18030", "utf-16le" or "utf-16be" */
  encoding: string;
  notes: string[];
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Strict decoding: null when `data` is not valid in `encoding`. A BOM is kept (callers strip it). */
export function tryDecode(data: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    return null;
  }
}

/**
 * Decodes text bytes: a UTF-16 BOM decides UTF-16; otherwise UTF-8 (one
 * leading BOM stripped) or, when the bytes are not valid UTF-8, GB18030.
 * Throws BINARY for non-text and UNREADABLE for text in another encoding.
 */
export function decodeTextBytes(data: Buffer): Decoded {
  const notes: string[] = [];
  if (startsWith(data, [0xff, 0xfe]) || startsWith(data, [0xfe, 0xff])) {
    const encoding = data[0] === 0xff ? "utf-16le" : "utf-16be";
    const text = tryDecode(data.subarray(2), encoding);
    if (text === null) throw new ExtractError("UNREADABLE", `the file starts like ${encoding.toUpperCase()} text but is not valid ${encoding.toUpperCase()}`);
    if (/[\u0000-\u0008\u000e-\u0019\u001c-\u001f]/.test(text)) throw new ExtractError("BINARY", "this is a binary file, not text");
    notes.push(`decoded from ${encoding.toUpperCase()}`);
    return { text, encoding, notes };
  }
  assertNotBinary(data);
  const bom = startsWith(data, UTF8_BOM);
  const body = bom ? data.subarray(3) : data;
  const utf8 = tryDecode(body, "utf-8");
  if (utf8 !== null) {
    if (bom) notes.push("removed the UTF-8 byte order mark");
    return { text: utf8, encoding: "utf-8", notes };
  }
  if (!bom) {
    const gb = tryDecode(data, "gb18030");
    if (gb !== null) {
      notes.push("decoded from GB18030");
      return { text: gb, encoding: "gb18030", notes };
    }
  }
  // Neither: mostly garbage means binary; a few bad bytes mean text in some other encoding.
  const loose = new TextDecoder("gb18030").decode(body);
  const bad = loose.split("\ufffd").length - 1;
  if (bad > loose.length * 0.05) throw new ExtractError("BINARY", "this is a binary file, not text (most of its bytes are not characters)");
  throw new ExtractError(
    "UNREADABLE",
    `the text is neither valid UTF-8 nor GB18030 (${bad} undecodable byte${bad === 1 ? "" : "s"}); save it as UTF-8 and try again`,
  );
}

/** CRLF → LF, with a note when anything changed. */
export function normalizeLineEnds(text: string, notes: string[]): string {
  if (!text.includes("\r\n")) return text;
  const count = text.split("\r\n").length - 1;
  notes.push(`converted ${count} CRLF line end${count === 1 ? "" : "s"} to LF`);
  return text.replace(/\r\n/g, "\n");
}

/**
 * Characters of East Asian text, around which a space is layout, not text:
 * ideographs (all planes: surrogates count), radicals, kana, hangul,
 * CJK and fullwidth punctuation, and the dashes, quotes and dots that
 * Chinese text sets full width (— ⸺ “ ” ‘ ’ … ·).
 */
export function isWide(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (
    (c >= 0x1100 && c <= 0x11ff) ||
    (c >= 0x2e80 && c <= 0x2fff) ||
    (c >= 0x3000 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xa960 && c <= 0xa97f) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xd800 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe10 && c <= 0xfe1f) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xffef) ||
    c === 0x2014 || c === 0x2e3a || c === 0x2e3b ||
    (c >= 0x2018 && c <= 0x201f) ||
    c === 0x2026 || c === 0x00b7
  );
}

export function extractTxt(data: Buffer): Extracted {
  const decoded = decodeTextBytes(data);
  const notes = [...decoded.notes];
  const text = normalizeLineEnds(decoded.text, notes);
  if (text.trim() === "") throw new ExtractError("EMPTY", "the file has only whitespace, no text");
  // Kept verbatim all the same: only a person can tell a page from a text about HTML.
  if (/^\s*(<!doctype html|<html[\s>])/i.test(text)) notes.push("the text looks like HTML markup: if it is a saved web page, name it .html to get its text");
  return { text, format: "txt", notes };
}
