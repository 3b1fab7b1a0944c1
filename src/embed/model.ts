/**
 * Chooses and loads the embedding model through transformers.js.
 *
 * Order: a pretrained model (default Xenova/bge-small-zh-v1.5) from MODELS_DIR
 * (air-gapped installs) or the download cache; else fetched from the hub or the
 * mirror in HF_ENDPOINT when that answers; else — announced in one log line — the
 * built-in model this project generates itself (src/embed/builtin).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { env, pipeline, type FeatureExtractionPipeline } from "@xenova/transformers";
import type { Config } from "../config.js";
import { BUILTIN_MODEL_ID, buildBuiltinModel, isBuiltinModelCurrent } from "./builtin/build-model.js";

export interface ModelSpec {
  id: string;
  /** bge reads the [CLS] vector; the built-in model averages its token vectors. */
  pooling: "cls" | "mean";
  /** Instruction bge-zh expects before a short query (from its model card); none for passages. */
  queryPrefix: string;
  /** Load onnx/model_quantized.onnx (true) or onnx/model.onnx. */
  quantized: boolean;
}

const KNOWN: Record<string, Omit<ModelSpec, "id">> = {
  "Xenova/bge-small-zh-v1.5": { pooling: "cls", queryPrefix: "为这个句子生成表示以用于检索相关文章：", quantized: true },
  "Xenova/bge-base-zh-v1.5": { pooling: "cls", queryPrefix: "为这个句子生成表示以用于检索相关文章：", quantized: true },
  [BUILTIN_MODEL_ID]: { pooling: "mean", queryPrefix: "", quantized: false },
};

export function specFor(id: string): ModelSpec {
  return { id, ...(KNOWN[id] ?? { pooling: "mean", queryPrefix: "", quantized: true }) };
}

export interface LoadedModel {
  spec: ModelSpec;
  extractor: FeatureExtractionPipeline;
  /** Where it came from, for logs and /api/health. */
  source: "local" | "cache" | "remote" | "builtin";
  /** Changes whenever the model's weights may have changed: an index built with another fingerprint is stale. */
  fingerprint: string;
}

export class ModelUnavailableError extends Error {
  readonly code = "MODEL_UNAVAILABLE";
}

type Log = (msg: string) => void;

export async function loadModel(config: Config, log: Log = () => {}): Promise<LoadedModel> {
  if (config.embedModel === BUILTIN_MODEL_ID) return loadBuiltin(config, log);
  try {
    return await loadPretrained(config, log);
  } catch (err) {
    if (!config.fallbackToBuiltin) throw err;
    log(`embedding model ${config.embedModel} unavailable (${(err as Error).message}); using the built-in model ${BUILTIN_MODEL_ID} instead`);
    return loadBuiltin(config, log);
  }
}

async function loadPretrained(config: Config, log: Log): Promise<LoadedModel> {
  const spec = specFor(config.embedModel);
  env.localModelPath = config.modelsDir + path.sep;
  env.cacheDir = config.modelCacheDir;
  env.useFSCache = true;
  env.allowLocalModels = true;
  env.remoteHost = config.remoteHost.endsWith("/") ? config.remoteHost : config.remoteHost + "/";

  let source: LoadedModel["source"];
  if (existsSync(path.join(config.modelsDir, spec.id, "config.json"))) source = "local";
  else if (existsSync(path.join(config.modelCacheDir, spec.id, "config.json"))) source = "cache";
  else if (!config.allowRemoteModels) {
    throw new ModelUnavailableError(`not found in ${config.modelsDir} or ${config.modelCacheDir}, and ALLOW_REMOTE_MODELS is off`);
  } else if (!(await reachable(env.remoteHost, spec.id, config.remoteTimeoutMs))) {
    throw new ModelUnavailableError(`not found locally and ${env.remoteHost} is unreachable (set HF_ENDPOINT to a mirror, or put the model in ${config.modelsDir})`);
  } else source = "remote";

  // Only the remote case may touch the network; local loads stay offline.
  env.allowRemoteModels = source === "remote";
  if (source === "remote") log(`downloading ${spec.id} from ${env.remoteHost} into ${config.modelCacheDir}`);
  try {
    const extractor = await pipeline("feature-extraction", spec.id, { quantized: spec.quantized });
    return { spec, extractor, source, fingerprint: `${spec.id}${spec.quantized ? ":quantized" : ""}` };
  } catch (err) {
    const message = (err as Error).message;
    if (/not found locally|Could not locate file/.test(message)) {
      throw new ModelUnavailableError(`model files for ${spec.id} are incomplete: ${message.replace(/^.*?(file was not found locally|Could not locate file)/, "$1")}`, { cause: err });
    }
    throw new ModelUnavailableError(`cannot load ${spec.id}: ${message}`, { cause: err });
  }
}

async function loadBuiltin(config: Config, log: Log): Promise<LoadedModel> {
  const spec = specFor(BUILTIN_MODEL_ID);
  const dir = path.join(config.modelsDir, BUILTIN_MODEL_ID);
  // Rebuilt when missing or made by another version of the generator or its data.
  if (!(await isBuiltinModelCurrent(dir))) {
    log(`building the built-in embedding model into ${dir}`);
    await buildBuiltinModel(dir);
  }
  env.localModelPath = config.modelsDir + path.sep;
  env.allowLocalModels = true;
  env.allowRemoteModels = false; // never a network attempt for the built-in model
  const extractor = await pipeline("feature-extraction", spec.id, { quantized: spec.quantized });
  const fingerprint = `${spec.id}@${createHash("sha256").update(readFileSync(path.join(dir, "builtin-model.json"))).digest("hex").slice(0, 16)}`;
  return { spec, extractor, source: "builtin", fingerprint };
}

/** A cheap HEAD on the model's config with a deadline, so an offline machine falls back in seconds. */
async function reachable(host: string, id: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(`${host}${id}/resolve/main/config.json`, { method: "HEAD", signal: AbortSignal.timeout(timeoutMs) });
    return res.ok || res.status === 302 || res.status === 307;
  } catch {
    return false;
  }
}
