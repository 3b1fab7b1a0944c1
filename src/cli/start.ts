/**
 * `npm start`: listen at once (health answers, questions get 503 NOT_READY),
 * then load or build the model and index, then serve questions.
 *
 * With WORKERS > 1 (the default is one per core) this process becomes the
 * cluster's primary (src/server/cluster.ts): it prepares the index once and
 * keeps WORKERS server processes on the port; each of them runs `serve` below,
 * loading the prepared index without building.
 */
import cluster from "node:cluster";
import type { Server } from "node:http";
import { pino } from "pino";
import { loadConfig, type Config } from "../config.js";
import type { Engine } from "../engine.js";
import { runPrimary, type ToPrimary, type ToWorker } from "../server/cluster.js";
import { buildProgressBar } from "./progress.js";

const config = loadConfig();

if (config.workers > 1 && cluster.isPrimary) {
  runPrimary(config, pino({ base: { role: "primary", pid: process.pid } }), buildProgressBar());
} else {
  await serve(config, cluster.isWorker);
}

/** One server process: alone (it builds the index when needed), or a cluster worker (it only loads). */
async function serve(config: Config, worker: boolean) {
  // Imported here: the primary, which serves nothing, never loads the engine's modules.
  const [{ openEngine }, { createApp }, { listen }] = await Promise.all([import("../engine.js"), import("../server/app.js"), import("../server/listen.js")]);
  // A worker's log lines say which worker wrote them.
  const logger = pino({ base: worker ? { worker: cluster.worker!.id, pid: process.pid } : undefined });
  let engine: Engine | null = null;
  let server: Server | null = null;
  const app = createApp(() => engine, config, logger);
  const tell = (m: ToPrimary) => worker && process.send?.(m);

  async function startListening() {
    if (server) return;
    server = await listen(app, config).catch((err: Error) => {
      logger.error({ err: err.message }, "server failed to start");
      process.exit(1);
    });
    const address = server.address();
    logger.info(`report-qa listening on http://${config.host}:${typeof address === "object" && address ? address.port : config.port}`);
    // A worker listening only now (after loading) is ready as it starts to serve.
    if (engine) logReady(engine);
    tell({ type: "listening" });
  }
  const logReady = (e: Engine) => logger.info(`ready: model ${e.embeddings.spec.id}, ${e.indexInfo.reports} reports, ${e.indexInfo.chunks} chunks (${e.indexInfo.backend} index ${e.indexInfo.version})`);

  async function open(build: boolean) {
    const bar = build ? buildProgressBar() : null;
    try {
      engine = await openEngine(config, { log: (msg) => logger.info(msg), progress: bar?.progress, build });
      bar?.stop();
      if (server) logReady(engine);
      else logger.info(`loaded: model ${engine.embeddings.spec.id}, ${engine.indexInfo.reports} reports, ${engine.indexInfo.chunks} chunks; listening when the primary says so`);
      tell({ type: "loaded" });
    } catch (err) {
      bar?.stop();
      // A clear error and a non-zero exit: a supervisor (or the primary) restarts us, we never serve a wrong index.
      logger.error({ err: (err as Error).message }, "cannot load the index or model");
      process.exit(1);
    }
  }

  let stopping = false;
  function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing requests in flight, then exiting`);
    if (!server) process.exit(0);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  }
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  let opening = false;
  if (worker) {
    // Reloading is the primary's to decide (it replaces us).
    process.on("SIGHUP", () => {});
    // The primary says when to listen and when the index is there to load.
    process.on("message", (m: ToWorker) => {
      if (m.type === "listen") void startListening();
      else if (m.type === "open" && !opening) {
        opening = true;
        void open(false);
      }
    });
    tell({ type: "hello" });
  } else {
    // SIGHUP: the index again (rebuilt if the reports changed), swapped in once loaded;
    // the old engine answers meanwhile. Cached answers are keyed by index version.
    let reloading = false;
    process.on("SIGHUP", () => {
      if (reloading || !engine) return;
      reloading = true;
      openEngine(config, { log: (msg) => logger.info(msg) })
        .then((fresh) => {
          engine = fresh;
          logger.info(`reloaded: index version ${fresh.indexInfo.version}, ${fresh.indexInfo.reports} reports, ${fresh.indexInfo.chunks} chunks`);
        })
        .catch((err: Error) => logger.error({ err: err.message }, "reload failed; still serving the index loaded before"))
        .finally(() => (reloading = false));
    });
    await startListening();
    await open(true);
  }
}
