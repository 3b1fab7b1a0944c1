/**
 * The domain vocabulary shared by every stage of the pipeline:
 * corpus → embed → index → retrieve → answer → server.
 * Stage-local types live beside their code.
 *
 * Offsets (`start`, `end`) are always UTF-16 code-unit indexes into the verbatim
 * corpus file as decoded UTF-8 (JavaScript string indexes), so
 * `fileText.slice(start, end)` returns the quoted text exactly. Byte offsets are
 * kept beside them for readers that work on the raw file.
 */

/** A place a report speaks for, as the report names it. */
export interface Place {
  /** The place itself: 柳北区, 广西壮族自治区, 上海市. */
  name: string;
  /** With the places above it, as the session line writes it: 柳州市柳北区. */
  fullName: string;
  /** The name people use: 柳北, 广西, 上海. */
  short: string;
  level: import("./lexicon.js").PlaceLevel;
  /** The place above it (柳州市), if the report names one. */
  parent: string | null;
  /** Every name a question may use for it (full, name, short; more from an override). */
  aliases: string[];
  /** How the report speaks of its own place: 全区, 全省, 我市. */
  selfWords: string[];
  /**
   * The larger places it lies in (柳州市, 柳州, 广西): naming them does not make a
   * question about another place, but never routes a question to this report either.
   */
  within: string[];
}

/** A five-year plan period a report speaks of: 十四五 = 2021–2025. */
export interface FiveYearPlan {
  name: string;
  from: number;
  to: number;
}

/**
 * What a report is, read from its own text (src/corpus/profile.ts), overridable
 * by a `<id>.json` beside it. Carried through question analysis, answering,
 * claims and refusal texts: no place or year of any one report lives in code.
 */
export interface DocumentProfile {
  /** Stable document id: the file name without .txt, e.g. "liubei-2023", "guangxi-2026". */
  id: string;
  /** File name of the verbatim text inside the corpus folder. */
  source: string;
  /** The title line as the report writes it. */
  title: string;
  /** Used in human-readable references, e.g. 《柳北区2023年政府工作报告》. */
  shortTitle: string;
  place: Place;
  /** The year the report plans for. */
  reportYear: number;
  /** The year it reviews: reportYear − 1. */
  reviewYear: number;
  /** ISO date the report was delivered, when the report says. */
  date: string | null;
  /** 柳州市柳北区第十三届人民代表大会第三次会议 */
  session: string | null;
  speaker: { name: string; post: string } | null;
  /** The newspaper or site the text was collected from (来源：…), if given. */
  publisher: string | null;
  fiveYearPlans: FiveYearPlan[];
  /** True for a generated report (a `<id>.json` saying `"synthetic": true`): a benchmark corpus, not a real one. */
  synthetic?: boolean;
}

/** A report: its profile and its verbatim text. */
export interface ReportDocument extends DocumentProfile {
  /** The verbatim file content. */
  text: string;
}

export type ParagraphKind =
  | "title" // the title block before the salutation
  | "body" // ordinary paragraph
  | "part-heading" // 一、…
  | "section-heading" // (一)…
  | "notes-heading" // 附注:
  | "note" // 1.“三区三线”:…
  | "honours-heading" // 2022年各级各部门(单位)获得市级以上的荣誉
  // honours-level: 国家级: / 自治区级: / a city's 市级:
  | "honours-level"
  | "honour" // one item of the honours list
  | "appendix-heading" // 附件 / 2026年自治区民生实事 — an appendix and its title
  | "salutation" // 各位代表！ standing alone
  | "trailer" // printing notes after the report
  | "noise"; // web-page furniture kept verbatim: 下载, 【字号】, 来源, photo captions, 分享…

/**
 * What a paragraph speaks about in time. Showing a plan as a result is the worst
 * error a delegate can be shown, so every paragraph carries this.
 */
export type Scope =
  | { kind: "result"; year: number } // what was done / achieved
  | { kind: "plan"; year: number } // targets and plans
  // A five-year plan's results (十四五) and goals (十五五), with the years the plan spans.
  | { kind: "period-result"; from: number; to: number; name: string }
  | { kind: "period-plan"; from: number; to: number; name: string }
  | { kind: "definition" } // the notes (附注)
  | { kind: "meta" }; // title block, salutation, trailer

export interface Paragraph {
  /** Globally unique and stable across runs: `${docId}:${localId}`, e.g. "liubei-2023:p1-6-3". */
  id: string;
  docId: string;
  kind: ParagraphKind;
  /** Verbatim text, without the line break. */
  text: string;
  start: number;
  end: number;
  byteStart: number;
  byteEnd: number;
  /** Headings above this paragraph, outermost first (verbatim heading text). */
  sectionPath: string[];
  /** 1-based position inside its section (headings are 0); used in references like 第3段. */
  ordinal: number;
  scope: Scope;
  /** For notes: the note number (1…13). */
  noteNumber?: number;
  /** For notes: the defined term, quotes removed, e.g. 三区三线. */
  term?: string;
  /** Ids of the notes whose terms this paragraph uses (markers like (7) or the term itself). */
  noteIds: string[];
}

