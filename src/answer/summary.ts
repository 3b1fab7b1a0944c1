/**
 * Summaries and outlines (总结一下教育方面的工作, 2023年要做哪几件大事, 乡村振兴有
 * 什么安排) built from the report's own structure: its section headings, the
 * run-in headings that open its paragraphs (持续壮大乡村产业。) or sit inside
 * them (教育强区全面进步。), and a section's lead sentence. Results of the
 * review year and plans of the report year are kept apart and labelled; every
 * line quotes one heading or lead sentence verbatim with its own citation; the
 * answer stays short and the rest is reached through the citations. Pure.
 */
import type { AnswerPart, Citation, DocumentProfile, Paragraph, Scope } from "../types.js";
import { sentenceSpans } from "../corpus/sentences.js";
import { citation } from "./citation.js";
import { coverage } from "./extract.js";
import { periodFilter, periodFor } from "./periods.js";
import type { QuestionAnalysis, QuestionTerm } from "./question.js";
import type { AnswerContext, Draft } from "./answer.js";
import type { ParagraphHit } from "../retrieve/hybrid.js";
import { FRAME_WORDS, PROVINCE_LEVEL_NAMES, SUMMARY_PLAN_WORDS, SUMMARY_RESULT_WORDS } from "../lexicon.js";
import { normalize } from "../index/tokenize.js";

export interface OutlineItem {
  /** 1: a section heading; 2: a run-in heading opening a paragraph, or a section's lead sentence; 3: a run-in heading inside a paragraph. */
  level: 1 | 2 | 3;
  /** A section's lead sentence (its first body sentence), not a heading of its own. */
  lead: boolean;
  paragraph: Paragraph;
  /** File offsets of the quote (the heading or sentence, closing punctuation dropped). */
  start: number;
  end: number;
  text: string;
  /** Id of the part heading it lies under. */
  part: string;
  /** Id of the section heading it lies under (the part's id for paragraphs under no section). */
  section: string;
  scope: Scope;
  /** What it heads, its own sentence included: a section's text, or a run-in's sentences up to the next heading of its level or above. */
  body: string;
}

/** A run-in heading: one short sentence naming a topic (科技创新成果丰硕。), no figure, no comma. */
export function isRunIn(sentence: string): boolean {
  const core = sentence.replace(/^[—―\-\s]+/, "").replace(/[。！!]\s*$/, "");
  return /[。！!]\s*$/.test(sentence) && core.length >= 4 && core.length <= 20 && !/[，,；;：:\d]/.test(core) && !/^各位代表/.test(core);
}

/** Lines whose coverage of the topic is within this of the best line's are shown with it. */
const MATCH_SLACK = 0.15;

/** A lead sentence longer than this is not quoted as a summary line. */
const LEAD_MAX = 120;

const SUMMARISED = new Set<Scope["kind"]>(["result", "plan", "period-result", "period-plan"]);

