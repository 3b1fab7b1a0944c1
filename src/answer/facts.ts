/**
 * Facts about a report itself — who delivered it, when, at which session, the
 * newspaper it was collected from, who printed it, when and how many copies —
 * answered from the lines that state them: the title block before 各位代表 and
 * the printing lines after the report. Each answer quotes the verbatim span of
 * its line; a fact the report does not state is said to be missing, never
 * guessed. Pure: the report's profile and paragraphs in, a draft out.
 */
import type { Citation, DocumentProfile, Paragraph, ReportDocument } from "../types.js";
import { citation } from "./citation.js";
import type { ReportFact } from "./question.js";
import type { Draft } from "./answer.js";
import { CN_DIGITS, COPIES_LINE, DOCUMENT_NUMBER, PRINT_LINE } from "../lexicon.js";

/** Where one fact is stated: a span of one line of the title block or of the closing lines. */
export interface FactSpan {
  paragraph: Paragraph;
  start: number;
  end: number;
}

const SESSION = new RegExp(`第?[${CN_DIGITS}]+届人民代表大会(?:常务委员会)?第[${CN_DIGITS}]+次(?:全体)?会议`);
const DATE = new RegExp(`((?:19|20)\\d{2}|[${CN_DIGITS}]{4})\\s*年\\s*(\\d{1,2}|[${CN_DIGITS}]{1,3})\\s*月\\s*(\\d{1,2}|[${CN_DIGITS}]{1,3})\\s*日`);

/** How each fact is labelled beside its quote, and named when it is missing. */
export const FACT_LABEL: Record<ReportFact, string> = {
  speaker: "报告人",
  date: "作报告的日期",
  session: "会议",
  publisher: "刊载来源",
  printer: "印发单位",
  printDate: "印发日期",
  copies: "印数",
  title: "报告全称",
  docNumber: "会议文件编号",
};

const squash = (s: string) => s.replace(/[\s\u3000]/g, "");

/** Lines that speak about the report rather than the place: its title block, web furniture around it, its closing lines. */
const aboutReport = (p: Paragraph) => p.kind === "title" || p.kind === "noise" || p.kind === "trailer";

function spanOf(p: Paragraph, at: number, length: number): FactSpan {
  return { paragraph: p, start: p.start + at, end: p.start + at + length };
}

/** Every fact of the report's title block and closing lines that its text states, with where it states it. */
export function reportFactSpans(profile: DocumentProfile, paragraphs: readonly Paragraph[]): Map<ReportFact, FactSpan> {
  const lines = paragraphs.filter(aboutReport);
  const found = new Map<ReportFact, FactSpan>();
  const title = lines.find((p) => p.kind === "title" && p.text.includes(profile.title));
  if (title) found.set("title", spanOf(title, title.text.indexOf(profile.title), profile.title.length));

  // 区十三届人大三次会议 / 文 件 之 二: the number the session gives the report among its documents.
  const numberLine = lines.find((p) => p.kind === "title" && DOCUMENT_NUMBER.test(p.text));
  if (numberLine) {
    const m = numberLine.text.match(DOCUMENT_NUMBER)!;
    found.set("docNumber", spanOf(numberLine, m.index!, m[0].length));
  }

  // ——2023年1月8日在柳州市柳北区第十三届人民代表大会第三次会议上
  const sessionLine = lines.find((p) => p.kind !== "trailer" && SESSION.test(p.text));
  if (sessionLine) {
    const m = sessionLine.text.match(SESSION)!;
    const named = profile.session ? sessionLine.text.indexOf(profile.session) : -1;
    // The session with the place that holds it: from after 在, or as the profile names it.
    const at = named >= 0 ? named : Math.max(sessionLine.text.lastIndexOf("在", m.index!) + 1, 0);
    found.set("session", spanOf(sessionLine, at, m.index! + m[0].length - at));
    const date = sessionLine.text.match(DATE);
    if (date) found.set("date", spanOf(sessionLine, date.index!, date[0].length));
  }

  // 柳州市柳北区人民政府区长 石中华 / 自治区主席 韦 韬: a short line ending in the speaker's name.
  const speaker = profile.speaker;
  const speakerLine = speaker ? lines.find((p) => p.kind === "title" && p.text.length <= 40 && squash(p.text).endsWith(speaker.name)) : undefined;
  if (speakerLine) found.set("speaker", spanOf(speakerLine, 0, speakerLine.text.length));

  // 来源：新华日报 — the page the text was collected from.
  if (profile.publisher) {
    const line = lines.find((p) => p.text.includes(profile.publisher!) && /来源/.test(p.text)) ?? lines.find((p) => p.text.includes(profile.publisher!));
    if (line) found.set("publisher", spanOf(line, line.text.indexOf(profile.publisher), profile.publisher.length));
  }

  // 区十三届人大三次会议秘书处 2023年1月7日印 / (共印580份)
  for (const p of lines.filter((l) => l.kind === "trailer")) {
    const print = p.text.match(PRINT_LINE);
    if (print && !found.has("printer")) {
      found.set("printer", spanOf(p, 0, print.groups!.printer!.length));
      found.set("printDate", spanOf(p, p.text.length - print.groups!.date!.length, print.groups!.date!.length));
    }
    const copies = p.text.match(COPIES_LINE);
    if (copies && !found.has("copies")) found.set("copies", spanOf(p, copies.index!, copies[0].length));
  }
  return found;
}

