/**
 * Indexing on every core: a few child processes, each with the model loaded
 * once, chunk and embed whole reports while the parent writes the ones done
 * (HNSW insertion and files). Embedding is most of a build's time and
 * transformers.js runs it on one thread, so one process per core is what
 * makes a large build use the machine. Processes, not worker threads, for the
 * same reason as the build itself (onnxruntime and thread termination).
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import type { ReportDocument } from "../types.js";
import type { IndexedReport } from "./backend.js";

type Request = { type: "init"; config: Config } | { type: "report"; id: number; document: ReportDocument };
type Reply = { type: "ready" } | { type: "indexed"; id: number; report: IndexedReport } | { type: "failed"; id: number; message: string };

const SELF = fileURLToPath(import.meta.url);

interface Slot {
  child: ChildProcess;
  busy: boolean;
}

export class EmbedPool {
  private readonly waiting: { document: ReportDocument; resolve: (r: IndexedReport) => void; reject: (e: Error) => void }[] = [];
  private readonly running = new Map<number, { slot: Slot; resolve: (r: IndexedReport) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private closed = false;

  private constructor(private readonly slots: Slot[]) {
    for (const slot of slots) {
      slot.child.on("message", (m: Reply) => this.onReply(slot, m));
      slot.child.on("exit", (code, signal) => {
        // A child that dies fails what it was doing; the build stops with that error rather than hang.
        for (const [id, task] of this.running) {
          if (task.slot !== slot) continue;
          this.running.delete(id);
          task.reject(new Error(`an indexing process stopped (${signal ?? `exit code ${code}`})`));
        }
        slot.busy = true;
        if (!this.closed && this.slots.every((s) => s.busy && ![...this.running.values()].some((t) => t.slot === s))) {
          for (const w of this.waiting.splice(0)) w.reject(new Error("every indexing process stopped"));
        }
      });
    }
  }

  /** Starts `size` processes and waits until each has loaded the model. */
  static async start(config: Config, size: number): Promise<EmbedPool> {
    const slots = await Promise.all(
      Array.from({ length: size }, async () => {
        const child = fork(SELF, ["--embed-worker"], { execArgv: ["--import", "tsx"], serialization: "advanced", stdio: ["ignore", "ignore", "inherit", "ipc"] });
        await new Promise<void>((resolve, reject) => {
          child.once("message", (m: Reply) => (m.type === "ready" ? resolve() : reject(new Error("an indexing process did not start"))));
          child.once("exit", (code) => reject(new Error(`an indexing process stopped while loading the model (exit code ${code})`)));
          child.send({ type: "init", config } satisfies Request);
        });
        return { child, busy: false };
      }),
    );
    return new EmbedPool(slots);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Chunks, embeds and counts one report in a free process. */
  indexReport(document: ReportDocument): Promise<IndexedReport> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ document, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.waiting.length === 0) continue;
      const task = this.waiting.shift()!;
      const id = this.nextId++;
      slot.busy = true;
      this.running.set(id, { slot, resolve: task.resolve, reject: task.reject });
      slot.child.send({ type: "report", id, document: task.document } satisfies Request);
    }
  }

  private onReply(slot: Slot, m: Reply): void {
    if (m.type === "ready") return;
    const task = this.running.get(m.id);
    if (!task) return;
    this.running.delete(m.id);
    slot.busy = false;
    if (m.type === "indexed") task.resolve(m.report);
    else task.reject(new Error(m.message));
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => new Promise<void>((resolve) => (s.child.exitCode !== null ? resolve() : (s.child.once("exit", () => resolve()), s.child.kill())))));
  }
}

async function serve(): Promise<void> {
  const [{ loadModel }, { ReportEmbeddings }, { indexReport }] = await Promise.all([import("../embed/model.js"), import("../embed/embeddings.js"), import("./backend.js")]);
  let embed: { embeddings: Awaited<ReturnType<typeof ReportEmbeddings.create>>; config: Config } | null = null;
  process.on("message", async (m: Request) => {
    if (m.type === "init") {
      embed = { embeddings: await ReportEmbeddings.create(await loadModel(m.config)), config: m.config };
      process.send!({ type: "ready" } satisfies Reply);
      return;
    }
    try {
      const report = await indexReport(m.document, embed!.embeddings, embed!.config.chunkMaxChars);
      process.send!({ type: "indexed", id: m.id, report } satisfies Reply);
    } catch (err) {
      process.send!({ type: "failed", id: m.id, message: (err as Error).message } satisfies Reply);
    }
  });
}

if (process.argv[1] === SELF && process.argv.includes("--embed-worker") && process.send) {
  // Orphaned (the build was killed): stop.
  process.on("disconnect", () => process.exit(1));
  void serve();
}
