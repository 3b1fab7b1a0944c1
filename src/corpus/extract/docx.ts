/**
 * A Word .docx → its text with mammoth: one document paragraph per line,
 * each line trimmed, empty paragraphs dropped.
 */
import { ExtractError, type Extracted } from "./index.js";
import { magicHint, sniffMagic } from "./txt.js";

/**
 * mammoth's raw text ends every paragraph (table cells' too) with "\n\n" and
 * writes nothing for a soft line break, so each paragraph becomes one line.
 */
export function rawTextToLines(raw: string): string {
  return raw
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join("\n");
}

export async function extractDocx(data: Buffer): Promise<Extracted> {
  const magic = sniffMagic(data);
  if (magic?.kind !== "docx") {
    if (magic?.kind === "zip") {
      throw new ExtractError("UNREADABLE", "this ZIP file holds no Word document (is it an .xlsx, .pptx or another archive?)");
    }
    throw new ExtractError("UNREADABLE", `this is not a Word .docx file (${magic ? magicHint(magic) : "it does not start with the ZIP signature PK"})`);
  }
  const mammoth = (await import("mammoth")).default;
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: data })).value;
  } catch (err) {
    const detail = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new ExtractError("UNREADABLE", `this .docx file is damaged or not a Word document (${detail})`, { cause: err });
  }
  const text = rawTextToLines(raw);
  const notes: string[] = [];
  if (raw.includes("\r")) notes.push("converted CRLF line ends to LF");
  return { text, format: "docx", notes };
}
