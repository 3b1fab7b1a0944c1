/** `npm run build-index`: rebuild the index now, whatever state it is in. */
import { loadConfig } from "../config.js";
import { openEngine } from "../engine.js";
import { buildProgressBar } from "./progress.js";

const bar = buildProgressBar();
try {
  const engine = await openEngine(loadConfig(), { rebuild: true, log: (m) => console.error(m), progress: bar.progress });
  bar.stop();
  const m = engine.index.manifest;
  console.log(`index built: ${m.chunks} chunks, model ${m.model.id} (${m.model.dims} dims), ${m.buildMs} ms → ${engine.index.dir}`);
} catch (err) {
  bar.stop();
  console.error(`build failed: ${(err as Error).message}`);
  process.exit(1);
}
