// @ts-check
// The page: three views (chat, claim check, report reader) behind accessible tabs,
// and the /r#<paragraph id> links that open the reader at a paragraph.
import { setupChat } from "./chat.js";
import { setupCheck } from "./check.js";
import { loadReport, openParagraph } from "./reader.js";
import { toast } from "./dom.js";

const TABS = ["chat", "check", "reader"];

/** @param {string} name @param {boolean} [focus] */
function show(name, focus = false) {
  for (const t of TABS) {
    const tab = /** @type {HTMLElement} */ (document.getElementById(`tab-${t}`));
    const view = /** @type {HTMLElement} */ (document.getElementById(`view-${t}`));
    const on = t === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    view.hidden = !on;
    if (on && focus) tab.focus();
  }
  if (name === "reader") loadReport();
}

/** Opens a citation in the reader, with its quote highlighted; the URL can be shared. */
/** @param {import("./cards.js").Citation} c */
async function openInReader(c) {
  history.pushState(null, "", `/r?hl=${c.start}-${c.end}#${c.id}`);
  show("reader");
  await openParagraph(c.id, { start: c.start, end: c.end });
}

async function route() {
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
    if (id) await openParagraph(id, hl ? { start: Number(hl[1]), end: Number(hl[2]) } : null);
  } else show("chat");
}

for (const [i, t] of TABS.entries()) {
  const tab = /** @type {HTMLElement} */ (document.getElementById(`tab-${t}`));
  tab.addEventListener("click", () => show(t));
  // Arrow keys move between tabs, as in the WAI-ARIA tabs pattern.
  tab.addEventListener("keydown", (e) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const next = TABS[(i + (e.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length];
    if (next) show(next, true);
  });
}
window.addEventListener("popstate", route);
window.addEventListener("hashchange", route);
setupChat(openInReader);
setupCheck(openInReader);
route();
