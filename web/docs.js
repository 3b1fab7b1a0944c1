// @ts-check
// The reports the server holds (GET /api/documents) and the reader's choice of some
// of them, remembered in localStorage and sent as `docIds` with every question.
import { getJson } from "./api.js";

/**
 * @typedef {{name: string, fullName: string, short: string, level: string, parent: string | null, aliases: string[], selfWords: string[], within: string[]}} Place
 * @typedef {{id: string, source: string, title: string, shortTitle: string, place: Place, reportYear: number, reviewYear: number, date: string | null, session: string | null, speaker: {name: string, post: string} | null, publisher: string | null, fiveYearPlans: {name: string, from: number, to: number}[], paragraphs: number, parts: number, figures: number}} Doc
 */

const STORAGE_KEY = "report-qa.docIds";

/** @type {Doc[]} */
let docs = [];
/** @type {Map<string, Doc>} */
const byId = new Map();
/** Chosen report ids; empty means all. */
let chosen = /** @type {string[]} */ ([]);
/** @type {Set<() => void>} */
const listeners = new Set();
let loading = /** @type {Promise<Doc[]> | null} */ (null);

/**
 * Loads the reports once. While the index is still being built the server answers
 * 503; the page waits and tries again rather than showing nothing.
 * @param {(attempt: number) => void} [onWait]
 */
export function loadDocuments(onWait) {
  loading ??= (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        const data = await getJson("/api/documents");
        docs = data.documents;
        for (const d of docs) byId.set(d.id, d);
        chosen = readStored();
        return docs;
      } catch (err) {
        if (attempt >= 60) throw err;
        onWait?.(attempt);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  })();
  return loading;
}

/** The remembered choice, without ids the server no longer has. */
function readStored() {
  try {
    const raw = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
    if (!Array.isArray(raw)) return [];
    const ids = raw.filter((id) => typeof id === "string" && byId.has(id));
    return ids.length === docs.length ? [] : ids;
  } catch {
    return [];
  }
}

export function allDocs() {
  return docs;
}

/** @param {string | null | undefined} id */
export function docById(id) {
  return id ? byId.get(id) : undefined;
}

/**
 * The place as the report's short title names it: 柳北区, 广西, 安徽省.
 * @param {Doc} d
 */
export function placeOf(d) {
  return d.shortTitle.replace(/\d{4}年.*$/, "") || d.place.short || d.place.name;
}

/**
 * A compact name for a report: its place, with the year when another report has the same place.
 * @param {Doc} d
 */
export function shortName(d) {
  const place = placeOf(d);
  return docs.some((o) => o !== d && placeOf(o) === place) ? `${place}${d.reportYear}年` : place;
}

/** The chosen reports' ids, in the server's order; empty when all are chosen. */
export function chosenIds() {
  return chosen.slice();
}

/** The chosen reports (all of them when all are chosen). */
export function chosenDocs() {
  return chosen.length ? docs.filter((d) => chosen.includes(d.id)) : docs.slice();
}

/** What to send with a question or claim: `{docIds}` only when some, not all, are chosen. */
export function scopeBody() {
  return chosen.length ? { docIds: chosenIds() } : {};
}

/** @param {string[]} ids */
export function setChosen(ids) {
  const set = new Set(ids.filter((id) => byId.has(id)));
  chosen = set.size === docs.length ? [] : docs.filter((d) => set.has(d.id)).map((d) => d.id);
  try {
    if (chosen.length) localStorage.setItem(STORAGE_KEY, JSON.stringify(chosen));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode or storage full: the choice holds for this visit only.
  }
  for (const f of listeners) f();
}

/** @param {() => void} f called whenever the choice changes */
export function onChosenChange(f) {
  listeners.add(f);
}

/** "全部报告 (22)", "广西", "广西、安徽", "广西、安徽、江苏等5份". */
export function chosenSummary() {
  if (!chosen.length) return `全部报告 (${docs.length})`;
  const names = chosenDocs().map(shortName);
  if (names.length <= 3) return names.join("、");
  return `${names.slice(0, 2).join("、")}等${names.length}份`;
}
