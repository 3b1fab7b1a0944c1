/** `npm start`: load (or build) everything, then serve the API and the page. */
import { pino } from "pino";
import { loadConfig } from "../config.js";
import { openEngine } from "../engine.js";
import { createApp } from "../server/app.js";
import { buildProgressBar } from "./progress.js";

const logger = pino({ base: undefined });
const config = loadConfig();
const bar = buildProgressBar();
try {
  const engine = await openEngine(config, { log: (msg) => logger.info(msg), progress: bar.progress });
  bar.stop();
  const server = createApp(engine, logger).listen(config.port, config.host, () => {
    logger.info(`report-qa listening on http://${config.host}:${config.port} (model ${engine.embeddings.spec.id}, ${engine.index.manifest.chunks} chunks)`);
  });
  server.on("error", (err) => {
    logger.error({ err: err.message }, "server failed to start");
    process.exit(1);
  });
  const shutdown = () => {
    logger.info("shutting down: finishing requests in flight");
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
} catch (err) {
  bar.stop();
  logger.error({ err: (err as Error).message }, "cannot start");
  process.exit(1);
}
