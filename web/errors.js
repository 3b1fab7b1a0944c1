// @ts-check
// What went wrong with a question, in Chinese: the network, the server's status (with
// its own message, which names the field at fault), or no answer in time.
import { HttpError } from "./api.js";

/** What each error code of the API (src/server/errors.ts) means for the person asking. */
const CODES = /** @type {Record<string, string>} */ ({
  INVALID_REQUEST: "问题无法处理（可能太长或含有无效字符），请修改后重试",
  INVALID_JSON: "请求格式有误",
  PAYLOAD_TOO_LARGE: "问题太长，请缩短后重试",
  UNSUPPORTED_MEDIA_TYPE: "请求格式有误",
  NOT_FOUND: "服务器上没有这个功能",
  REQUEST_TIMEOUT: "请求超时，请重试",
  TOO_COMPLEX: "问题太复杂，未能在限定时间内回答，请拆成几个简单的问题",
  RATE_LIMITED: "提问太频繁，请稍等片刻再试",
  HEADERS_TOO_LARGE: "请求头太大",
  NOT_READY: "报告索引还在建立，请稍候再试",
  INTERNAL: "服务器内部出错，请稍后再试",
});

/** @typedef {{kind: "network" | "http" | "timeout" | "incomplete", text: string, detail?: string}} Failure */

/**
 * @param {unknown} err
 * @returns {Failure}
 */
export function describeFailure(err) {
  if (err instanceof HttpError) {
    const text = (err.code && CODES[err.code]) || (err.status >= 500 ? "服务器出错，请稍后再试" : "请求未被接受");
    return { kind: "http", text: `${text}（错误 ${err.status}）`, detail: err.message };
  }
  const name = /** @type {{name?: string}} */ (err)?.name;
  if (name === "TimeoutError" || name === "AbortError") return { kind: "timeout", text: "等待回答超时，请检查网络后重试" };
  if (/** @type {Error} */ (err)?.message === "incomplete") return { kind: "incomplete", text: "回答没有传输完整，请重试" };
  // fetch rejects with a TypeError when the server cannot be reached at all.
  return { kind: "network", text: "无法连接服务器，请检查网络或稍后重试" };
}
