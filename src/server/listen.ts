/**
 * Starts the HTTP server with deadlines for slow clients: a client that does
 * not finish its headers or its request in time is answered 408 and dropped,
 * so a few slow connections cannot hold the server.
 */
import http from "node:http";
import type { Express } from "express";
import type { Config } from "../config.js";

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
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
