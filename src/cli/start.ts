/**
 * `npm start`: listen at once (health answers, questions get 503 NOT_READY),
 * then load or build the model and index, then serve questions.
 */
import { pino } from "pino";
import { loadConfig } from "../config.js";
import { openEngine, type Engine } from "../engine.js";
import { createApp } from "../server/app.js";
import { listen } from "../server/listen.js";
import { buildProgressBar } from "./progress.js";

const logger = pino({ base: undefined });
const config = loadConfig();
let engine: Engine | null = null;

const server = await listen(createApp(() => engine, config, logger), config).catch((err: Error) => {
  logger.error({ err: err.message }, "server failed to start");
  process.exit(1);
});
const address = server.address();
logger.info(`report-qa listening on http://${config.host}:${typeof address === "object" && address ? address.port : config.port}`);

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: finishing requests in flight, then exiting`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

const bar = buildProgressBar();
try {
  engine = await openEngine(config, { log: (msg) => logger.info(msg), progress: bar.progress });
  bar.stop();
  logger.info(`ready: model ${engine.embeddings.spec.id}, ${engine.indexInfo.reports} reports, ${engine.indexInfo.chunks} chunks (${engine.indexInfo.backend} index ${engine.indexInfo.version})`);
} catch (err) {
  bar.stop();
  // A clear error and a non-zero exit: a supervisor restarts us, we never serve a wrong index.
  logger.error({ err: (err as Error).message }, "cannot load the index or model");
  process.exit(1);
}
