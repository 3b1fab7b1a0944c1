/**
 * The evaluation sets: JSON Lines in eval/sets/, one file per set and split,
 * all loaded into one item shape. Each set is a source (file names + a parser
 * that normalises its records), so a new set is one more entry in SOURCES.
 *
 * Gold paragraph ids are not stored here: they are resolved at run time from
 * `goldLines` against the corpus the engine serves (eval/gold.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod/v4";

export const SETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "sets");
export const SPLITS = ["tuning", "heldout"] as const;
export type Split = (typeof SPLITS)[number];
export const SET_NAMES = ["seed", "provinces"] as const;
export type SetName = (typeof SET_NAMES)[number];

/** The seed report: the subject of every item of the seed set. */
export const SEED_DOC = "liubei-2023";
/** `docs: ["*"]`: a ranking question over every report. */
export const ALL_DOCS = "*";

export const QUESTION_TYPES = ["figure", "target", "five-year", "definition", "fact", "honours", "paraphrase", "multi", "compare", "unanswerable", "claim"] as const;
export const VERDICTS = ["supported", "contradicted", "partially_supported", "not_found"] as const;
export const MISMATCHES = ["direction", "value", "unit", "period", "qualifier"] as const;
/** Why an unanswerable item cannot be answered (provinces set). */
export const REASONS = ["not_in_report", "out_of_scope_period", "other_place"] as const;

const GoldLine = z.object({ doc: z.string().min(1), line: z.number().int().positive() });
export type GoldLine = z.infer<typeof GoldLine>;

const common = {
  id: z.string(),
  question: z.string().min(1),
  lang: z.enum(["zh", "en"]),
  expected: z.array(z.string()),
  verdict: z.enum(VERDICTS).optional(),
  mismatch: z.enum(MISMATCHES).optional(),
  note: z.string().optional(),
};

/** The one shape every set is normalised to. */
export const EvalItemSchema = z.object({
  ...common,
  type: z.enum(QUESTION_TYPES),
  /** Doc ids the item asks about; [] = a place with no report; ["*"] = every report. */
  docs: z.array(z.string().min(1)),
  /** 1-based lines of `<doc>.txt` (lines of text.split("\n")) that hold the answer. */
  goldLines: z.array(GoldLine),
  reason: z.enum(REASONS).optional(),
});
export type EvalItem = z.infer<typeof EvalItemSchema> & { split: Split; set: SetName };

/** Seed records: one report, goldLines as bare line numbers (a stored `gold` field is ignored). */
const SeedRecord = z.object({
  ...common,
  type: z.enum(["figure", "target", "definition", "fact", "honours", "paraphrase", "multi", "unanswerable", "claim"]),
  goldLines: z.array(z.number().int().positive()),
});

type ItemData = z.infer<typeof EvalItemSchema>;

/** Parses with a schema, or throws the schema's message. */
function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  return parsed.data;
}

/** A set: its file per split, and a parser from one of its records to the common shape. */
interface SetSource {
  file(split: Split): string;
  parse(raw: unknown): ItemData;
}

export const SOURCES: Record<SetName, SetSource> = {
  seed: {
    file: (split) => `${split}.jsonl`,
    parse(raw) {
      const r = parseWith(SeedRecord, raw);
      return parseWith(EvalItemSchema, { ...r, docs: [SEED_DOC], goldLines: r.goldLines.map((line) => ({ doc: SEED_DOC, line })) });
    },
  },
  provinces: {
    file: (split) => `provinces-${split}.jsonl`,
    parse: (raw) => parseWith(EvalItemSchema, raw),
  },
};

export function loadSet(set: SetName, split: Split): EvalItem[] {
  const name = SOURCES[set].file(split);
  return readFileSync(path.join(SETS_DIR, name), "utf8")
    .split("\n")
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim())
    .map(({ line, n }) => {
      try {
        return { ...SOURCES[set].parse(JSON.parse(line)), split, set };
      } catch (err) {
        throw new Error(`${name} line ${n}: ${(err as Error).message}`);
      }
    });
}

export function loadItems(options: { sets?: readonly SetName[]; splits?: readonly Split[] } = {}): EvalItem[] {
  const items = (options.sets ?? SET_NAMES).flatMap((set) => (options.splits ?? SPLITS).flatMap((split) => loadSet(set, split)));
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new Error(`duplicate eval item id ${item.id}`);
    seen.add(item.id);
  }
  return items;
}

/** Every item of every set and split. */
export function loadAll(): EvalItem[] {
  return loadItems();
}

/** The key an item is grouped under per report: its first doc, "*" for rankings, "none" for places without a report. */
export function reportKey(docs: readonly string[]): string {
  return docs.length === 0 ? "none" : docs[0]!;
}
