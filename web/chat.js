// @ts-check
// The conversation: questions asked in turn, each answer streamed in under its
// question; follow-ups are sent with the conversation's earlier questions. The whole
// conversation is kept (conversation.js) and drawn again on reload; 新对话 starts over.
// While a question runs the page shows it and takes no second one; the answer, once
// in, is scrolled into view and focused. A failure says why in Chinese and keeps the
// question, with 重试.
import { postStream } from "./api.js";
import * as conversation from "./conversation.js";
import { loadDocuments, scopeBody } from "./docs.js";
import { describeFailure } from "./errors.js";
import { answerItem, questionItem } from "./message.js";
import { RELATED_LEAD } from "./share.js";

/** How long a question may take before the page gives up (the server's own budget is a few seconds). */
const ASK_TIMEOUT_MS = 20_000;

/** @typedef {import("./conversation.js").Message} Message */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @param {(c: {id: string, start: number, end: number}) => void} openInReader
 * @returns {{ask: (question: string, fresh?: boolean) => Promise<void>, drawAll: () => void}}
 */
export function setupChat(openInReader) {
  const list = /** @type {HTMLOListElement} */ ($("conversation"));
  const form = /** @type {HTMLFormElement} */ ($("ask-form"));
  const input = /** @type {HTMLInputElement} */ ($("question"));
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
  const newChat = /** @type {HTMLButtonElement} */ ($("new-chat"));
  const empty = $("chat-empty");
  let pending = /** @type {Message | null} */ (null);
  const actions = { open: openInReader, retry: (/** @type {Message} */ m) => run(m) };

  function drawAll() {
    list.replaceChildren(...conversation.all().flatMap((m) => [questionItem(m), answerItem(m, actions)]));
    const none = conversation.all().length === 0;
    empty.hidden = !none;
    newChat.hidden = none;
  }

  /** @param {Message} m */
  function redraw(m) {
    const q = list.querySelector(`.msg.user[data-msg="${m.id}"]`);
    const a = list.querySelector(`.msg.bot[data-msg="${m.id}"]`);
    if (!q || !a) return drawAll();
    q.replaceWith(questionItem(m));
    const item = answerItem(m, actions);
    a.replaceWith(item);
    return item;
  }

  /** @param {boolean} on */
  function setBusy(on) {
    submit.disabled = on;
    newChat.disabled = on;
    submit.textContent = on ? "正在回答…" : "提问";
    form.setAttribute("aria-busy", String(on));
  }

  /**
   * Asks (or asks again) a message's question and draws what comes back.
   * @param {Message} m
   */
  async function run(m) {
    if (pending) return;
    pending = m;
    m.state = "pending";
    delete m.failure;
    delete m.answer;
    setBusy(true);
    redraw(m);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new DOMException("timeout", "TimeoutError")), ASK_TIMEOUT_MS);
    try {
      await loadDocuments();
      const history = conversation.historyFor(m);
      const body = { question: m.question, ...(history.length ? { history } : {}), ...scopeBody() };
      await postStream("/api/ask/stream", body, (name, data) => receive(m, name, data), abort.signal);
      m.state = "done";
    } catch (err) {
      m.state = "error";
      m.failure = describeFailure(abort.signal.aborted ? abort.signal.reason : err);
      delete m.answer;
      // Nothing is lost: the question goes back into the box unless something new is being typed.
      if (!input.value.trim()) input.value = m.question;
    } finally {
      clearTimeout(timer);
      pending = null;
      setBusy(false);
      conversation.save();
    }
    const item = redraw(m);
    if (item) {
      item.scrollIntoView({ block: "start" });
      item.focus({ preventScroll: true });
    }
  }

  /**
   * One server-sent event into the message's answer, drawn as it arrives.
   * @param {Message} m
   * @param {string} name
   * @param {any} data
   */
  function receive(m, name, data) {
    if (name === "start") {
      const status = data.status ?? (data.answerable ? "answered" : "not_in_report");
      m.answer = { status, reason: data.reason ?? null, interpretedAs: data.interpretedAs ?? null, routing: data.routing ?? null, parts: [], citations: [], figures: [], timings: null };
      return;
    }
    const a = m.answer;
    if (!a) return;
    if (name === "delta") {
      // The most relevant passage offered in place of an answer is not an answer.
      if (!a.parts.length && a.status !== "answered" && RELATED_LEAD.test(String(data.text))) a.status = "related";
      a.parts.push({ text: String(data.text), citation: data.citation ?? null, docId: data.docId ?? null, report: data.report ?? null });
    } else if (name === "citations") {
      a.citations = data.citations ?? [];
      a.figures = data.figures ?? [];
    } else if (name === "done") a.timings = data.timings ?? null;
    else return;
    redraw(m);
  }

  /**
   * @param {string} question
   * @param {boolean} [fresh] a thread of its own (a shared link): no earlier questions are sent with it
   */
  async function ask(question, fresh = false) {
    if (pending) return;
    const m = conversation.add(question, fresh);
    list.append(questionItem(m), answerItem(m, actions));
    empty.hidden = true;
    newChat.hidden = false;
    await run(m);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // Enter or a click while a question runs is ignored: one question at a time.
    if (pending) return;
    const question = input.value.trim();
    if (!question) return;
    input.value = "";
    ask(question);
  });

  newChat.addEventListener("click", () => {
    if (pending) return;
    conversation.clear();
    drawAll();
    input.value = "";
    input.focus();
  });

  // A citation marker opens its own answer's citation (ids carry the message id), even when folded.
  list.addEventListener("click", (event) => {
    const link = /** @type {HTMLElement} */ (event.target).closest?.("a[data-cite]");
    if (!link) return;
    event.preventDefault();
    const card = document.getElementById(link.getAttribute("data-cite") ?? "");
    if (!card) return;
    const box = card.closest("details");
    if (box) box.open = true;
    card.scrollIntoView({ block: "center" });
    card.focus({ preventScroll: true });
    card.classList.remove("flash");
    void card.offsetWidth;
    card.classList.add("flash");
  });

  drawAll();
  return { ask, drawAll };
}
