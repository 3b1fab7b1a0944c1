// @ts-check
// The report picker in the header: a button naming the chosen reports that opens a
// checklist (全选 / 清除, filtered by place name). A disclosure, not a modal: Escape or
// a click outside closes it and focus returns to the button. Choices apply at once.
import { allDocs, chosenIds, chosenSummary, onChosenChange, placeOf, setChosen } from "./docs.js";
import { el } from "./dom.js";

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

export function setupPicker() {
  const docs = allDocs();
  const root = byId("picker");
  const toggle = /** @type {HTMLButtonElement} */ (byId("picker-button"));
  const summary = byId("picker-summary");
  const panel = byId("picker-panel");
  const search = /** @type {HTMLInputElement} */ (byId("picker-search"));
  const list = byId("picker-list");
  const count = byId("picker-count");
  // One report: nothing to choose.
  if (docs.length < 2) return;
  root.hidden = false;

  /** @type {HTMLInputElement[]} */
  const boxes = [];
  for (const d of docs) {
    const box = /** @type {HTMLInputElement} */ (el("input", { type: "checkbox", value: d.id, id: `pick-${d.id}` }));
    boxes.push(box);
    const haystack = [d.place.name, d.place.fullName, d.place.short, ...d.place.aliases, d.shortTitle, String(d.reportYear)].join(" ").toLowerCase();
    list.append(
      el("li", { "data-search": haystack }, [
        el("label", { for: box.id }, [box, el("span", { class: "pk-place", text: placeOf(d) }), el("span", { class: "pk-year", text: `${d.reportYear}年` })]),
      ]),
    );
    box.addEventListener("change", () => setChosen(boxes.filter((b) => b.checked).map((b) => b.value)));
  }

  function render() {
    const ids = chosenIds();
    for (const b of boxes) b.checked = ids.length === 0 || ids.includes(b.value);
    summary.textContent = chosenSummary();
    toggle.setAttribute("aria-label", `选择报告，当前：${chosenSummary()}`);
    count.textContent = ids.length ? `已选 ${ids.length} / ${docs.length}` : `全部 ${docs.length} 份`;
  }
  onChosenChange(render);
  render();

  search.addEventListener("input", () => {
    const q = search.value.trim().toLowerCase();
    for (const li of list.children) /** @type {HTMLElement} */ (li).hidden = Boolean(q) && !(li.getAttribute("data-search") ?? "").includes(q);
  });
  // 全选 and 清除 act on the reports the search shows. After 清除 nothing is ticked
  // (questions then go to all reports) until a report is ticked again.
  let cleared = false;
  const visible = () => boxes.filter((b) => !(/** @type {HTMLElement} */ (b.closest("li")).hidden));
  const current = () => (cleared ? [] : chosenIds().length ? chosenIds() : docs.map((d) => d.id));
  for (const b of boxes) b.addEventListener("change", () => (cleared = false), { capture: true });
  byId("picker-all").addEventListener("click", () => {
    cleared = false;
    setChosen([...new Set([...current(), ...visible().map((b) => b.value)])]);
  });
  byId("picker-none").addEventListener("click", () => {
    const shown = new Set(visible().map((b) => b.value));
    const rest = current().filter((id) => !shown.has(id));
    setChosen(rest);
    if (rest.length) return;
    cleared = true;
    for (const b of boxes) b.checked = false;
    count.textContent = "未选择：按全部报告查询";
  });

  /** @param {boolean} open @param {boolean} [focusButton] */
  function setOpen(open, focusButton = false) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) {
      search.value = "";
      search.dispatchEvent(new Event("input"));
      search.focus();
    } else if (focusButton) toggle.focus();
  }
  toggle.addEventListener("click", () => setOpen(panel.hidden));
  byId("picker-done").addEventListener("click", () => setOpen(false, true));
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !panel.hidden) {
      e.preventDefault();
      setOpen(false, true);
    }
  });
  // Enter in the search box ticks the only report it shows, rather than submitting anything.
  search.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    const shown = visible();
    if (shown.length === 1 && shown[0]) shown[0].click();
  });
  document.addEventListener("pointerdown", (e) => {
    if (!panel.hidden && !root.contains(/** @type {Node} */ (e.target))) setOpen(false);
  });
  root.addEventListener("focusout", (e) => {
    const next = /** @type {Node | null} */ (e.relatedTarget);
    if (!panel.hidden && next && !root.contains(next)) setOpen(false);
  });
}
