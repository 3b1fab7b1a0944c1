// @ts-check
// The conversation, kept in localStorage so that a reload shows it again: each message
// is a question and what came of it (the answer as the server streamed it, or a
// failure with the question kept for 重试). Follow-ups are read by the server after the
// conversation's earlier questions (`history`).

const KEY = "report-qa.conversation";
/** Messages kept; older ones are dropped (an answer with its paragraphs is a few kB). */
const MAX_MESSAGES = 40;
/** The API reads at most this many earlier questions. */
export const MAX_HISTORY = 10;

/**
 * @typedef {{text: string, citation: number | null, docId: string | null, report: string | null}} Part
 * @typedef {{status: "answered" | "not_in_report" | "related", reason: string | null, interpretedAs: string | null, routing: unknown, parts: Part[], citations: any[], figures: any[], timings: {totalMs: number} | null}} AnswerRecord
 * @typedef {import("./errors.js").Failure} Failure
 * @typedef {{id: string, question: string, fresh?: boolean, state: "pending" | "done" | "error", answer?: AnswerRecord, failure?: Failure}} Message
 */

/** @type {Message[]} */
let messages = read();

/** @returns {Message[]} */
function read() {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (!raw || !Array.isArray(raw.messages)) return [];
    return raw.messages
      .filter((/** @type {any} */ m) => m && typeof m.id === "string" && typeof m.question === "string")
      .map((/** @type {Message} */ m) =>
        // A page closed while a question ran: the question stays, to be asked again.
        m.state === "pending" ? { ...m, state: "error", failure: { kind: "incomplete", text: "上次提问没有完成，请重试" } } : m,
      );
  } catch {
    return [];
  }
}

/** Writes the conversation; when storage is full, the oldest messages go first. */
export function save() {
  let keep = messages.slice(-MAX_MESSAGES);
  for (;;) {
    try {
      localStorage.setItem(KEY, JSON.stringify({ v: 1, messages: keep }));
      return;
    } catch {
      // No storage (private mode): the conversation lasts for this visit only.
      if (!keep.length) return;
      keep = keep.slice(1);
    }
  }
}

export function all() {
  return messages;
}

/**
 * A new question at the end of the conversation.
 * @param {string} question
 * @param {boolean} [fresh] a question that starts a thread of its own (a shared link): earlier questions are not its history
 * @returns {Message}
 */
export function add(question, fresh = false) {
  const id = `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  /** @type {Message} */
  const m = { id, question, state: "pending", ...(fresh ? { fresh: true } : {}) };
  messages.push(m);
  if (messages.length > MAX_MESSAGES) messages = messages.slice(-MAX_MESSAGES);
  save();
  return m;
}

/** Starts a new conversation. */
export function clear() {
  messages = [];
  save();
}

/**
 * The questions the server reads a message after: the answered ones before it, since
 * the last question that started a thread, oldest first, at most MAX_HISTORY. A question
 * answered from one report goes with that report's id, so a follow-up that names no
 * place (这份报告是谁作的？) stays with it.
 * @param {Message} m
 * @returns {(string | {question: string, docIds: string[]})[]}
 */
export function historyFor(m) {
  if (m.fresh) return [];
  const before = messages.slice(0, Math.max(0, messages.indexOf(m)));
  let start = before.length;
  while (start > 0 && !before[start - 1]?.fresh) start--;
  return before
    .slice(Math.max(0, start - 1))
    .filter((x) => x.state === "done")
    .map((x) => {
      const docIds = /** @type {{docIds?: unknown} | null} */ (x.answer?.routing ?? null)?.docIds;
      return Array.isArray(docIds) && docIds.length === 1 ? { question: x.question, docIds: /** @type {string[]} */ (docIds) } : x.question;
    })
    .slice(-MAX_HISTORY);
}
