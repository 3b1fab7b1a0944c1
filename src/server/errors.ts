/**
 * Every error a client can see has a code from this table, and codes become
 * HTTP statuses here and nowhere else. Anything unexpected is logged and
 * answered as a bare INTERNAL error: no stack trace or path reaches a client.
 */
import { DeadlineExceeded } from "../deadline.js";

export const ERROR_STATUS = {
  INVALID_JSON: 400,
  INVALID_REQUEST: 400,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_COMPLEX: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  NOT_READY: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/**
 * Errors raised by our code or by the libraries below the routes → our codes;
 * null for anything unexpected (a bug: logged, answered as a bare 500).
 */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err instanceof DeadlineExceeded) return new ApiError("TOO_COMPLEX", err.message, undefined, { cause: err });
  // The router cannot decode a path parameter (%E0%A4%A): the client's URL is malformed.
  if (err instanceof URIError) return new ApiError("INVALID_REQUEST", "the URL is not valid percent-encoded UTF-8");
  const e = err as { status?: number; statusCode?: number; expose?: boolean } | null;
  const status = e?.status ?? e?.statusCode;
  // Other client errors from http-errors (express.static, the router) carry a 4xx status.
  if (typeof status === "number" && status >= 400 && status < 500) {
    if (status === 404) return new ApiError("NOT_FOUND", "no such page");
    if (status === 413) return new ApiError("PAYLOAD_TOO_LARGE", "the request body is too large");
    if (status === 415) return new ApiError("UNSUPPORTED_MEDIA_TYPE", "send the body as UTF-8 JSON");
    return new ApiError("INVALID_REQUEST", "the request could not be read");
  }
  return null;
}

/** The JSON body of an error response. */
export function errorBody(error: ApiError, requestId?: string) {
  return { error: { code: error.code, message: error.message, ...(requestId ? { requestId } : {}), ...(error.details ? { details: error.details } : {}) } };
}
