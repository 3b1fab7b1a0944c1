// @ts-check
// The page: four views (chat, claim check, figures across reports, report reader)
// behind accessible tabs at their own addresses (tabs.js), the report picker in the
// header, the /r#<paragraph id> links that open the reader at a paragraph of any
// report (/r#<report id>: its start), and /?q=<question> links that ask a question.
import { setupChat } from "./chat.js";
import { setupCheck } from "./check.js";
import { allDocs, chosenDocs, docById, loadDocuments, onChosenChange, placeOf } from "./docs.js";
import { setupFigures } from "./figures.js";
import { setupPicker } from "./picker.js";
import { ensureReport, openParagraph, setupReader, showReport } from "./reader.js";
import { toast } from "./dom.js";
import { showExamples } from "./examples.js";
import { setupTabs, showTab, tabFromUrl } from "./tabs.js";

/** @type {{shown(): void} | null} */
let figures = null;

/** @param {string} name @param {boolean} [focus] */
function show(name, focus = false) {
  showTab(name, focus);
  if (name === "reader") ensureReport();
  if (name === "figures") figures?.shown();
}

/**
 * Opens a citation (or a figure) in the reader, with its quote highlighted; the URL can be shared.
 * @param {{id: string, start: number, end: number}} c
 */
async function openInReader(c) {
  history.pushState(null, "", `/r?hl=${c.start}-${c.end}#${c.id}`);
  show("reader");
  await openParagraph(c.id, { start: c.start, end: c.end });
}

async function route() {
  // An address of a citation card (#cite-…, from an answer's [1] marker) stays on the chat.
  if (location.hash.startsWith("#cite-")) return;
  if (location.pathname === "/r") {
    show("reader");
    let id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch {
      // A link cut short or mistyped (/r#%E0%A4%A): open the report at its start and say why.
      toast("这个链接不完整，已打开报告开头。");
    }
    const hl = new URLSearchParams(location.search).get("hl")?.match(/^(\d+)-(\d+)$/);
    if (!id) return;
    // /r#guangxi-2026: a report at its start.
    if (!id.includes(":") && docById(id)) {
      await showReport(id);
      window.scrollTo({ top: 0 });
      return;
    }
    if (!(await openParagraph(id, hl ? { start: Number(hl[1]), end: Number(hl[2]) } : null))) toast("没有找到这个段落，已打开报告开头。");
  } else show(tabFromUrl());
}

/** The title, the line about the loaded reports, and examples that fit them. */
function describeReports() {
  const docs = allDocs();
  const title = /** @type {HTMLElement} */ (document.getElementById("site-title"));
  const line = /** @type {HTMLElement} */ (document.getElementById("loaded"));
  const one = docs.length === 1 ? docs[0] : null;
  if (one) {
    title.textContent = one.shortTitle;
    document.title = `${one.shortTitle} · 问答与核对`;
    const when = one.date ? one.date.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, "$1年$2月$3日") : null;
    line.textContent = [one.session, when, one.speaker ? `${one.speaker.post} ${one.speaker.name}` : null].filter(Boolean).join(" · ") || one.title;
  } else {
    title.textContent = "政府工作报告问答";
    document.title = `${docs.length} 份政府工作报告 · 问答与核对`;
    // 22 份报告 · 2023年：柳北区 · 2026年：安徽省、重庆市… — the places grouped by report year.
    /** @type {Map<number, string[]>} */
    const byYear = new Map();
    for (const d of docs) byYear.set(d.reportYear, [...(byYear.get(d.reportYear) ?? []), placeOf(d)]);
    const groups = [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([year, places]) => `${year}年：${places.join("、")}`);
    line.textContent = [`${docs.length} 份报告`, ...groups].join(" · ");
  }
}

/** Placeholders that name a chosen report, so the examples can be asked as they are. */
function examples() {
  const d = chosenDocs()[0];
  if (!d || allDocs().length < 2) return;
  const place = placeOf(d);
  /** @type {HTMLInputElement} */ (document.getElementById("question")).placeholder = `例如：${place}${d.reviewYear}年城镇新增就业多少人？`;
  /** @type {HTMLInputElement} */ (document.getElementById("claim")).placeholder = `例如：${d.reviewYear}年${place}地区生产总值增长5%`;
}

setupTabs(show);
// Until the reports are known, at least the right view is on screen.
if (location.pathname !== "/r") showTab(tabFromUrl());

// The sticky header's height, for the outline and for scrolling a paragraph clear of it.
const header = /** @type {HTMLElement} */ (document.querySelector("header.top"));
new ResizeObserver(() => document.documentElement.style.setProperty("--head", `${Math.ceil(header.getBoundingClientRect().height)}px`)).observe(header);

// Questions can be typed at once; they wait for the list of reports before they are sent.
const chat = setupChat(openInReader);
setupCheck(openInReader);

async function start() {
  const line = /** @type {HTMLElement} */ (document.getElementById("loaded"));
  try {
    await loadDocuments(() => (line.textContent = "索引还在建立，稍候自动重试…"));
  } catch (err) {
    line.textContent = `无法加载报告列表：${/** @type {Error} */ (err).message}`;
    return;
  }
  describeReports();
  // A kept conversation was drawn before the reports were known: again, with their names.
  chat.drawAll();
  examples();
  onChosenChange(examples);
  setupPicker();
  setupReader();
  figures = setupFigures(openInReader);
  window.addEventListener("popstate", route);
  window.addEventListener("hashchange", route);
  await route();
  showExamples((q) => chat.ask(q));
  onChosenChange(() => showExamples((q) => chat.ask(q)));
  // A shared link (/?q=…) asks its question, as a thread of its own; the address is
  // cleaned so that a reload does not ask it again.
  const shared = new URLSearchParams(location.search).get("q")?.trim();
  if (shared && location.pathname !== "/r") {
    history.replaceState(null, "", "/");
    show("chat");
    await chat.ask(shared.slice(0, 500), true);
  }
}

start();
