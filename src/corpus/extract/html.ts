/**
 * A saved web page (e.g. a newspaper's page holding the report) → its visible
 * text, one block per line. The page's charset declaration is honoured
 * (GB2312/GBK pages are common); menus, 来源, 时间 and captions are kept: the
 * reader downstream removes that noise itself, this module does not guess the
 * article.
 */
// parse5: the WHATWG-spec HTML parser (what jsdom uses), so broken real-world markup is repaired exactly as a browser would.
import { parse, type DefaultTreeAdapterTypes as T } from "parse5";
import { ExtractError, type Extracted } from "./index.js";
import { assertNotBinary, decodeTextBytes, isWide, tryDecode } from "./txt.js";

/** Elements whose content is never shown as text. */
const SKIP = new Set([
  "head", "title", "script", "style", "noscript", "template", "iframe", "object", "embed", "canvas", "audio", "video",
]);

/** Elements that start and end a line (block-level, table parts, list items, br/hr). */
const BLOCK = new Set([
  "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "dir",
  "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5",
  "h6", "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "optgroup", "option",
  "p", "plaintext", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
]);

/** Text decoders for GB labels: GB18030 is a superset of GB2312 and GBK, and pages labelled gb2312 often use GBK characters. */
const ALIASES: Record<string, string> = { cp936: "gbk", "windows-936": "gbk", ms936: "gbk", gb_18030: "gb18030", "gb18030-2000": "gb18030", "gb18030-2005": "gb18030" };

function attr(el: T.Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function isElement(node: T.Node): node is T.Element {
  return "tagName" in node;
}

/** The charset a page declares in <meta charset> or <meta http-equiv="Content-Type">, found with the HTML parser itself. */
export function declaredCharset(data: Buffer): string | null {
  // Charset declarations are ASCII: reading the start of the page as Latin-1 keeps them intact.
  const head = parse(data.subarray(0, 64 * 1024).toString("latin1"));
  const stack: T.Node[] = [head];
  while (stack.length) {
    const node = stack.pop()!;
    if (isElement(node) && node.tagName === "meta") {
      const charset = attr(node, "charset");
      if (charset?.trim()) return charset.trim().toLowerCase();
      if (attr(node, "http-equiv")?.trim().toLowerCase() === "content-type") {
        const m = /charset\s*=\s*["']?([^"';\s]+)/i.exec(attr(node, "content") ?? "");
        if (m) return m[1].toLowerCase();
      }
    }
    if ("childNodes" in node) for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
  }
  return null;
}

/** The WHATWG encoding name for a label (gbk family → gb18030), or null when unknown. */
function encodingFor(label: string): string | null {
  try {
    const enc = new TextDecoder(ALIASES[label] ?? label).encoding;
    if (enc === "gbk" || enc === "gb18030") return "gb18030";
    // A page cannot really be UTF-16 once its meta was readable as ASCII (the HTML standard says the same).
    if (enc === "utf-16le" || enc === "utf-16be") return "utf-8";
    return enc;
  } catch {
    return null;
  }
}

const hasNonAscii = (data: Buffer): boolean => data.some((b) => b >= 0x80);

/** Decodes a page: BOM, else the declared charset, else UTF-8, else GB18030. */
export function decodeHtml(data: Buffer): { text: string; notes: string[] } {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return decodeTextBytes(data);
  if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) return decodeTextBytes(data);
  assertNotBinary(data);
  const label = declaredCharset(data);
  if (label === null) return decodeTextBytes(data);
  const encoding = encodingFor(label);
  const notes: string[] = [];
  if (encoding === null) {
    notes.push(`the page declares an unknown charset "${label}": read as UTF-8 or GB18030`);
    const d = decodeTextBytes(data);
    return { text: d.text, notes: [...notes, ...d.notes] };
  }
  if (encoding !== "utf-8" && hasNonAscii(data)) {
    // Pages re-saved as UTF-8 often keep their old declaration; long Chinese
    // text in GBK is never valid UTF-8 by chance, so valid UTF-8 wins.
    const utf8 = tryDecode(data, "utf-8");
    if (utf8 !== null) {
      notes.push(`the page declares charset "${label}" but its bytes are UTF-8: read as UTF-8`);
      return { text: utf8, notes };
    }
  }
  const text = tryDecode(data, encoding);
  if (text !== null) {
    if (encoding !== "utf-8") notes.push(`decoded from ${encoding === "gb18030" ? "GB18030" : encoding} (the page declares charset "${label}")`);
    return { text, notes };
  }
  notes.push(`the page declares charset "${label}" but its bytes do not match it`);
  const d = decodeTextBytes(data);
  return { text: d.text, notes: [...notes, ...d.notes] };
}

function isHidden(el: T.Element): boolean {
  if (attr(el, "hidden") !== undefined) return true;
  const style = attr(el, "style");
  // An inline style attribute is CSS, not HTML: a declaration check is enough here.
  return style !== undefined && /(^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)\s*(!important\s*)?(;|$)/i.test(style);
}

/**
 * Cleans one line: runs of HTML whitespace (and no-break spaces) become one
 * space, except a run holding a line break between two East Asian characters,
 * which is source formatting and goes (CSS Text's segment-break rule); then trimmed.
 */
export function cleanLine(raw: string): string {
  return raw
    .replace(/[ \t\n\r\f\u00a0]+/g, (run: string, offset: number, whole: string) => {
      if (!run.includes("\u00a0") && /[\n\r]/.test(run) && isWide(whole[offset - 1]) && isWide(whole[offset + run.length])) return "";
      return " ";
    })
    .trim();
}

/** The visible text of an HTML document, one block per line. */
export function htmlToText(html: string): string {
  const doc = parse(html);
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    const line = cleanLine(current);
    if (line) lines.push(line);
    current = "";
  };
  let preDepth = 0;
  // Iterative walk (pages can nest deeply): an entry is a node to enter, or an element to leave.
  const stack: Array<{ node: T.Node; leave: boolean }> = [{ node: doc, leave: false }];
  while (stack.length) {
    const { node, leave } = stack.pop()!;
    if (node.nodeName === "#text") {
      const value = (node as T.TextNode).value;
      if (preDepth > 0) {
        const parts = value.split(/\r\n|\r|\n/);
        parts.forEach((part, i) => {
          if (i > 0) flush();
          current += part;
        });
      } else {
        current += value;
      }
      continue;
    }
    if (!isElement(node)) {
      // document, doctype, comment
      if (node.nodeName === "#document" || node.nodeName === "#document-fragment") {
        const children = (node as T.ParentNode).childNodes;
        for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], leave: false });
      }
      continue;
    }
    const tag = node.tagName;
    if (leave) {
      if (tag === "pre" || tag === "listing" || tag === "xmp" || tag === "plaintext") preDepth--;
      if (BLOCK.has(tag)) flush();
      continue;
    }
    if (SKIP.has(tag) || isHidden(node)) continue;
    if (BLOCK.has(tag)) flush();
    if (tag === "pre" || tag === "listing" || tag === "xmp" || tag === "plaintext") preDepth++;
    stack.push({ node, leave: true });
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push({ node: node.childNodes[i], leave: false });
  }
  flush();
  return lines.join("\n");
}

export function extractHtml(data: Buffer): Extracted {
  const { text: html, notes } = decodeHtml(data);
  const text = htmlToText(html);
  if (text === "") throw new ExtractError("EMPTY", "the page has no visible text");
  return { text, format: "html", notes };
}
