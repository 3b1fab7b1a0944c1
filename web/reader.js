// @ts-check
// The report reader: one report at a time, chosen in a selector, with its outline;
// a paragraph can be opened with a span highlighted (/r?hl=start-end#<paragraph id>;
// the id starts with the report's id, so any report's link opens that report);
// /r#<report id> opens a report at its start. Note markers (1)…(13) open their
// definitions; every paragraph has a shareable link and a copy button. Web-page
// furniture kept in the files (kind "noise") is never shown as report text: it sits
// dimmed in a closed "网页附带文字" box.
import { getJson } from "./api.js";
import { button } from "./cards.js";
import { allDocs, chosenDocs, docById } from "./docs.js";
import { copyCitation, el, marked } from "./dom.js";

/** @typedef {{id: string, docId: string, kind: string, text: string, start: number, end: number, sectionPath: string[], reference: string, noteIds: string[]}} Paragraph */

const NOTE_MARKER = /[(（](\d{1,2})[)）]/g;
const HEADING = { "part-heading": "h2", "section-heading": "h3", "notes-heading": "h2", "honours-heading": "h2", "honours-level": "h3", "appendix-heading": "h2" };
/** Headings listed in the outline. */
const OUTLINE = new Set(["part-heading", "section-heading", "notes-heading", "honours-heading", "appendix-heading"]);

/** @type {Map<string, Promise<Paragraph[]>>} */
const fetched = new Map();
/** Paragraphs of the report on show, by id. */
/** @type {Map<string, Paragraph>} */
const byId = new Map();
/** The notes of the report on show, by number. */
/** @type {Map<number, Paragraph>} */
const notes = new Map();
let shown = /** @type {string | null} */ (null);
let rendering = /** @type {Promise<boolean> | null} */ (null);
let renderingDoc = /** @type {string | null} */ (null);

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @param {string} docId */
function paragraphsOf(docId) {
  let p = fetched.get(docId);
  if (!p) {
    p = getJson(`/api/documents/${encodeURIComponent(docId)}/paragraphs`).then((r) => /** @type {Paragraph[]} */ (r.paragraphs));
    p.catch(() => fetched.delete(docId));
    fetched.set(docId, p);
  }
  return p;
}

/** Fills the report selector once the reports are known, and follows it. */
export function setupReader() {
  const select = /** @type {HTMLSelectElement} */ ($("reader-doc"));
  const docs = allDocs();
  select.replaceChildren(...docs.map((d) => el("option", { value: d.id, text: d.shortTitle })));
  // With one report there is nothing to choose.
  $("reader-bar").hidden = docs.length < 2;
  select.addEventListener("change", async () => {
    history.pushState(null, "", `/r#${select.value}`);
    await showReport(select.value);
    window.scrollTo({ top: 0 });
  });
}

/** The report the reader opens when no paragraph is asked for: the first chosen one. */
export function defaultDocId() {
  return chosenDocs()[0]?.id ?? allDocs()[0]?.id ?? null;
}

/** Shows a report if none is shown yet. */
export async function ensureReport() {
  if (shown || rendering) return rendering ?? true;
  const id = defaultDocId();
  return id ? showReport(id) : false;
}

/**
 * Renders a report (once; a second call for the same report is a no-op).
 * @param {string} docId
 * @returns {Promise<boolean>} false when there is no such report
 */
export function showReport(docId) {
  if (!docById(docId)) return Promise.resolve(false);
  if (shown === docId && !rendering) return Promise.resolve(true);
  if (renderingDoc === docId && rendering) return rendering;
  renderingDoc = docId;
  const run = (async () => {
    const paragraphs = await paragraphsOf(docId);
    if (renderingDoc !== docId) return false; // another report was asked for meanwhile
    render(docId, paragraphs);
    return true;
  })();
  rendering = run;
  run.finally(() => {
    if (rendering === run) {
      rendering = null;
      renderingDoc = null;
    }
  });
  return run;
}

/**
 * @param {string} docId
 * @param {Paragraph[]} paragraphs
 */
function render(docId, paragraphs) {
  const doc = docById(docId);
  const report = $("report");
  const toc = $("toc");
  const select = /** @type {HTMLSelectElement} */ ($("reader-doc"));
  select.value = docId;
  byId.clear();
  notes.clear();
  for (const p of paragraphs) {
    byId.set(p.id, p);
    const m = p.kind === "note" ? p.text.match(/^(\d+)\./) : null;
    if (m) notes.set(Number(m[1]), p);
  }
  const tocList = el("ol");
  /** @type {Node[]} */
  const nodes = [];
  /** Consecutive page-furniture paragraphs, kept together in one closed box. */
  let noise = /** @type {HTMLElement | null} */ (null);
  for (const p of paragraphs) {
    if (p.kind === "noise") {
      if (!noise) {
        noise = el("div", { class: "noise-items" });
        nodes.push(el("details", { class: "noise" }, [el("summary", { text: "网页附带文字（非报告正文）" }), noise]));
      }
      noise.append(renderParagraph(p));
      continue;
    }
    noise = null;
    nodes.push(renderParagraph(p));
    if (OUTLINE.has(p.kind)) {
      const link = el("a", { href: `/r#${p.id}`, text: p.text.replace(/[:：]$/, "") });
      link.addEventListener("click", (e) => {
        e.preventDefault();
        history.pushState(null, "", `/r#${p.id}`);
        openParagraph(p.id);
      });
      tocList.append(el("li", { class: `toc-${p.kind}` }, [link]));
    }
  }
  report.replaceChildren(...nodes);
  report.setAttribute("aria-label", doc ? `${doc.shortTitle}全文` : "报告全文");
  toc.replaceChildren(el("h2", { class: "toc-title", text: "目录" }), tocList);
  shown = docId;
}

/**
 * @param {Paragraph} p
 * @param {{from: number, to: number} | null} [highlight] offsets inside p.text
 */
function paragraphBody(p, highlight = null) {
  /** @type {(Node | string)[]} */
  const nodes = highlight ? marked(p.text, highlight.from, highlight.to, "hl") : [p.text];
  // Note markers become buttons that open the note; only in body text, only for notes of this report.
  if (p.kind !== "body" || notes.size === 0) return nodes;
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
  const quotable = p.kind === "body" || p.kind === "note" || p.kind === "honour";
  return el("div", { class: `para ${p.kind}`, id: p.id, tabindex: "-1" }, [body, p.kind === "noise" ? null : el("div", { class: "para-tools" }, [link, quotable ? copy : null])]);
}

/** @param {Paragraph} note */
function showNote(note) {
  const dialog = /** @type {HTMLDialogElement} */ ($("note-dialog"));
  const [term, ...rest] = note.text.replace(/^\d+\./, "").split(/[:：]/);
  $("note-title").textContent = `附注：${term}`;
  $("note-text").textContent = rest.join("：");
  dialog.showModal();
}

/**
 * Shows a paragraph of any report, scrolled into view and focused, with [start, end) of the file highlighted.
 * @param {string} id
 * @param {{start: number, end: number} | null} [span] file offsets
 */
export async function openParagraph(id, span = null) {
  const docId = id.split(":")[0] ?? "";
  if (!(await showReport(docId))) return false;
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
  const box = node.closest("details");
  if (box) /** @type {HTMLDetailsElement} */ (box).open = true;
  node.scrollIntoView({ block: "center" });
  /** @type {HTMLElement} */ (node).focus({ preventScroll: true });
  return true;
}
