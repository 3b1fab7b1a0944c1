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
import type { ReportDocument } from "../types.js";

export type BuildJob = { kind: "model"; dir: string } | { kind: "index"; config: Config; documents: ReportDocument[] };

type Message = { type: "progress"; done: number; total: number } | { type: "done" } | { type: "error"; message: string; code?: string };

export class BuildError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

const SELF = fileURLToPath(import.meta.url);

/** Runs a build job in a child process; resolves when its files are on disk. */
export function runBuild(job: BuildJob, onProgress?: (done: number, total: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, ["--build-worker"], {
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve();
    };
    child.on("message", (m: Message) => {
      if (m.type === "progress") onProgress?.(m.done, m.total);
      else if (m.type === "done") settle();
      else settle(new BuildError(m.message, m.code));
    });
    child.on("error", (err) => settle(new BuildError(err.message)));
    child.on("exit", (code, signal) => settle(code === 0 ? undefined : new BuildError(`the build process stopped (${signal ?? `exit code ${code}`})`)));
    child.send(job);
  });
}

async function work(job: BuildJob): Promise<void> {
  if (job.kind === "model") {
    const { buildBuiltinModel } = await import("../embed/builtin/build-model.js");
    await buildBuiltinModel(job.dir);
    return;
  }
  const [{ buildCorpus }, { loadModel }, { ReportEmbeddings }, { buildIndex }] = await Promise.all([
    import("../corpus/load.js"),
    import("../embed/model.js"),
    import("../embed/embeddings.js"),
    import("./store.js"),
  ]);
  const corpus = buildCorpus(job.documents, job.config.chunkMaxChars);
  const embeddings = await ReportEmbeddings.create(await loadModel(job.config));
  await buildIndex(job.config, corpus, embeddings, (_stage, done, total) => process.send!({ type: "progress", done, total } satisfies Message));
}

if (process.argv[1] === SELF && process.argv.includes("--build-worker") && process.send) {
  // Orphaned (the server was killed): stop rather than race a new server's build.
  process.on("disconnect", () => process.exit(1));
  process.once("message", (job: BuildJob) => {
    work(job).then(
      () => process.send!({ type: "done" } satisfies Message, () => process.exit(0)),
      (err: NodeJS.ErrnoException) => process.send!({ type: "error", message: err.message, code: err.code } satisfies Message, () => process.exit(1)),
    );
  });
}