/** The report's outline: section headings, run-in headings and lead sentences, in document order, each with the text it heads. */
export function outlineOf(paragraphs: readonly Paragraph[]): OutlineItem[] {
  const items: OutlineItem[] = [];
  // Sentences in order with the item they follow, to give each item its body afterwards.
  const units: { section: string; text: string; item: number }[] = [];
  let part = "";
  let section = "";
  let heading: Paragraph | null = null;
  let firstBody = false;
  const trimmed = (p: Paragraph, start: number, end: number) => {
    let s = start;
    let e = end;
    while (s < e && /[—―\-\s]/.test(p.text[s - p.start]!)) s++;
    while (e > s && /[。！!；;，,：:\s]/.test(p.text[e - 1 - p.start]!)) e--;
    return { start: s, end: e, text: p.text.slice(s - p.start, e - p.start) };
  };
  for (const p of paragraphs) {
    if (!SUMMARISED.has(p.scope.kind)) continue;
    if (p.kind === "part-heading") {
      part = section = p.id;
      heading = null;
      firstBody = true;
      continue;
    }
    if (p.kind === "section-heading") {
      section = p.id;
      heading = p;
      firstBody = true;
      items.push({ level: 1, lead: false, paragraph: p, ...trimmed(p, p.start, p.end), part, section, scope: p.scope, body: "" });
      continue;
    }
    if (p.kind !== "body" || /^各位代表/.test(p.text)) continue;
    sentenceSpans(p.text, p.start).forEach((s, i) => {
      const text = p.text.slice(s.start - p.start, s.end - p.start);
      let level: OutlineItem["level"] | null = isRunIn(text) ? (i === 0 ? 2 : 3) : null;
      // A section heading that is no sentence of its own (打好工业振兴硬仗,推动…) is led by its first sentence.
      const lead = level === null && i === 0 && firstBody && heading !== null && !/[。！？!?]$/.test(heading.text) && text.length <= LEAD_MAX;
      if (lead) level = 2;
      if (level !== null) items.push({ level, lead, paragraph: p, ...trimmed(p, s.start, s.end), part, section, scope: p.scope, body: "" });
      units.push({ section, text, item: items.length - 1 });
    });
    firstBody = false;
  }
  // Bodies: a section heads its section; a run-in heads what follows it up to the next heading of its level or above.
  items.forEach((item, index) => {
    const own = units.filter((u) => u.section === item.section);
    if (item.level === 1) {
      item.body = own.map((u) => u.text).join("");
      return;
    }
    const next = items.findIndex((other, j) => j > index && other.section === item.section && other.level <= item.level);
    item.body = own.filter((u) => u.item >= index && (next < 0 || u.item < next)).map((u) => u.text).join("");
  });
  return items;
}

/** A word naming the report's own place (柳北区, 全区) or any province: it sets the report, not the topic. */
function placeWord(term: string, profile: DocumentProfile): boolean {
  const names = [...profile.place.aliases, profile.place.short, ...profile.place.selfWords, ...profile.place.within, ...PROVINCE_LEVEL_NAMES];
  return term.length >= 2 && names.some((n) => n.length >= 2 && (n.includes(term) || term.includes(n)));
}

/**
 * The words of a question that name its topic: not its framing (总结, 工作, 有什么安排,
 * 为什么), not the place or the five-year plan's name, and only words this report uses.
 */
export function topicTerms(q: QuestionAnalysis, profile: DocumentProfile, used: (term: string) => boolean): QuestionTerm[] {
  return q.terms.filter((t) => {
    if (FRAME_WORDS.has(t.term)) return false;
    if (/^[a-z]+$/.test(t.term)) return t.alts.length > 0 && !t.alts.some((a) => placeWord(a, profile));
    if (placeWord(t.term, profile) || profile.fiveYearPlans.some((p) => p.name.includes(t.term))) return false;
    return used(t.term) || t.alts.some(used);
  });
}

export interface SummaryOptions {
  profile: DocumentProfile;
  /** The report's outline (outlineOf its paragraphs). */
  outline: readonly OutlineItem[];
  /** Whether the report uses a word at all. */
  used: (term: string) => boolean;
  /** Characters of answer text at most. */
  maxChars: number;
  topK: number;
  /** Share of the topic an item must cover to match. */
  minCoverage: number;
}

/** A group of lines of one period. */
interface Group {
  label: string;
  scope: (s: Scope) => boolean;
  annual: boolean;
}

/** The periods a report can be summarised by, in the order shown: the review year, the report year, then the five-year plans. */
function groupsOf(profile: DocumentProfile): Group[] {
  const groups: Group[] = [
    { label: `${profile.reviewYear}年`, scope: (s) => s.kind === "result", annual: true },
    { label: `${profile.reportYear}年安排`, scope: (s) => s.kind === "plan", annual: true },
  ];
  for (const p of profile.fiveYearPlans) {
    if (p.to === profile.reviewYear) groups.push({ label: `“${p.name}”时期`, scope: (s) => s.kind === "period-result" && s.name === p.name, annual: false });
    if (p.from === profile.reportYear) groups.push({ label: `“${p.name}”时期安排`, scope: (s) => s.kind === "period-plan" && s.name === p.name, annual: false });
  }
  return groups;
}

