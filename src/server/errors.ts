/**
 * Every error a client can see has a code from this table, and codes become
 * HTTP statuses here and nowhere else. Anything unexpected is logged and
 * answered as a bare INTERNAL error: no stack trace or path reaches a client.
 */
export const ERROR_STATUS = {
  INVALID_JSON: 400,
  INVALID_REQUEST: 400,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
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

/** body-parser's error types → our codes. */
export function fromBodyParser(err: { type?: string; status?: number; expose?: boolean }): ApiError | null {
  switch (err.type) {
    case "entity.parse.failed":
      return new ApiError("INVALID_JSON", "the request body is not valid JSON");
    case "entity.too.large":
      return new ApiError("PAYLOAD_TOO_LARGE", "the request body is too large");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new ApiError("UNSUPPORTED_MEDIA_TYPE", "send the body as UTF-8 JSON");
    case "request.aborted":
    case "request.size.invalid":
    case "stream.encoding.set":
      return new ApiError("INVALID_REQUEST", "the request body could not be read");
    default:
      // Other client errors raised while reading the body (a gzip body that is not gzip)
      // carry a 4xx status from http-errors; they are the client's fault, never a 500.
      if (err && err.expose && typeof err.status === "number") {
        if (err.status === 413) return new ApiError("PAYLOAD_TOO_LARGE", "the request body is too large");
        if (err.status === 415) return new ApiError("UNSUPPORTED_MEDIA_TYPE", "send the body as UTF-8 JSON");
        if (err.status >= 400 && err.status < 500) return new ApiError("INVALID_REQUEST", "the request body could not be read");
      }
      return null;
  }
}
