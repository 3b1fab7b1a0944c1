/**
 * The conversations of eval/sets/conversations-*.jsonl, asked turn by turn as a
 * chat client would: each turn with `history` = the questions before it. A
 * follow-up turn (2nd and later) is right when its answer is (the expected
 * strings in an answer, or a refusal when the turn is not answerable) and its
 * standalone reading (`interpretedAs`) holds the strings the set lists.
 */
import type { Engine } from "../src/engine.js";
import { goldResolver } from "./gold.js";
import { groupBy, normalizeAnswer, scoreItem, type ItemScore } from "./metrics.js";
import type { Conversation, EvalItem } from "./sets.js";

export interface TurnScore extends ItemScore {
  conversation: string;
  kind: string;
  /** 1-based. */
  turn: number;
  /** The answer is right: expected strings in an answer, or no answer for a turn that is not answerable. */
  answerRight: boolean;
  interpretedAs: string;
  /** Follow-up turns: every listed string is in interpretedAs (null for first turns). */
  interpretationRight: boolean | null;
}

/** Pure: whether a standalone reading holds every listed string (compared as answers are). */
export function interpretationHolds(interpretedAs: string, wanted: readonly string[]): boolean {
  const normal = normalizeAnswer(interpretedAs);
  return wanted.every((w) => normal.includes(normalizeAnswer(w)));
}

export async function runConversations(engine: Engine, conversations: Conversation[]): Promise<TurnScore[]> {
  const resolve = goldResolver(engine.corpus);
  const out: TurnScore[] = [];
  for (const c of conversations) {
    const history: string[] = [];
    for (const [i, turn] of c.turns.entries()) {
      const item: EvalItem = {
        id: `${c.id}#${i + 1}`,
        question: turn.q,
        lang: "zh",
        type: turn.answerable ? "fact" : "unanswerable",
        answerable: turn.answerable,
        docs: turn.docs,
        expected: turn.expected,
        goldLines: turn.goldLines,
        split: c.split,
        set: "chat",
      };
      const gold = resolve(turn.goldLines);
      const t = performance.now();
      const answer = await engine.ask(turn.q, { topK: 5, history: [...history] });
      const score = scoreItem({ item, answer, gold: gold.ids, goldUnresolved: gold.unresolved.length, ms: performance.now() - t });
      const interpretedAs = answer.interpretedAs ?? turn.q;
      out.push({
        ...score,
        set: "conversations",
        conversation: c.id,
        kind: c.kind,
        turn: i + 1,
        answerRight: score.correct ?? score.status === "answered",
        interpretedAs,
        interpretationRight: i === 0 ? null : interpretationHolds(interpretedAs, turn.interpretedAs ?? []),
      });
      history.push(turn.q);
    }
  }
  return out;
}

export interface ConversationSummary {
  conversations: number;
  turns: number;
  /** First turns: answer right. */
  firstTurns: { n: number; right: number };
  /** Turns after the first. */
  followUps: { n: number; answerRight: number; interpretationRight: number; bothRight: number };
  /** Follow-ups that must be refused (another year, a place with no report): refused. */
  refusalFollowUps: { n: number; refused: number };
  /** Follow-up accuracy (answer and interpretation right) per conversation kind. */
  byKind: Record<string, { followUps: number; bothRight: number }>;
}

export function summarizeConversations(turns: TurnScore[]): ConversationSummary {
  const follow = turns.filter((t) => t.turn > 1);
  const both = (t: TurnScore) => t.answerRight && t.interpretationRight === true;
  const refusals = follow.filter((t) => !t.shouldAnswer);
  const byKind: ConversationSummary["byKind"] = {};
  for (const [kind, ts] of groupBy(follow, (t) => t.kind)) byKind[kind] = { followUps: ts.length, bothRight: ts.filter(both).length };
  const first = turns.filter((t) => t.turn === 1);
  return {
    conversations: new Set(turns.map((t) => t.conversation)).size,
    turns: turns.length,
    firstTurns: { n: first.length, right: first.filter((t) => t.answerRight).length },
    followUps: {
      n: follow.length,
      answerRight: follow.filter((t) => t.answerRight).length,
      interpretationRight: follow.filter((t) => t.interpretationRight).length,
      bothRight: follow.filter(both).length,
    },
    refusalFollowUps: { n: refusals.length, refused: refusals.filter((t) => t.status !== "answered").length },
    byKind,
  };
}
