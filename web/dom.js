// @ts-check
// Building DOM from data. Text only ever goes in as text nodes: questions, answers and
// the report never become HTML.

/**
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attrs] "text" sets textContent; booleans toggle attributes
 * @param {(Node | string | null | undefined)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/**
 * Text with [from, to) wrapped in <mark>, as nodes.
 * @param {string} text
 * @param {number} from
 * @param {number} to
 * @param {string} [cls]
 */
export function marked(text, from, to, cls) {
  if (from < 0 || to <= from || to > text.length) return [text];
  return [text.slice(0, from), el("mark", { text: text.slice(from, to), class: cls }), text.slice(to)];
}

/** @param {string} message */
export function toast(message) {
  const box = document.getElementById("toast");
  if (!box) return;
  box.textContent = message;
  box.classList.add("show");
  setTimeout(() => box.classList.remove("show"), 2500);
}

/**
 * Copies a citation such as 《柳北区2023年政府工作报告》一、(六) 第3段：“…”.
 * @param {{reference: string, quote: string}} c
 */
export async function copyCitation(c) {
  const text = `${c.reference}：“${c.quote}”`;
  try {
    await navigator.clipboard.writeText(text);
    toast("已复制引用");
  } catch {
    toast(text);
  }
  return text;
}

/**
 * Calls `handler` with the trimmed text when the form is submitted with something in it.
 * @param {string} formId
 * @param {string} inputId
 * @param {(text: string, input: HTMLInputElement) => Promise<void>} handler
 */
export function onTextSubmit(formId, inputId, handler) {
  const form = /** @type {HTMLFormElement} */ (document.getElementById(formId));
  const input = /** @type {HTMLInputElement} */ (document.getElementById(inputId));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text) await handler(text, input);
  });
}
