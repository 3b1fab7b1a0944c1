/**
 * Document import: turns a report file (.txt, .html, .pdf or .docx) into the
 * plain text that goes verbatim into corpus/ — one paragraph of the original
 * per line, lines joined by "\n", nothing invented. Citation offsets point into
 * this text, so every path here is deterministic.
 *
 * The per-format work lives beside this file (txt.ts, html.ts, pdf.ts,
 * docx.ts); they throw ExtractError without the file name, and this module
 * puts the name in front so the message reads well at a terminal.
 */
import { stat, readFile } from "node:fs/promises";
import path from "node:path";

export type SourceFormat = "txt" | "html" | "pdf" | "docx";

export interface Extracted {
  text: string;
  format: SourceFormat;
  /** What was done beyond plain reading, e.g. "decoded from GB18030". */
  notes: string[];
}

export type ExtractErrorCode = "EMPTY" | "BINARY" | "UNSUPPORTED_FORMAT" | "TOO_LARGE" | "UNREADABLE";

export class ExtractError extends Error {
  constructor(
    readonly code: ExtractErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ExtractError";
  }
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const EXTENSIONS: Record<string, SourceFormat> = {
  ".txt": "txt",
  ".text": "txt",
  ".html": "html",
  ".htm": "html",
  ".xhtml": "html",
  ".pdf": "pdf",
  ".docx": "docx",
};

/** The format a file name stands for, or null for an extension this module does not read. */
export function formatFromName(file: string): SourceFormat | null {
  return EXTENSIONS[path.extname(file).toLowerCase()] ?? null;
}

function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
  return `${bytes} bytes`;
}

/** Reads `file` (format from its extension, checked against its content) and returns its text. */
export async function extractText(file: string, options: { maxBytes?: number } = {}): Promise<Extracted> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const ext = path.extname(file).toLowerCase();
  const format = formatFromName(file);
  if (!format) {
    const what = ext ? `unsupported format ${ext}` : "no file extension";
    throw new ExtractError("UNSUPPORTED_FORMAT", `${file}: ${what} (use .txt, .html, .pdf or .docx)`);
  }
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new ExtractError("UNREADABLE", `${file}: this is a folder, not a file`);
    if (!st.isFile()) throw new ExtractError("UNREADABLE", `${file}: this is not a regular file`);
    size = st.size;
  } catch (err) {
    if (err instanceof ExtractError) throw err;
    throw new ExtractError("UNREADABLE", `${file}: cannot read the file (${fsReason(err)})`, { cause: err });
  }
  if (size > maxBytes) {
    throw new ExtractError(
      "TOO_LARGE",
      `${file}: the file is ${describeSize(size)}, over the ${describeSize(maxBytes)} limit`,
    );
  }
  if (size === 0) throw new ExtractError("EMPTY", `${file}: the file is empty`);
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    throw new ExtractError("UNREADABLE", `${file}: cannot read the file (${fsReason(err)})`, { cause: err });
  }
  // The file may have grown between stat and read.
  if (data.length > maxBytes) {
    throw new ExtractError(
      "TOO_LARGE",
      `${file}: the file is ${describeSize(data.length)}, over the ${describeSize(maxBytes)} limit`,
    );
  }
  return extractFromBuffer(data, format, { name: file });
}

function fsReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "this is a folder";
  return err instanceof Error ? err.message : String(err);
}

/**
 * Pure: the same from bytes already read. `name` (the file's name) only goes
 * into error messages; without it they start with "the document".
 */
export async function extractFromBuffer(
  data: Buffer,
  format: SourceFormat,
  options: { name?: string } = {},
): Promise<Extracted> {
  const name = options.name ?? "the document";
  try {
    if (data.length === 0) throw new ExtractError("EMPTY", "the file is empty");
    let result: Extracted;
    switch (format) {
      case "txt":
        result = (await import("./txt.js")).extractTxt(data);
        break;
      case "html":
        result = (await import("./html.js")).extractHtml(data);
        break;
      case "pdf":
        result = await (await import("./pdf.js")).extractPdf(data);
        break;
      case "docx":
        result = await (await import("./docx.js")).extractDocx(data);
        break;
      default:
        throw new ExtractError("UNSUPPORTED_FORMAT", `unsupported format ${String(format)} (use txt, html, pdf or docx)`);
    }
    if (result.text.trim() === "") {
      throw new ExtractError(
        "EMPTY",
        format === "pdf"
          ? "the PDF has no text (a scanned document? run OCR on it first)"
          : "the file has no text (only whitespace or markup)",
      );
    }
    return result;
  } catch (err) {
    if (err instanceof ExtractError) {
      throw new ExtractError(err.code, `${name}: ${err.message}`, err.cause === undefined ? undefined : { cause: err.cause });
    }
    // A library failed in a way the format modules did not foresee: still no stack trace for the user.
    const detail = err instanceof Error ? err.message : String(err);
    throw new ExtractError("UNREADABLE", `${name}: cannot read this ${format} file (${detail})`, { cause: err });
  }
}