/**
 * The lines under a section heading that outline it: the run-in heading opening
 * each paragraph, or those inside a paragraph that opens otherwise (教育强区全面
 * 进步。); its lead sentence when it has none; nothing when the heading is a
 * sentence itself (（九）扎实保障和改善民生，积极发展社会事业。).
 */
function childrenOf(section: OutlineItem, outline: readonly OutlineItem[]): OutlineItem[] {
  if (/[。！？!?]$/.test(section.paragraph.text)) return [];
  const own = outline.filter((i) => i.section === section.paragraph.id && i.level > 1);
  const opened = new Set(own.filter((i) => i.level === 2 && !i.lead).map((i) => i.paragraph.id));
  const runIns = own.filter((i) => !i.lead && (i.level === 2 || !opened.has(i.paragraph.id)));
  return runIns.length > 0 ? runIns : own.filter((i) => i.lead);
}

/** How many times the topic's words occur in a text, per 100 characters: how much of it is about the topic. */
function density(terms: QuestionTerm[], text: string): number {
  const normal = normalize(text);
  let n = 0;
  for (const t of terms) for (const w of [t.term, ...t.alts]) n += normal.split(w).length - 1;
  return (100 * n) / Math.max(100, normal.length);
}

/** The lines of one period: the part's section headings (no topic), or the headings and run-ins about the topic. */
function linesOf(group: Group, topic: QuestionTerm[], q: QuestionAnalysis, hits: ParagraphHit[], options: SummaryOptions): { items: OutlineItem[]; covered: number } {
  const inGroup = options.outline.filter((i) => group.scope(i.scope));
  if (topic.length === 0) {
    // The part with the most sections in this period: its headings are what it does (2023年要做哪几件大事).
    const sections = inGroup.filter((i) => i.level === 1);
    const pool = sections.length > 0 ? sections : inGroup.filter((i) => i.level === 2 && !i.lead);
    const counts = new Map<string, number>();
    for (const i of pool) counts.set(i.part, (counts.get(i.part) ?? 0) + 1);
    const part = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    return { items: pool.filter((i) => i.part === part), covered: part ? 1 : 0 };
  }
  const tq = { ...q, terms: topic };
  const matched = inGroup.map((item) => ({ item, own: coverage(tq, item.text) })).filter((m) => m.own >= options.minCoverage);
  const top = Math.max(0, ...matched.map((m) => m.own));
  // The lines that name the topic best (乡村振兴, not 戏曲“进乡村”): sections first, then document order.
  const direct = matched.filter((m) => m.own >= top - MATCH_SLACK).sort((a, b) => b.own - a.own || a.item.level - b.item.level);
  const chosen: OutlineItem[] = [];
  const add = (i: OutlineItem) => {
    if (!chosen.includes(i)) chosen.push(i);
  };
  for (const { item } of direct) {
    if (item.level > 1 && chosen.some((c) => c.level === 1 && c.section === item.section)) continue;
    add(item);
    if (item.level === 1) childrenOf(item, options.outline).forEach(add);
  }
  if (chosen.length > 0) return { items: chosen, covered: direct[0]!.own };
  // No heading names the topic: the run-in (or heading-only section) whose text is most about it (工业 under 大力实施产业攻坚行动).
  const withBody = inGroup.filter((i) => i.level > 1 || childrenOf(i, options.outline).length === 0);
  const scored = withBody
    .map((item) => ({ item, cov: coverage(tq, item.text + item.body), density: density(topic, item.text + item.body) }))
    .filter((m) => m.cov >= options.minCoverage)
    .sort((a, b) => b.cov - a.cov || b.density - a.density);
  const [best, second] = scored;
  if (!best) {
    // No line of the outline speaks of it: the sentence of the passages retrieved for the question that names it best.
    let found: { item: OutlineItem; cov: number } | null = null;
    for (const h of hits) {
      const p = h.paragraph;
      if (p.kind !== "body" || !group.scope(p.scope)) continue;
      for (const span of sentenceSpans(p.text, p.start)) {
        const text = p.text.slice(span.start - p.start, span.end - p.start);
        const cov = coverage(tq, text);
        if (text.length > LEAD_MAX || cov < options.minCoverage || (found && found.cov >= cov)) continue;
        const end = span.end - (/[。！？!?；;]$/.test(text) ? 1 : 0);
        found = { item: { level: 2, lead: true, paragraph: p, start: span.start, end, text: p.text.slice(span.start - p.start, end - p.start), part: "", section: "", scope: p.scope, body: text }, cov };
      }
    }
    if (found) return { items: [found.item], covered: found.cov };
    return { items: [], covered: 0 };
  }
  const items = [best.item];
  if (second && second.cov === best.cov && second.density >= 0.8 * best.density) items.push(second.item);
  return { items, covered: best.cov };
}

