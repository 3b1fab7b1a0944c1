/**
 * One server process per core (node:cluster), supervised by a primary that
 * serves nothing itself. The primary prepares the index once — in a short-lived
 * child, which loads it or builds it when missing or stale — and only then tells
 * workers to load it, so workers never build and never build at once.
 *
 * Who listens when, so that a client never meets a worker that is not ready
 * while another is:
 * - At start-up the first worker listens at once, as the single process does:
 *   /api/health answers during the build, questions get 503 NOT_READY.
 * - Every other worker listens only once its engine is loaded, and not before
 *   the first one is ready. A replacement for a dead worker does the same, so a
 *   crash never sends a share of the traffic to a worker still loading.
 *
 * A worker that dies is replaced after a back-off that doubles while workers keep
 * dying young (capped), never in a tight loop. SIGTERM/SIGINT stop the workers
 * gracefully (each finishes its requests in flight), then the primary exits 0.
 * SIGHUP reloads: the index is prepared again (rebuilt if the reports changed),
 * then each worker is replaced by a fresh one, which starts with empty caches,
 * and retired only once its replacement serves — no moment without a listener.
 */
import cluster, { type Worker } from "node:cluster";
import type { Config } from "../config.js";
import { prepareIndexInChild as prepareIndex } from "./prepare-child.js";
import type { SyncProgress } from "../index/sync.js";

/** Primary → worker. */
export type ToWorker = { type: "listen" } | { type: "open" };
/** Worker → primary. */
export type ToPrimary = { type: "hello" } | { type: "loaded" } | { type: "listening" };

export interface PrimaryLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A worker that lived at least this long died of something else than a start-up failure: back-off starts over. */
const STABLE_MS = 30_000;
const BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
const STOP_GRACE_MS = 12_000;

export function runPrimary(config: Config, logger: PrimaryLogger, progress?: { progress: SyncProgress; stop: () => void }): void {
  let prepared = false;
  let stopping = false;
  let youngDeaths = 0;
  /** The worker listening before it is ready (start-up only); while it is not ready, no one else listens. */
  let early: Worker | null = null;
  /** Loaded workers waiting for the early one to be ready before they listen. */
  const waiting = new Set<Worker>();
  const started = new Map<number, number>();
  /** Workers whose message handler is attached (messages sent before it would be lost). */
  const greeted = new Set<Worker>();
  const listening = new Set<Worker>();
  let readyLogged = false;

  const send = (w: Worker, m: ToWorker) => {
    if (w.isConnected()) w.send(m);
  };
  const releaseWaiting = () => {
    for (const w of waiting) send(w, { type: "listen" });
    waiting.clear();
  };

  /** Workers stopped on purpose (a reload): their exit is not a death to recover from. */
  const retiring = new Set<Worker>();

  function fork(listenEarly: boolean): Worker {
    const w = cluster.fork();
    started.set(w.id, Date.now());
    if (listenEarly) early = w;
    w.on("message", (m: ToPrimary) => {
      if (m.type === "hello") {
        greeted.add(w);
        // The worker's handler is attached: instructions sent now are not lost.
        if (w === early) send(w, { type: "listen" });
        if (prepared) send(w, { type: "open" });
      } else if (m.type === "loaded") {
        if (w === early) {
          early = null;
          releaseWaiting();
        } else if (early) waiting.add(w);
        else send(w, { type: "listen" });
      } else if (m.type === "listening") {
        listening.add(w);
        if (!readyLogged && listening.size === config.workers) {
          readyLogged = true;
          logger.info({ workers: config.workers }, `all ${config.workers} workers serving`);
        }
      }
    });
    return w;
  }

  cluster.on("exit", (w, code, signal) => {
    waiting.delete(w);
    greeted.delete(w);
    listening.delete(w);
    if (retiring.delete(w)) return;
    if (w === early) {
      // Nobody is listening unready any more: the loaded workers may listen.
      early = null;
      releaseWaiting();
    }
    if (stopping) return;
    const lived = Date.now() - (started.get(w.id) ?? Date.now());
    started.delete(w.id);
    youngDeaths = lived >= STABLE_MS ? 0 : youngDeaths + 1;
    const delay = Math.min(MAX_BACKOFF_MS, BACKOFF_MS * 2 ** Math.max(0, youngDeaths - 1));
    logger.error({ worker: w.id, pid: w.process.pid, code, signal, livedMs: lived, restartInMs: delay }, `worker ${w.id} died (${signal ?? `exit code ${code}`}); replacing it in ${delay} ms`);
    // Not unref'd: with every worker dead, this timer is what keeps the primary alive to replace them.
    setTimeout(() => {
      if (!stopping) fork(false);
    }, delay);
  });

  function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({}, `${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers (each finishes its requests in flight)`);
    const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w) && !w!.isDead());
    for (const w of alive()) w.process.kill("SIGTERM");
    const check = setInterval(() => {
      if (alive().length === 0) process.exit(0);
    }, 50);
    setTimeout(() => {
      clearInterval(check);
      for (const w of alive()) w.process.kill("SIGKILL");
      process.exit(0);
    }, STOP_GRACE_MS).unref();
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  /** A fresh worker in place of `old`; `old` is told to stop once the fresh one listens. */
  const replace = (old: Worker) =>
    new Promise<void>((resolve) => {
      const fresh = fork(false);
      fresh.on("message", (m: ToPrimary) => {
        if (m.type !== "listening") return;
        retiring.add(old);
        old.process.kill("SIGTERM");
        resolve();
      });
      // Died while loading: the exit handler replaces it; the old worker keeps serving.
      fresh.once("exit", () => resolve());
    });

  let reloading = false;
  async function reload() {
    if (reloading || stopping || !prepared) return;
    reloading = true;
    try {
      const prepared = await prepareIndex(config, { log: (msg) => logger.info({}, msg) });
      logger.info({ version: prepared.version }, `SIGHUP: index ready (version ${prepared.version}); replacing workers one by one`);
      for (const old of Object.values(cluster.workers ?? {})) {
        if (stopping) return;
        if (old && !old.isDead() && !retiring.has(old)) await replace(old);
      }
      logger.info({ version: prepared.version }, `reloaded: the workers serve index version ${prepared.version}`);
    } catch (err) {
      logger.error({ err: (err as Error).message }, "reload failed; the workers keep serving the index they have");
    } finally {
      reloading = false;
    }
  }
  process.on("SIGHUP", () => void reload());

  for (let i = 0; i < config.workers; i++) fork(i === 0);

  prepareIndex(config, { log: (msg) => logger.info({}, msg), progress: progress?.progress }).then(
    (index) => {
      progress?.stop();
      prepared = true;
      logger.info({ reports: index.reports, version: index.version }, `index ready (${index.reports} reports, version ${index.version}); workers load it`);
      for (const w of greeted) send(w, { type: "open" });
    },
    (err: Error) => {
      progress?.stop();
      // As the single process does: a clear error and a non-zero exit, never a wrong index.
      logger.error({ err: err.message }, "cannot prepare the index or model");
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      setTimeout(() => process.exit(1), 2000).unref();
      cluster.on("exit", () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      });
    },
  );
}
