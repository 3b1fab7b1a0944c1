// @ts-check
// The report reader: the whole report with its outline; a paragraph can be opened
// with a span highlighted (/r?hl=start-end#<paragraph id>); note markers (1)…(13)
// open their definitions; every paragraph has a shareable link and a copy button.
import { getJson } from "./api.js";
import { button } from "./cards.js";
import { copyCitation, el, marked } from "./dom.js";

/** @typedef {{id: string, kind: string, text: string, start: number, end: number, sectionPath: string[], reference: string, noteIds: string[]}} Paragraph */

const NOTE_MARKER = /[(（](\d{1,2})[)）]/g;
const HEADING = { "part-heading": "h2", "section-heading": "h3", "notes-heading": "h2", "honours-heading": "h2", "honours-level": "h3" };

/** @type {Map<string, Paragraph>} */
const byId = new Map();
/** @type {Map<number, Paragraph>} */
const notes = new Map();
let loaded = /** @type {Promise<void> | null} */ (null);

/** Renders the report once. */
export function loadReport() {
  loaded ??= (async () => {
    const { documents } = await getJson("/api/documents");
    const report = /** @type {HTMLElement} */ (document.getElementById("report"));
    const toc = /** @type {HTMLElement} */ (document.getElementById("toc"));
    const tocList = el("ol");
    toc.append(el("h2", { class: "toc-title", text: "目录" }), tocList);
    for (const doc of documents) {
      const { paragraphs } = await getJson(`/api/documents/${encodeURIComponent(doc.id)}/paragraphs`);
      for (const p of paragraphs) {
        byId.set(p.id, p);
        const m = p.kind === "note" ? p.text.match(/^(\d+)\./) : null;
        if (m) notes.set(Number(m[1]), p);
      }
      for (const p of paragraphs) {
        report.append(renderParagraph(p));
        const tag = /** @type {Record<string, string>} */ (HEADING)[p.kind];
        if (tag && p.kind !== "honours-level") {
          const link = el("a", { href: `/r#${p.id}`, text: p.text.replace(/[:：]$/, "") });
          link.addEventListener("click", (e) => {
            e.preventDefault();
            openParagraph(p.id);
          });
          tocList.append(el("li", { class: `toc-${p.kind}` }, [link]));
        }
      }
    }
  })();
  return loaded;
}

/**
 * @param {Paragraph} p
 * @param {{from: number, to: number} | null} [highlight] offsets inside p.text
 */
function paragraphBody(p, highlight = null) {
  /** @type {(Node | string)[]} */
  const nodes = highlight ? marked(p.text, highlight.from, highlight.to, "hl") : [p.text];
  // Note markers become buttons that open the note; only in body text.
  if (p.kind !== "body") return nodes;
  return nodes.flatMap((node) => {
    if (typeof node !== "string") return [node];
    /** @type {(Node | string)[]} */
    const out = [];
    let last = 0;
    for (const m of node.matchAll(NOTE_MARKER)) {
      const note = notes.get(Number(m[1]));
      if (!note) continue;
      out.push(node.slice(last, m.index));
      out.push(button(m[0], () => showNote(note), `附注${m[1]}：${note.text.split(/[:：]/)[0]?.replace(/^\d+\./, "")}`));
      last = (m.index ?? 0) + m[0].length;
    }
    out.push(node.slice(last));
    return out;
  });
}

/** @param {Paragraph} p */
function renderParagraph(p) {
  const tag = /** @type {Record<string, string>} */ (HEADING)[p.kind] ?? "p";
  const body = el(tag, { class: "text" }, paragraphBody(p));
  const link = el("a", { href: `/r#${p.id}`, class: "permalink", "aria-label": `${p.reference} 的链接`, text: "#" });
  const copy = button("复制引用", () => copyCitation({ reference: p.reference, quote: p.text }), `复制${p.reference}`);
  return el("div", { class: `para ${p.kind}`, id: p.id, tabindex: "-1" }, [body, el("div", { class: "para-tools" }, [link, p.kind === "body" || p.kind === "note" || p.kind === "honour" ? copy : null])]);
}

/** @param {Paragraph} note */
function showNote(note) {
  const dialog = /** @type {HTMLDialogElement} */ (document.getElementById("note-dialog"));
  const [term, ...rest] = note.text.replace(/^\d+\./, "").split(/[:：]/);
  /** @type {HTMLElement} */ (document.getElementById("note-title")).textContent = `附注：${term}`;
  /** @type {HTMLElement} */ (document.getElementById("note-text")).textContent = rest.join("：");
  dialog.showModal();
}

/**
 * Shows a paragraph, scrolled into view and focused, with [start, end) of the file highlighted.
 * @param {string} id
 * @param {{start: number, end: number} | null} [span] file offsets
 */
export async function openParagraph(id, span = null) {
  await loadReport();
  const p = byId.get(id);
  const node = document.getElementById(id);
  if (!p || !node) return false;
  for (const old of document.querySelectorAll(".para.current")) {
    old.classList.remove("current");
    const op = byId.get(old.id);
    if (op) old.querySelector(".text")?.replaceChildren(...paragraphBody(op));
  }
  const highlight = span ? { from: span.start - p.start, to: span.end - p.start } : null;
  node.querySelector(".text")?.replaceChildren(...paragraphBody(p, highlight));
  node.classList.add("current");
  node.scrollIntoView({ block: "center" });
  /** @type {HTMLElement} */ (node).focus({ preventScroll: true });
  return true;
}
