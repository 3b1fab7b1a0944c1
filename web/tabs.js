// @ts-check
// The four views behind accessible tabs, each at its own URL so that Back, reload and a
// shared link return to it: 问答 at /, 核对说法 at /?tab=check, 数据对比 at
// /?tab=figures, 报告原文 at /r (with the report or paragraph in the hash).

export const TABS = ["chat", "check", "figures", "reader"];

/** The reader's last address, so its tab reopens the same report and paragraph. */
let readerUrl = "/r";

/** The tab the address names. */
export function tabFromUrl() {
  if (location.pathname === "/r") return "reader";
  const t = new URLSearchParams(location.search).get("tab") ?? "";
  return TABS.includes(t) && t !== "reader" ? t : "chat";
}

/** @param {string} name */
function tabUrl(name) {
  if (name === "chat") return "/";
  if (name === "reader") return readerUrl;
  return `/?tab=${name}`;
}

/**
 * Shows one view and marks its tab selected.
 * @param {string} name
 * @param {boolean} [focus]
 */
export function showTab(name, focus = false) {
  for (const t of TABS) {
    const tab = /** @type {HTMLElement} */ (document.getElementById(`tab-${t}`));
    const view = /** @type {HTMLElement} */ (document.getElementById(`view-${t}`));
    const on = t === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    view.hidden = !on;
    if (on && focus) tab.focus();
  }
}

/**
 * Clicks and arrow keys on the tabs: the address follows (a click adds a history entry,
 * arrow keys replace it, so Back does not step through every tab passed over).
 * @param {(name: string, focus?: boolean) => void} show
 */
export function setupTabs(show) {
  /** @param {string} name @param {"push" | "replace"} how */
  const go = (name, how) => {
    if (location.pathname === "/r") readerUrl = `${location.pathname}${location.search}${location.hash}`;
    if (tabFromUrl() !== name) history[how === "push" ? "pushState" : "replaceState"](null, "", tabUrl(name));
  };
  for (const [i, t] of TABS.entries()) {
    const tab = /** @type {HTMLElement} */ (document.getElementById(`tab-${t}`));
    tab.addEventListener("click", () => {
      go(t, "push");
      show(t);
    });
    // Arrow keys (and Home/End) move between tabs, as in the WAI-ARIA tabs pattern.
    tab.addEventListener("keydown", (e) => {
      const to = { ArrowRight: i + 1, ArrowLeft: i + TABS.length - 1, Home: 0, End: TABS.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      const next = TABS[to % TABS.length];
      if (!next) return;
      go(next, "replace");
      show(next, true);
    });
  }
}