/**
 * A summary of the topic (or the part) a question asks about, or null when the
 * report's outline has nothing on it (the ordinary answer path then speaks).
 */
export function composeSummary(q: QuestionAnalysis, hits: ParagraphHit[], ctx: AnswerContext, options: SummaryOptions): Draft | null {
  const { profile } = options;
  const ask = periodFor(q.normal, profile);
  // 做了什么 asks for results, 有什么安排 for plans; both or neither: both.
  const filter = periodFilter({ ...ask, wantsResult: ask.wantsResult || SUMMARY_RESULT_WORDS.test(q.normal), wantsPlan: ask.wantsPlan || SUMMARY_PLAN_WORDS.test(q.normal) }, profile);
  if (typeof filter === "string") return null;
  const topic = topicTerms(q, profile, options.used);
  // Topic words the report does not use at all: nothing to outline.
  if (topic.length === 0 && q.terms.some((t) => !FRAME_WORDS.has(t.term) && !placeWord(t.term, profile) && !/^[a-z]+$/.test(t.term) && !profile.fiveYearPlans.some((p) => p.name.includes(t.term)))) return null;

  const groups = groupsOf(profile).filter((g) => options.outline.some((i) => g.scope(i.scope) && filter(i.scope)));
  let found = groups.map((g) => ({ group: g, ...linesOf(g, topic, q, hits, options) })).filter((f) => f.items.length > 0);
  // The year's work comes first; the five-year plans only when asked for, or when the year says nothing.
  if (!ask.fiveYear && found.some((f) => f.group.annual)) found = found.filter((f) => f.group.annual);
  if (found.length === 0) return null;

  const document = ctx.documents.get(profile.id);
  const budget = options.maxChars / found.length;
  const used: Citation[] = [];
  const parts: AnswerPart[] = [];
  const rest: OutlineItem[] = [];
  for (const f of found) {
    let spent = 0;
    const shown = f.items.filter((item, i) => {
      const cost = item.text.length + (i === 0 ? f.group.label.length + 1 : 1);
      if (i > 0 && spent + cost > budget) return false;
      spent += cost;
      return true;
    });
    rest.push(...f.items.filter((i) => !shown.includes(i)));
    // Shown in the report's order.
    shown.sort((a, b) => a.start - b.start).forEach((item, i) => {
      used.push(citation(item.paragraph, document, item.start, item.end, 1, "answer"));
      parts.push({ text: i === 0 ? `${f.group.label}：${item.text}` : item.text, docId: profile.id, report: profile.shortTitle, citation: used.length - 1 });
    });
  }
  // The lines left out, then the nearest passages: the rest of the answer, one click away.
  const nearest = hits.filter((h) => !used.some((c) => c.id === h.paragraph.id)).slice(0, Math.max(0, options.topK - used.length));
  const context = [
    ...rest.map((i) => citation(i.paragraph, document, i.start, i.end, 0, "context")),
    ...nearest.map((h) => citation(h.paragraph, document, h.chunks[0]!.chunk.start, h.chunks[0]!.chunk.end, h.score, "context")),
  ];
  return {
    status: "answered",
    answer: parts.map((p) => p.text).join("；"),
    parts,
    routing: { docIds: [profile.id], by: "only" },
    coverage: Math.min(...found.map((f) => f.covered)),
    citations: [...used, ...context],
    figures: [],
  };
}
