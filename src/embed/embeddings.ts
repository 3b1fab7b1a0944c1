/**
 * The loaded transformers.js model behind LangChain's Embeddings interface, so
 * LangChain vector stores (HNSWLib) and our own index use the same vectors.
 */
import { Embeddings } from "@langchain/core/embeddings";
import type { LoadedModel, ModelSpec } from "./model.js";
import { poolAndNormalize } from "./pooling.js";
import { Lru } from "../cache.js";

const BATCH = 32;

export class ReportEmbeddings extends Embeddings {
  readonly spec: ModelSpec;
  readonly dims: number;

  /**
   * Question vectors by question text. A vector depends on the model alone, and
   * this object is one model's: an index built with another model comes with
   * another ReportEmbeddings, so this cache never outlives the model it was filled by.
   */
  readonly queryCache: Lru<string, number[]>;

  private constructor(private readonly model: LoadedModel, dims: number, queryCacheEntries: number) {
    super({});
    this.spec = model.spec;
    this.dims = dims;
    this.queryCache = new Lru({ maxEntries: queryCacheEntries });
  }

  /** `queryCacheEntries`: question vectors kept (0, the default, keeps none: builds embed each text once). */
  static async create(model: LoadedModel, queryCacheEntries = 0): Promise<ReportEmbeddings> {
    const probe = await model.extractor("测试", { pooling: model.spec.pooling, normalize: true });
    return new ReportEmbeddings(model, probe.dims[probe.dims.length - 1]!, queryCacheEntries);
  }

  get source() {
    return this.model.source;
  }

  get fingerprint() {
    return this.model.fingerprint;
  }

  /** Passages are embedded as they are. */
  async embedDocuments(texts: string[], onProgress?: (done: number) => void): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      vectors.push(...(await this.run(texts.slice(i, i + BATCH))));
      onProgress?.(Math.min(i + BATCH, texts.length));
    }
    return vectors;
  }

  /**
   * Queries get the model's instruction prefix (bge-zh needs it for short queries).
   * Keyed by the exact text (the API has already normalised it), so a hit is the
   * very vector the model would give. The returned array is shared: read it only.
   */
  async embedQuery(text: string): Promise<number[]> {
    const known = this.queryCache.get(text);
    if (known) return known;
    const vector = (await this.run([this.spec.queryPrefix + text]))[0]!;
    this.queryCache.set(text, vector);
    return vector;
  }

  /** The pipeline's tokenizer and model; pooling and normalisation in one pass (see pooling.ts). */
  private async run(texts: string[]): Promise<number[][]> {
    const { tokenizer, model } = this.model.extractor;
    const inputs = tokenizer(texts, { padding: true, truncation: true });
    const outputs = await model(inputs);
    const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
    const [batch, tokens, dims] = hidden.dims as [number, number, number];
    return poolAndNormalize(hidden.data as Float32Array, [batch, tokens, dims], inputs.attention_mask.data as BigInt64Array, this.spec.pooling).map((v) => Array.from(v));
  }
}
