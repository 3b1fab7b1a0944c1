/** The console tables of `npm run eval`, pure: summaries in, text out. Aggregates only, never single items. */
import type { ClaimSummary, ConfidenceSummary, ReasonSummary, Summary, WrongReportCount } from "./metrics.js";
import type { ConversationSummary } from "./conversations.js";
import type { ChatKindSummary } from "./run.js";
import type { RetrievalComparison } from "./retrieval.js";

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? "  –  " : `${(x * 100).toFixed(1)}%`).padStart(6);

export function table(rows: [string, Summary][]): string {
  const head = `${"".padEnd(24)}   n   hit@1  hit@3  hit@5    MRR    acc   citP   refP   refR reason falseR  wrong  p50ms  p95ms`;
  const lines = rows.map(([name, s]) =>
    `${name.padEnd(24)} ${String(s.n).padStart(4)} ${pct(s.hit1)} ${pct(s.hit3)} ${pct(s.hit5)} ${s.mrr === null ? "  –   " : s.mrr.toFixed(3).padStart(6)} ${pct(s.accuracy)} ${pct(s.citationPrecision)} ${pct(s.refusalPrecision)} ${pct(s.refusalRecall)} ${pct(s.reasonMatch)} ${pct(s.falseRefusalRate)} ${String(s.wrongReport).padStart(6)} ${s.p50Ms.toFixed(1).padStart(6)} ${s.p95Ms.toFixed(1).padStart(6)}`,
  );
  return [head, ...lines].join("\n");
}

/**
 * "wrong report: tuning 0 / 206, heldout 0 / 139": keys are splits, and
 * `set/split` when a run holds several sets (printed on a line of their own).
 */
export function wrongReportLine(counts: Record<string, WrongReportCount>): string {
  const fmt = (parts: [string, WrongReportCount][], f: (c: WrongReportCount) => string) => parts.map(([k, c]) => `${k} ${f(c)}`).join(", ");
  const splits = Object.entries(counts).filter(([k]) => k !== "all" && !k.includes("/"));
  const sets = Object.entries(counts).filter(([k]) => k.includes("/"));
  return [
    `>>> WRONG REPORT: ${fmt(splits, (c) => `${c.wrong} / ${c.n}`)}   (${fmt(splits, (c) => `${c.questions} questions + ${c.claims} claims`)})`,
    ...(sets.length ? [`    by set: ${fmt(sets, (c) => `${c.wrong} / ${c.n}`)}`] : []),
    `    cited another report at all (context included, not required to be 0): ${fmt(splits, (c) => `${c.cited} / ${c.n}`)}`,
  ].join("\n");
}

export interface ReportRow {
  questions: Summary | null;
  claims: ClaimSummary | null;
}

export function reportTable(rows: [string, ReportRow][]): string {
  const head = `${"".padEnd(24)}   n  hit@5    acc   refR reason  claims verdict  wrong  cited  goldMissing`;
  const lines = rows.map(([name, { questions: q, claims: c }]) => {
    const wrong = (q?.wrongReport ?? 0) + (c?.wrongReport ?? 0);
    const cited = (q?.wrongReportCited ?? 0) + (c?.wrongReportCited ?? 0);
    return `${name.padEnd(24)} ${String(q?.n ?? 0).padStart(4)} ${pct(q?.hit5)} ${pct(q?.accuracy)} ${pct(q?.refusalRecall)} ${pct(q?.reasonMatch)} ${String(c?.n ?? 0).padStart(7)} ${pct(c?.verdictAccuracy)} ${String(wrong).padStart(6)} ${String(cited).padStart(6)} ${String(q?.goldUnresolved ?? 0).padStart(12)}`;
  });
  return [head, ...lines].join("\n");
}

export function reasonTable(rows: [string, Record<string, ReasonSummary>][]): string {
  const head = `${"".padEnd(30)}   n refused  same reason  engine's reasons`;
  const lines = rows.flatMap(([split, reasons]) =>
    Object.entries(reasons).map(([reason, r]) =>
      `${`${split} · ${reason}`.padEnd(30)} ${String(r.n).padStart(3)} ${pct(r.refused / r.n)}       ${pct(r.sameReason / r.n)}  ${Object.entries(r.got).map(([k, v]) => `${k} ${v}`).join(", ")}`,
    ),
  );
  return [head, ...lines].join("\n");
}

export function retrievalTable(r: RetrievalComparison): string {
  const lines = Object.entries(r).map(([name, s]) => `${name.padEnd(24)} ${String(s.n).padStart(4)} ${pct(s.hit1)} ${pct(s.hit3)} ${pct(s.hit5)} ${s.mrr.toFixed(3).padStart(6)}`);
  return [`${"".padEnd(24)}   n   hit@1  hit@3  hit@5    MRR`, ...lines].join("\n");
}

