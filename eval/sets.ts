/** The evaluation set: JSON Lines in eval/sets/, one file per split. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod/v4";

export const SETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "sets");
export const SPLITS = ["tuning", "heldout"] as const;
export type Split = (typeof SPLITS)[number];

export const QUESTION_TYPES = ["figure", "target", "definition", "fact", "honours", "paraphrase", "multi", "unanswerable", "claim"] as const;
export const VERDICTS = ["supported", "contradicted", "partially_supported", "not_found"] as const;

export const EvalItem = z.object({
  id: z.string(),
  question: z.string().min(1),
  type: z.enum(QUESTION_TYPES),
  lang: z.enum(["zh", "en"]),
  expected: z.array(z.string()),
  /** 1-based line numbers of the corpus file (what question writers see). */
  goldLines: z.array(z.number().int().positive()),
  /** Paragraph ids resolved from goldLines by eval/tools/resolve-gold.ts. */
  gold: z.array(z.string()).optional(),
  verdict: z.enum(VERDICTS).optional(),
  mismatch: z.enum(["direction", "value", "unit", "period", "qualifier"]).optional(),
  note: z.string().optional(),
});
export type EvalItem = z.infer<typeof EvalItem> & { split: Split };

export function loadSplit(split: Split): EvalItem[] {
  const file = path.join(SETS_DIR, `${split}.jsonl`);
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((line, i) => {
      const parsed = EvalItem.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${split}.jsonl line ${i + 1}: ${z.prettifyError(parsed.error)}`);
      return { ...parsed.data, split };
    });
}

export function loadAll(): EvalItem[] {
  return SPLITS.flatMap(loadSplit);
}
