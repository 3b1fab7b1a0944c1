/** A progress bar for index builds on a terminal; plain log lines elsewhere (CI, pipes). */
import cliProgress from "cli-progress";
import type { SyncProgress } from "../index/sync.js";

export function buildProgressBar(): { progress: SyncProgress; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  const progress: SyncProgress = (done, total) => {
    if (!bar) {
      bar = new cliProgress.SingleBar(
        { format: "indexing reports [{bar}] {value}/{total} {percentage}% eta {eta}s", stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    }
    bar.update(done);
  };
  return { progress, stop: () => bar?.stop() };
}