export function claimTable(rows: [string, ClaimSummary][]): string {
  const v = (s: ClaimSummary, k: string) => (s.byVerdict[k] ? pct(s.byVerdict[k]!.accuracy) : "  –  ").padStart(9);
  const head = `${"".padEnd(24)}   n  verdict  mismatch  evidence  supported  contradicted  partial  not_found  wrong  cited`;
  const lines = rows.map(([name, c]) =>
    `${name.padEnd(24)} ${String(c.n).padStart(4)}  ${pct(c.verdictAccuracy)}    ${pct(c.mismatchAccuracy)}    ${pct(c.evidenceHit)}  ${v(c, "supported")}    ${v(c, "contradicted")}  ${v(c, "partially_supported")} ${v(c, "not_found")} ${String(c.wrongReport).padStart(6)} ${String(c.wrongReportCited).padStart(6)}`,
  );
  return [head, ...lines].join("\n");
}

export interface SeedComparisonRow {
  n: number;
  alone: { accuracy: number | null; hit5: number | null };
  withAll: { accuracy: number | null; hit5: number | null };
  /** The seed's questions with the seed picked (docIds), all reports loaded. */
  picked: { accuracy: number | null; hit5: number | null } | null;
  /** With all reports, questions answered from several reports (each labelled). */
  several: number;
}

export function seedComparisonLines(rows: Record<string, SeedComparisonRow>): string {
  return Object.entries(rows)
    .map(
      ([split, r]) =>
        `seed items, ${split} (${r.n}): accuracy ${pct(r.alone.accuracy).trim()} alone → ${pct(r.withAll.accuracy).trim()} with all reports as asked (${r.several} answered from several reports, labelled)` +
        (r.picked ? ` → ${pct(r.picked.accuracy).trim()} with the seed picked; hit@5 ${pct(r.alone.hit5).trim()} → ${pct(r.withAll.hit5).trim()} → ${pct(r.picked.hit5).trim()}` : `; hit@5 ${pct(r.alone.hit5).trim()} → ${pct(r.withAll.hit5).trim()}`),
    )
    .join("\n");
}

const frac = (k: number, n: number) => `${String(k).padStart(3)} ${pct(n ? k / n : null)}`;

/** The graded-confidence trade-off: what became of answerable and of unanswerable questions. */
export function confidenceTable(rows: [string, ConfidenceSummary][]): string {
  const head = `${"".padEnd(24)} answerable  right         WRONG         related·gold  related·other refused       | unanswerable refused      related      answered`;
  const lines = rows.map(([name, { answerable: a, unanswerable: u }]) =>
    `${name.padEnd(24)} ${String(a.n).padStart(10)}  ${frac(a.right, a.n)}  ${frac(a.wrong, a.n)}  ${frac(a.relatedGold, a.n)}  ${frac(a.relatedOther, a.n)}  ${frac(a.refused, a.n)}  | ${String(u.n).padStart(12)} ${frac(u.refused, u.n)}  ${frac(u.related, u.n)}  ${frac(u.answered, u.n)}`,
  );
  return [head, ...lines].join("\n");
}

/** Conversations: first turns, and the follow-ups (answer right, reading right, both), per split and per kind. */
export function conversationTable(rows: [string, ConversationSummary][]): string {
  const head = `${"".padEnd(12)} convs turns  first turns    follow-ups  answer right  interpretedAs right  both right   refusal follow-ups refused`;
  const lines = rows.map(([split, c]) =>
    `${split.padEnd(12)} ${String(c.conversations).padStart(5)} ${String(c.turns).padStart(5)}  ${frac(c.firstTurns.right, c.firstTurns.n)}  ${String(c.followUps.n).padStart(10)}  ${frac(c.followUps.answerRight, c.followUps.n)}   ${frac(c.followUps.interpretationRight, c.followUps.n)}         ${frac(c.followUps.bothRight, c.followUps.n)}  ${frac(c.refusalFollowUps.refused, c.refusalFollowUps.n)} of ${c.refusalFollowUps.n}`,
  );
  const kinds = [...new Set(rows.flatMap(([, c]) => Object.keys(c.byKind)))];
  const kindHead = `follow-up accuracy by kind: ${"".padEnd(0)}${kinds.map((k) => k.padStart(14)).join("")}`;
  const kindLines = rows.map(([split, c]) => `${split.padEnd(28)}${kinds.map((k) => (c.byKind[k] ? `${c.byKind[k]!.bothRight}/${c.byKind[k]!.followUps}`.padStart(14) : "–".padStart(14))).join("")}`);
  return [head, ...lines, "", kindHead, ...kindLines].join("\n");
}

/** The chat set per split and kind. */
export function chatTable(rows: [string, Record<string, ChatKindSummary>][]): string {
  const head = `${"".padEnd(24)}   n  right         gold cited`;
  const lines = rows.flatMap(([split, kinds]) =>
    Object.entries(kinds).map(([kind, k]) => `${`${split} · ${kind}`.padEnd(24)} ${String(k.n).padStart(3)}  ${frac(k.right, k.n)}  ${frac(k.goldCited, k.withGold)}`),
  );
  return [head, ...lines].join("\n");
}
