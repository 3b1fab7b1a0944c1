/** One schema per endpoint: the only place request shapes and limits are defined. */
import { z } from "zod/v4";

/** C0/C1 control characters (except tab/newline, which become spaces) and zero-width marks. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g;

/**
 * NFKC first, so the length limit counts what the engine will read: one
 * character such as ﷺ expands to 18 under NFKC and must not slip past the limit.
 */
export function cleanQuestion(raw: string): string {
  return raw.normalize("NFKC").replace(CONTROL, "").replace(/\s+/g, " ").trim();
}

export function askSchema(maxQuestionChars: number) {
  const earlierQuestion = z
    .string({ error: "history holds questions (strings)" })
    .transform(cleanQuestion)
    .pipe(z.string().max(maxQuestionChars, `each earlier question is at most ${maxQuestionChars} characters`));
  return z
    .object({
      question: z
        .string({ error: "question must be a string" })
        .describe(`The question, 1–${maxQuestionChars} characters after control characters are removed.`)
        .transform(cleanQuestion)
        .pipe(
          z
            .string()
            .min(1, "question must not be empty")
            .max(maxQuestionChars, `question must be at most ${maxQuestionChars} characters`)
            .refine((s) => /[\p{L}\p{N}]/u.test(s), "question must contain letters or digits"),
        ),
      topK: z.number({ error: "topK must be a number" }).int("topK must be a whole number").min(1).max(20).optional(),
      mode: z.enum(["hybrid", "dense", "bm25"]).optional(),
      /** "short": one plain sentence of at most ~120 characters and one reference, for SMS and chat bots. */
      style: z.enum(["full", "short"]).optional(),
      /** Only these reports (GET /api/documents lists them). */
      docIds: docIdsSchema.optional(),
      /** The conversation's earlier questions, oldest first (at most 10): a follow-up is read after them. Each a string, or {question, docIds} naming the reports it was answered from. */
      history: z
        .array(
          z.union([earlierQuestion, z.object({ question: earlierQuestion, docIds: docIdsSchema.optional() }).strict()], {
            // The message of the form the turn was meant in (a question too long), else what a turn may be.
            error: (issue) =>
              issue.code === "invalid_union"
                ? (issue.errors.find((e) => !e.every((i) => i.code === "invalid_type" && i.path.length === 0))?.[0]?.message ??
                  "history holds questions (strings, or {question, docIds} with the reports the answer came from)")
                : undefined,
          }),
        )
        .max(10, "history holds at most 10 earlier questions")
        .optional(),
    })
    .strict();
}

/** Paragraph ids look like liubei-2023:p1-6-3; anything else is rejected before lookup. */
export const paragraphIdSchema = z.string().max(80).regex(/^[a-z0-9-]+:[a-z0-9-]+$/, "not a paragraph id");

export function checkSchema(maxChars: number) {
  return z
    .object({
      claim: z
        .string({ error: "claim must be a string" })
        .transform(cleanQuestion)
        .pipe(z.string().min(1, "claim must not be empty").max(maxChars, `claim must be at most ${maxChars} characters`).refine((s) => /[\p{L}\p{N}]/u.test(s), "claim must contain letters or digits")),
      docIds: docIdsSchema.optional(),
    })
    .strict();
}

/** Report ids, as the API takes them to narrow a question to some reports. */
export const docIdsSchema = z.array(z.string().max(80).regex(/^[a-z0-9][a-z0-9-]*$/, "not a report id")).min(1).max(100);

export const figuresQuerySchema = z
  .object({
    q: z.string().max(200).transform(cleanQuestion).optional(),
    /** A metric, normalised to compare reports: 经济增长, 地区生产总值增长 and GDP are one. */
    metric: z.string().max(50).transform(cleanQuestion).optional(),
    period: z.enum(["result", "plan", "period-result", "period-plan", "definition", "meta"]).optional(),
    /** The year a result or plan is for (2025 → results of 2025 and plans for 2025). */
    year: z.coerce.number().int().min(1949).max(2100).optional(),
    unit: z.string().max(10).optional(),
    /** Comma-separated report ids. */
    docIds: z
      .string()
      .max(4000)
      .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
      .pipe(docIdsSchema)
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();
