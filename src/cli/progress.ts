/** A progress bar for index builds on a terminal; plain log lines elsewhere (CI, pipes). */
import cliProgress from "cli-progress";
import type { BuildProgress } from "../index/store.js";

export function buildProgressBar(): { progress: BuildProgress; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  const progress: BuildProgress = (_stage, done, total) => {
    if (!bar) {
      bar = new cliProgress.SingleBar(
        { format: "embedding chunks [{bar}] {value}/{total} {percentage}% eta {eta}s", stream: process.stderr, noTTYOutput: true, notTTYSchedule: 2000 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    }
    bar.update(done);
  };
  return { progress, stop: () => bar?.stop() };
}
