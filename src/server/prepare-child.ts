/**
 * prepareIndex in a short-lived child process, for the cluster's primary: loading
 * the model and the index to check them costs as much memory as a worker, which
 * the primary — serving nothing — would otherwise hold for its whole life.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import type { SyncProgress } from "../index/sync.js";
import type { PreparedIndex } from "../engine.js";

type Message =
  | { type: "log"; msg: string }
  | { type: "progress"; done: number; total: number }
  | { type: "done"; prepared: PreparedIndex }
  | { type: "error"; message: string };

const SELF = fileURLToPath(import.meta.url);

export function prepareIndexInChild(config: Config, options: { log?: (msg: string) => void; progress?: SyncProgress } = {}): Promise<PreparedIndex> {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, ["--prepare-index"], { serialization: "advanced", stdio: ["ignore", "ignore", "inherit", "ipc"] });
    let settled = false;
    const settle = (err: Error | null, prepared?: PreparedIndex) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(prepared!);
    };
    child.on("message", (m: Message) => {
      if (m.type === "log") options.log?.(m.msg);
      else if (m.type === "progress") options.progress?.(m.done, m.total);
      else if (m.type === "done") settle(null, m.prepared);
      else settle(new Error(m.message));
    });
    child.on("error", (err) => settle(err));
    child.on("exit", (code, signal) => settle(new Error(`the index preparation stopped (${signal ?? `exit code ${code}`})`)));
    child.send(config);
  });
}

if (process.argv[1] === SELF && process.argv.includes("--prepare-index") && process.send) {
  // Orphaned (the primary was killed): stop.
  process.on("disconnect", () => process.exit(1));
  process.once("message", async (config: Config) => {
    const send = (m: Message) => new Promise<void>((r) => process.send!(m, () => r()));
    try {
      const { prepareIndex } = await import("../engine.js");
      const prepared = await prepareIndex(config, { log: (msg) => void send({ type: "log", msg }), progress: (done, total) => void send({ type: "progress", done, total }) });
      await send({ type: "done", prepared });
      process.exit(0);
    } catch (err) {
      await send({ type: "error", message: (err as Error).message });
      process.exit(1);
    }
  });
}
