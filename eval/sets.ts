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
/** Question sets of single items; the conversations (conversations-*.jsonl) are loaded apart, by loadConversations. */
export const SET_NAMES = ["seed", "provinces", "chat"] as const;
export type SetName = (typeof SET_NAMES)[number];

/** The seed report: the subject of every item of the seed set. */
export const SEED_DOC = "liubei-2023";
/** `docs: ["*"]`: a ranking question over every report. */
export const ALL_DOCS = "*";

export const QUESTION_TYPES = ["figure", "target", "five-year", "definition", "fact", "honours", "paraphrase", "multi", "compare", "unanswerable", "claim", "summary", "why", "report-fact"] as const;
/** The kinds of the chat set (chat-*.jsonl). */
export const CHAT_TYPES = ["summary", "why", "report-fact"] as const;
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
  /** false: the right reply is a refusal (default: every type but "unanswerable" should be answered). */
  answerable: z.boolean().optional(),
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
  chat: {
    file: (split) => `chat-${split}.jsonl`,
    parse: (raw) => parseWith(EvalItemSchema.extend({ type: z.enum(CHAT_TYPES) }), raw),
  },
};

/** Whether an item should be answered: its own `answerable`, else every type but "unanswerable". */
export const shouldAnswer = (item: Pick<EvalItem, "type" | "answerable">): boolean => item.answerable ?? item.type !== "unanswerable";

export const CONVERSATION_KINDS = ["period", "metric", "place", "aspect", "report-fact", "refusal", "reset", "mixed"] as const;

const Turn = z.object({
  q: z.string().min(1),
  docs: z.array(z.string().min(1)),
  answerable: z.boolean(),
  expected: z.array(z.string()),
  goldLines: z.array(GoldLine),
  /** Follow-up turns: strings the standalone reading of the question must contain. */
  interpretedAs: z.array(z.string().min(1)).optional(),
});
export type Turn = z.infer<typeof Turn>;

export const ConversationSchema = z.object({
  id: z.string(),
  kind: z.enum(CONVERSATION_KINDS),
  turns: z.array(Turn).min(2).max(4),
  note: z.string().optional(),
});
export type Conversation = z.infer<typeof ConversationSchema> & { split: Split };

/** Parses JSON Lines with a parser per record, naming the file and line of a bad one. */
function readJsonl<T>(name: string, parse: (raw: unknown) => T): T[] {
  return readFileSync(path.join(SETS_DIR, name), "utf8")
    .split("\n")
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim())
    .map(({ line, n }) => {
      try {
        return parse(JSON.parse(line));
      } catch (err) {
        throw new Error(`${name} line ${n}: ${(err as Error).message}`);
      }
    });
}

/** The multi-turn conversations of `conversations-<split>.jsonl`. */
export function loadConversations(splits: readonly Split[] = SPLITS): Conversation[] {
  const out = splits.flatMap((split) => readJsonl(`conversations-${split}.jsonl`, (raw) => ({ ...parseWith(ConversationSchema, raw), split })));
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.id)) throw new Error(`duplicate conversation id ${c.id}`);
    seen.add(c.id);
  }
  return out;
}

export function loadSet(set: SetName, split: Split): EvalItem[] {
  return readJsonl(SOURCES[set].file(split), (raw) => ({ ...SOURCES[set].parse(raw), split, set }));
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