/** A retrievable window of sentences inside one paragraph. */
export interface Chunk {
  /** `${paragraphId}/c${n}` */
  id: string;
  paragraphId: string;
  docId: string;
  text: string;
  start: number;
  end: number;
  scope: Scope;
  sectionPath: string[];
  noteIds: string[];
}

/** A figure as the report states it (see src/answer/figures). */
export interface Figure {
  id: string;
  paragraphId: string;
  docId: string;
  /** What is measured, e.g. 地区生产总值. */
  metric: string;
  /** The verbatim number text, e.g. "560.45" (the low end of a range such as 5%—5.5%). */
  valueText: string;
  value: number;
  /** The top of a range (5%—5.5% → 5.5). */
  valueHigh?: number;
  /** Unit as written, e.g. 亿元, %, 万亩. */
  unit: string;
  /** Value in base units (560.45亿元 → 56045000000 元); null for percentages. */
  baseValue: number | null;
  baseUnit: string;
  /** 增长 / 下降 / 上升 / 同比增长 …, when the figure is a change. */
  direction: "增长" | "下降" | "上升" | "持平" | null;
  qualifier: string | null;
  scope: Scope;
  /** Offsets of the whole statement (metric through value and unit). */
  start: number;
  end: number;
  /** Verbatim text of [start, end). */
  quote: string;
}

export interface Citation {
  /** Paragraph id. */
  id: string;
  docId: string;
  /** The report's short title, e.g. 柳北区2023年政府工作报告. */
  report: string;
  /** Section path joined with " › ". */
  section: string;
  /** The verbatim paragraph. */
  text: string;
  /** The verbatim part used; a substring of text. */
  quote: string;
  /** Offsets of quote in the corpus file. */
  start: number;
  end: number;
  /** Offset of the paragraph (text) in the corpus file: quote = text.slice(start - paragraphStart, end - paragraphStart). */
  paragraphStart: number;
  score: number;
  /** "answer": the quote is part of the answer; "context": a nearby passage shown for checking. */
  role: "answer" | "context";
  /** Human-readable reference, e.g. 《柳北区2023年政府工作报告》一、(六) 第3段. */
  reference: string;
  scope: Scope;
}

export interface Timings {
  totalMs: number;
  embedMs: number;
  denseMs: number;
  bm25Ms: number;
  answerMs: number;
}

/** Why a question was not answered. */
export type RefusalReason =
  | "out_of_scope_period" // e.g. asks for a 2024 target
  | "other_place" // asks about another district
  | "no_matching_passage" // nothing relevant enough was retrieved
  | "figure_not_given"; // the topic is there but the report gives no such figure

/** One part of an answer: quoted words of one report, resting on one citation. */
export interface AnswerPart {
  text: string;
  docId: string;
  /** The report's short title. */
  report: string;
  /** Index into the answer's citations of the citation it rests on; null for a part that says a report does not answer. */
  citation: number | null;
}

/** Which reports an answer speaks from, and why those. */
export interface Routing {
  docIds: string[];
  /** named: the question named them; only: one report could answer; best: one report clearly holds the answer; several: more than one does. */
  by: "named" | "only" | "best" | "several";
}

/**
 * How sure the engine is that a passage it could not quote as an answer still
 * holds it (src/answer/confidence.ts): a calibrated score and the signals behind it.
 */
export interface Confidence {
  /** 0–1, a logistic model of the signals fitted on the tuning split (config RELATED_WEIGHTS). */
  score: number;
  /** Coverage of the weighted question terms, fused and dense retrieval scores, BM25 rank, the margin between the first and second hit, rank, asked unit present, quantity question. */
  features: Record<string, number>;
}

export type Answer =
  | {
      status: "answered";
      /** The parts joined with "；". */
      answer: string;
      /** The parts of the answer; part i rests on citations[part.citation]. */
      parts: AnswerPart[];
      routing: Routing;
      /** The standalone question answered: the question itself, or a follow-up read after the conversation's history. */
      interpretedAs?: string;
      /** Share (0–1) of the question's weighted terms found in the quoted sentences. */
      coverage: number;
      citations: Citation[];
      figures: Figure[];
      timings: Timings;
    }
  | {
      /**
       * Retrieval is confident but the wording differs: the answer is "报告中最相关的内容是："
       * and the report's most relevant sentence, verbatim, cited by parts[0].
       */
      status: "related";
      /** Why it is not a direct answer: the quote does not cover the question, or lacks the figure asked. */
      reason: "no_matching_passage" | "figure_not_given";
      answer: string;
      parts: AnswerPart[];
      routing: Routing;
      interpretedAs?: string;
      coverage: number;
      confidence: Confidence;
      /** The related passage (role "answer") first, then nearby passages. */
      citations: Citation[];
      figures: Figure[];
      timings: Timings;
    }
  | {
      status: "not_in_report";
      reason: RefusalReason;
      answer: string;
      routing: Routing | null;
      interpretedAs?: string;
      coverage: number;
      /** Present when a related passage was weighed and found below RELATED_MIN_SCORE. */
      confidence?: Confidence;
      /** The nearest passages, so the reader can check for themselves. */
      citations: Citation[];
      figures: Figure[];
      timings: Timings;
    };
