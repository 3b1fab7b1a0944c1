/** `npm run build-index`: re-index every report now, whatever state the index is in. */
import { loadConfig } from "../config.js";
import { openEngine } from "../engine.js";
import { buildProgressBar } from "./progress.js";

const bar = buildProgressBar();
try {
  const engine = await openEngine(loadConfig(), { rebuild: true, log: (m) => console.error(m), progress: bar.progress });
  bar.stop();
  const i = engine.indexInfo;
  console.log(`index built: ${i.reports} reports, ${i.chunks} chunks, model ${i.model} (${engine.embeddings.dims} dims), ${i.sync?.ms ?? 0} ms, ${i.backend} index ${i.version}`);
} catch (err) {
  bar.stop();
  console.error(`build failed: ${(err as Error).message}`);
  process.exit(1);
}
