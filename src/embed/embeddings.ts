/**
 * The loaded transformers.js model behind LangChain's Embeddings interface, so
 * LangChain vector stores (HNSWLib) and our own index use the same vectors.
 */
import { Embeddings } from "@langchain/core/embeddings";
import type { LoadedModel, ModelSpec } from "./model.js";
import { poolAndNormalize } from "./pooling.js";

const BATCH = 32;

export class ReportEmbeddings extends Embeddings {
  readonly spec: ModelSpec;
  readonly dims: number;

  private constructor(private readonly model: LoadedModel, dims: number) {
    super({});
    this.spec = model.spec;
    this.dims = dims;
  }

  static async create(model: LoadedModel): Promise<ReportEmbeddings> {
    const probe = await model.extractor("测试", { pooling: model.spec.pooling, normalize: true });
    return new ReportEmbeddings(model, probe.dims[probe.dims.length - 1]!);
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

  /** Queries get the model's instruction prefix (bge-zh needs it for short queries). */
  async embedQuery(text: string): Promise<number[]> {
    return (await this.run([this.spec.queryPrefix + text]))[0]!;
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
