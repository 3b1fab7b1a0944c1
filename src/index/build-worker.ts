/**
 * Index and model builds, off the request thread. Embedding thousands of chunks,
 * HNSW insertion and the built-in model's generation are seconds to minutes of
 * CPU; on the server's thread they would stop /api/health from answering. They
 * run in a child process, which writes the build to disk; the server then loads
 * it like any saved index. A process rather than a worker thread: onnxruntime
 * does not survive a worker thread's termination, and a child's crash cannot
 * take the server down. The child exits when its parent goes away.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import type { SyncPlan, SyncResult } from "./sync.js";
import { EmbedPool } from "./embed-pool.js";

/** "index": apply a sync plan (the reports to index, the ids to remove) to the configured backend. */
export type BuildJob = { kind: "model"; dir: string } | { kind: "index"; config: Config; plan: SyncPlan };

type Message = { type: "progress"; done: number; total: number } | { type: "done"; result?: SyncResult } | { type: "error"; message: string; code?: string };

export class BuildError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

const SELF = fileURLToPath(import.meta.url);

/** Runs a build job in a child process; resolves when what it wrote is stored (with what an index job changed). */
export function runBuild(job: BuildJob, onProgress?: (done: number, total: number) => void): Promise<SyncResult | undefined> {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, ["--build-worker"], {
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    let settled = false;
    let result: SyncResult | undefined;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(result);
    };
    child.on("message", (m: Message) => {
      if (m.type === "progress") onProgress?.(m.done, m.total);
      else if (m.type === "done") {
        result = m.result;
        settle();
      }
      else settle(new BuildError(m.message, m.code));
    });
    child.on("error", (err) => settle(new BuildError(err.message)));
    child.on("exit", (code, signal) => settle(code === 0 ? undefined : new BuildError(`the build process stopped (${signal ?? `exit code ${code}`})`)));
    child.send(job);
  });
}

async function work(job: BuildJob): Promise<SyncResult | undefined> {
  if (job.kind === "model") {
    const { buildBuiltinModel } = await import("../embed/builtin/build-model.js");
    await buildBuiltinModel(job.dir);
    return undefined;
  }
  const [{ loadModel }, { ReportEmbeddings }, { openBackend, applySync }] = await Promise.all([
    import("../embed/model.js"),
    import("../embed/embeddings.js"),
    import("./sync.js"),
  ]);
  const embeddings = await ReportEmbeddings.create(await loadModel(job.config));
  // The plan comes from the server, which verified every stored report: one it found damaged is in it.
  const backend = await openBackend(job.config, embeddings.dims, "write");
  // Several reports: embedded on every core while this process writes.
  const processes = Math.min(job.config.indexProcesses, job.plan.index.length);
  const pool = processes > 1 ? await EmbedPool.start(job.config, processes) : null;
  try {
    return await applySync(backend, job.plan, embeddings, job.config.chunkMaxChars, {
      progress: (done, total) => process.send!({ type: "progress", done, total } satisfies Message),
      indexOne: pool ? (d) => pool.indexReport(d) : undefined,
      window: pool ? pool.size * 2 : 1,
    });
  } finally {
    await pool?.close();
    await backend.close();
  }
}

if (process.argv[1] === SELF && process.argv.includes("--build-worker") && process.send) {
  // Orphaned (the server was killed): stop rather than race a new server's build.
  process.on("disconnect", () => process.exit(1));
  process.once("message", (job: BuildJob) => {
    work(job).then(
      (result) => process.send!({ type: "done", result } satisfies Message, () => process.exit(0)),
      (err: NodeJS.ErrnoException) => process.send!({ type: "error", message: err.message, code: err.code } satisfies Message, () => process.exit(1)),
    );
  });
}