/** A title-block line without the dashes and brackets around it: ——2023年1月8日在…会议上 → 2023年1月8日在…会议上. */
function trimLine(p: Paragraph): FactSpan {
  let start = p.start;
  let end = p.end;
  while (start < end && /[\s—―\-－(（]/.test(p.text[start - p.start]!)) start++;
  while (end > start && /[\s)）]/.test(p.text[end - 1 - p.start]!)) end--;
  return { paragraph: p, start, end };
}

/** What a report states about itself, read once per report (not per question). */
export interface ReportFacts {
  spans: Map<ReportFact, FactSpan>;
  /** The title block's lines, in order: shown for checking. */
  titleLines: Paragraph[];
}

export function readReportFacts(profile: DocumentProfile, paragraphs: readonly Paragraph[]): ReportFacts {
  return { spans: reportFactSpans(profile, paragraphs), titleLines: paragraphs.filter((p) => p.kind === "title") };
}

export interface FactOptions {
  profile: DocumentProfile;
  facts: ReportFacts;
  document: ReportDocument | undefined;
  topK: number;
}

/** The answer to a question about the report itself: one cited part per fact asked, or what the report leaves unsaid. */
export function composeFacts(asked: readonly ReportFact[], options: FactOptions): Draft {
  const { profile, document } = options;
  const { spans } = options.facts;
  const routing = { docIds: [profile.id], by: "only" as const };
  const used: Citation[] = [];
  const parts: { text: string; docId: string; report: string; citation: number | null }[] = [];
  const missing: ReportFact[] = [];
  // Facts asked that one line states together (the date and the session) are quoted once, as that line says them.
  const byLine = new Map<string, { facts: ReportFact[]; spans: FactSpan[] }>();
  for (const fact of asked) {
    const span = spans.get(fact);
    if (!span) {
      missing.push(fact);
      continue;
    }
    const line = byLine.get(span.paragraph.id) ?? { facts: [], spans: [] };
    line.facts.push(fact);
    line.spans.push(span);
    byLine.set(span.paragraph.id, line);
  }
  for (const { facts, spans: own } of byLine.values()) {
    const p = own[0]!.paragraph;
    const whole = trimLine(p);
    const span = own.length > 1 ? whole : own[0]!;
    used.push(citation(p, document, span.start, span.end, 1, "answer"));
    parts.push({ text: `${used[used.length - 1]!.quote}（${facts.map((f) => FACT_LABEL[f]).join("、")}）`, docId: profile.id, report: profile.shortTitle, citation: used.length - 1 });
  }
  const unsaid = missing.map((f) => FACT_LABEL[f]).join("、");
  // The title block, for checking what the report does say about itself.
  const titleBlock = options.facts.titleLines
    .filter((p) => !used.some((c) => c.id === p.id))
    .slice(0, Math.max(0, options.topK - used.length))
    .map((p) => citation(p, document, p.start, p.end, 0, "context"));
  if (used.length === 0) {
    return {
      status: "not_in_report",
      reason: "no_matching_passage",
      answer: `报告没有说。《${profile.shortTitle}》的标题和文末没有写明${unsaid}。以下是报告的标题部分，供核对。`,
      routing,
      coverage: 0,
      citations: titleBlock,
      figures: [],
    };
  }
  if (missing.length > 0) parts.push({ text: `报告没有写明${unsaid}`, docId: profile.id, report: profile.shortTitle, citation: null });
  return {
    status: "answered",
    answer: parts.map((p) => p.text).join("；"),
    parts,
    routing,
    coverage: (asked.length - missing.length) / asked.length,
    citations: [...used, ...titleBlock],
    figures: [],
  };
}
