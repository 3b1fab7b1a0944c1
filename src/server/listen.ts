/**
 * Starts the HTTP server with deadlines for slow clients: a client that does
 * not finish its headers or its request in time is answered 408 and dropped,
 * so a few slow connections cannot hold the server.
 */
import http from "node:http";
import type { Socket } from "node:net";
import type { Express } from "express";
import type { Config } from "../config.js";
import { ApiError, errorBody, type ErrorCode } from "./errors.js";

/**
 * Requests Node itself rejects (malformed HTTP, headers too large, a request that
 * did not arrive in time) get the same JSON error body as everything else.
 */
function onClientError(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
  const code: ErrorCode = err.code === "HPE_HEADER_OVERFLOW" ? "HEADERS_TOO_LARGE" : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "REQUEST_TIMEOUT" : "INVALID_REQUEST";
  const message = code === "HEADERS_TOO_LARGE" ? "the request headers are too large" : code === "REQUEST_TIMEOUT" ? "the request did not arrive in time" : "the request is not valid HTTP";
  const error = new ApiError(code, message);
  const body = JSON.stringify(errorBody(error));
  socket.end(`HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export function listen(app: Express, config: Config, port = config.port, host = config.host): Promise<http.Server> {
  const server = http.createServer(
    {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // How often Node checks those deadlines (its default, 30 s, would let a slow client linger).
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
    },
    app,
  );
  server.on("clientError", onClientError);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
