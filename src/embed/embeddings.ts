/**
 * The loaded transformers.js model behind LangChain's Embeddings interface, so
 * LangChain vector stores (HNSWLib) and our own index use the same vectors.
 */
import { Embeddings } from "@langchain/core/embeddings";
import type { LoadedModel, ModelSpec } from "./model.js";

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

  private async run(texts: string[]): Promise<number[][]> {
    const out = await this.model.extractor(texts, { pooling: this.spec.pooling, normalize: true });
    const dims = out.dims[out.dims.length - 1]!;
    const data = out.data as Float32Array;
    return texts.map((_, i) => Array.from(data.subarray(i * dims, (i + 1) * dims)));
  }
}
