// @ts-check
// The API as the page uses it. Errors come back as {error: {code, message}}; they are
// thrown as HttpError (status, code and the server's message) so the page can say
// in Chinese what went wrong.

export class HttpError extends Error {
  /**
   * @param {number} status
   * @param {string | null} code
   * @param {string} message the server's message (or HTTP <status>)
   */
  constructor(status, code, message) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
  }
}

/** @param {Response} res */
async function failure(res) {
  const data = await res.json().catch(() => null);
  return new HttpError(res.status, data?.error?.code ?? null, data?.error?.message ?? `HTTP ${res.status}`);
}

/**
 * @param {string} path
 * @param {unknown} body
 */
export async function postJson(path, body) {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw await failure(res);
  return res.json();
}

/** @param {string} path */
export async function getJson(path) {
  const res = await fetch(path);
  if (!res.ok) throw await failure(res);
  return res.json();
}

/**
 * POSTs and reads Server-Sent Events from the response body (EventSource can only GET).
 * A stream that ends before its `done` event is an error: the answer would be cut short.
 * @param {string} path
 * @param {unknown} body
 * @param {(event: string, data: any) => void} onEvent
 * @param {AbortSignal} [signal]
 */
export async function postStream(path, body, onEvent, signal) {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });
  if (!res.ok || !res.body) throw await failure(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let finished = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = block.match(/^event: (.*)$/m)?.[1] ?? "message";
      const data = block.match(/^data: (.*)$/m)?.[1];
      if (data === undefined) continue;
      if (event === "done") finished = true;
      onEvent(event, JSON.parse(data));
    }
  }
  if (!finished) throw new Error("incomplete");
}
