/**
 * Reads the structure of a government work report from its verbatim text, in
 * any of the layouts reports come in: title block (with web-page furniture
 * around it), parts (一、 or an unnumbered heading such as “十五五”时期主要目标任务),
 * sections ((一) / （一）, with the heading and its body on one line or two),
 * paragraphs (lines broken mid-sentence are joined), 各位代表！ interjections,
 * notes (附注 / 注释 / 名词解释 / 附件…名词注释), appendices, the honours list,
 * and the trailer. Pure: text in, paragraphs out.
 *
 * Every character of the file belongs to exactly one paragraph or to the
 * whitespace between paragraphs, and every paragraph's offsets slice back to
 * its text (a joined paragraph keeps its line break). Each paragraph also gets
 * its period: a result of the review year, a target of the report year, a
 * five-year plan's results or goals, a definition, or meta.
 */
import type { FiveYearPlan, Paragraph, ParagraphKind, Scope } from "../types.js";
import { PAGE_FURNITURE, PHOTO_CAPTION, PLAN_WORDS, REVIEW_WORDS } from "../lexicon.js";

const CN_NUMERAL = "[一二三四五六七八九十]+";
const PART_HEADING = new RegExp(`^${CN_NUMERAL}、`);
/** (一) （一） and a heading cut after its bracket: （\n三）. */
const SECTION_HEADING = new RegExp(`^[(（]\\s*${CN_NUMERAL}\\s*[)）]`);
/** A part heading without a numeral: “十四五”时期工作回顾 / 2026年重点工作 — short, no closing punctuation. */
const UNNUMBERED_PART = /(回顾|成就|目标任务|主要任务|重点任务|重点工作|主要工作|工作安排|主要考虑|总体要求|目标和任务)$/;
const SALUTATION = /^各位代表[:：!！]/;
const LONE_SALUTATION = /^各位代表[:：!！,，]?$/;
const NOTES_HEADING = /^(附\s*注|注\s*释|名词解释)[:：]?$|名词(注释|解释)$/;
const APPENDIX_HEADING = /^附\s*件[:：]?$/;
const NUMBERED = /^(\d+)[.．、]/;
const HONOURS_LEVEL = /^(国家级|省级|自治区级|[\u4e00-\u9fff]{1,6}市级|市级|区级|县级)[:：]$/;
const HONOURS_HEADING = /荣誉[:：]?$/;
/** How a line can end a sentence; a body line ending otherwise continues on the next line. */
const CLOSED = /[。！？；：…!?;:”’」』）)】》]$/;
/** Note markers in the text: (1)…(99) right after a term. */
export const NOTE_MARKER = /[(（](\d{1,2})[)）]/g;

type Zone = "title" | "report" | "notes" | "appendix" | "honours" | "trailer";

export interface Line {
  text: string;
  start: number;
  end: number;
}

/** Splits into non-empty lines with offsets, trimming spaces and \r but never changing text. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let s = lineStart;
    let e = lineEnd;
    while (s < e && /\s/.test(text[s]!)) s++;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    if (e > s) lines.push({ text: text.slice(s, e), start: s, end: e });
    lineStart = lineEnd + 1;
  }
  return lines;
}

/** Web-page furniture or a photo caption: kept, never read as the report. */
export const isNoise = (t: string) => PAGE_FURNITURE.test(t) || PHOTO_CAPTION.test(t);

const isPartHeading = (t: string) => PART_HEADING.test(t) || (t.length <= 40 && !CLOSED.test(t) && !/[，,。]/.test(t) && UNNUMBERED_PART.test(t));
const isHeading = (t: string) => isPartHeading(t) || SECTION_HEADING.test(t) || NOTES_HEADING.test(t) || APPENDIX_HEADING.test(t) || (HONOURS_HEADING.test(t) && t.length <= 40);

/**
 * A body line that stops mid-sentence (no closing punctuation: a comma, a
 * character, or a bracket left alone as in （ then 三）…) continues on the next
 * line: joined, the paragraph keeps its line break so its offsets stay exact.
 */
function continues(prev: string, next: string): boolean {
  if (CLOSED.test(prev) || isHeading(prev) || isNoise(prev) || !/[（(，,、\u4e00-\u9fff\d%]$/.test(prev)) return false;
  return !isHeading(next) && !isNoise(next) && !SALUTATION.test(next) && !/^[—―]{2}/.test(next) && !NUMBERED.test(next);
}

/** A section heading and its body on one line: （八）加强环境污染防治，保护好山山水水。空气质量… */
function splitHeading(line: Line): [Line, Line | null] {
  const stop = line.text.search(/[。！？]/);
  if (stop < 0 || stop > 60 || stop === line.text.length - 1) return [line, null];
  let bodyStart = stop + 1;
  while (bodyStart < line.text.length && /\s/.test(line.text[bodyStart]!)) bodyStart++;
  return [
    { text: line.text.slice(0, stop + 1), start: line.start, end: line.start + stop + 1 },
    { text: line.text.slice(bodyStart), start: line.start + bodyStart, end: line.end },
  ];
}

export interface ReportTimes {
  reportYear: number;
  fiveYearPlans: FiveYearPlan[];
}

/**
 * The periods a part can speak of. A part reviewing 2025 and the 十四五 period
 * (or planning 2026 and the 十五五 period, or both five-year periods) is mixed:
 * each paragraph's own words (这五年, 一年来, 今年, 2030年) choose among its
 * periods, and a paragraph without such words continues the one before. A part
 * whose heading names one year only (二、2026年工作安排) is that year throughout,
 * though its paragraphs mention the five-year plan the year opens.
 */
interface PartPeriod {
  base: Scope;
  choices: { scope: Scope; cue: RegExp }[];
}

/** The five-year plans a heading names: “十五五” or 第十五个五年规划. */
function plansNamed(heading: string, plans: FiveYearPlan[]): FiveYearPlan[] {
  return plans.filter((p) => heading.includes(p.name) || heading.includes(`第${p.name.slice(0, 2)}个五年`));
}

function partPeriod(heading: string, opening: string, times: ReportTimes, previous: PartPeriod | null): PartPeriod {
  const reviewYear = times.reportYear - 1;
  const reviewedPlan = times.fiveYearPlans.find((p) => p.to === reviewYear);
  const plannedPlan = times.fiveYearPlans.find((p) => p.from === times.reportYear);
  const result: Scope = { kind: "result", year: reviewYear };
  const plan: Scope = { kind: "plan", year: times.reportYear };
  const reviewed: Scope | null = reviewedPlan ? { kind: "period-result", from: reviewedPlan.from, to: reviewedPlan.to, name: reviewedPlan.name } : null;
  const planned: Scope | null = plannedPlan ? { kind: "period-plan", from: plannedPlan.from, to: plannedPlan.to, name: plannedPlan.name } : null;
  const cue = {
    result: new RegExp(`一年来|过去一年|刚刚过去的|${reviewYear}年`),
    plan: new RegExp(`今年|${times.reportYear}年`),
    reviewed: new RegExp(`${reviewedPlan?.name ?? "$^"}|这五年|五年来|过去五年|过去的五年|五年的`),
    planned: new RegExp(`${plannedPlan?.name ?? "$^"}|未来五年|${plannedPlan?.to ?? "$^"}年|2035年`),
  };
  const named = plansNamed(heading, times.fiveYearPlans);
  const namesReviewed = reviewedPlan !== undefined && named.includes(reviewedPlan);
  const namesPlanned = plannedPlan !== undefined && named.includes(plannedPlan);
  const year = Number(heading.match(/((?:19|20)\d{2})年/)?.[1] ?? NaN);
  const review = /回顾|成就|总结|成绩|成效|进展/.test(heading);
  const fixed = (scope: Scope): PartPeriod => ({ base: scope, choices: [] });

  if (namesReviewed && namesPlanned && reviewed && planned) return { base: review ? reviewed : planned, choices: [{ scope: reviewed, cue: cue.reviewed }, { scope: planned, cue: cue.planned }] };
  if (review || (!Number.isNaN(year) && year < times.reportYear)) {
    const yearScope: Scope = Number.isNaN(year) ? result : { kind: "result", year };
    if (!reviewed || (!Number.isNaN(year) && !namesReviewed)) return fixed(yearScope);
    return { base: namesReviewed && Number.isNaN(year) ? reviewed : yearScope, choices: [{ scope: result, cue: cue.result }, { scope: reviewed, cue: cue.reviewed }] };
  }
  if (PLAN_WORDS.test(heading) || namesPlanned || (!Number.isNaN(year) && year >= times.reportYear)) {
    const yearScope: Scope = Number.isNaN(year) ? plan : { kind: "plan", year };
    if (!planned || (!Number.isNaN(year) && !namesPlanned)) return fixed(yearScope);
    if (Number.isNaN(year) && !namesPlanned) return fixed(yearScope);
    const choices: PartPeriod["choices"] = [{ scope: plan, cue: cue.plan }, { scope: planned, cue: cue.planned }];
    // A part on the new plan often opens by looking back on the one just ended (“十四五”时期，上海发展历程…).
    if (reviewed && Number.isNaN(year)) choices.push({ scope: reviewed, cue: cue.reviewed });
    return { base: namesPlanned && Number.isNaN(year) ? planned : yearScope, choices };
  }
  // No period in the heading (一、一年接着一年干，新福建建设持续取得新成效): its first words tell.
  if (REVIEW_WORDS.test(opening.slice(0, 40)) || cue.result.test(opening.slice(0, 12))) {
    return reviewed ? { base: result, choices: [{ scope: result, cue: cue.result }, { scope: reviewed, cue: cue.reviewed }] } : fixed(result);
  }
  // A part after the year's plan (三、全面加强政府自身建设) speaks of the coming year too.
  if (previous?.base.kind === "plan") return fixed(previous.base);
  if (planned && cue.planned.test(opening.slice(0, 20))) return { base: planned, choices: [{ scope: plan, cue: cue.plan }, { scope: planned, cue: cue.planned }] };
  return fixed(plan);
}

/** The period a paragraph of a mixed part speaks of, by the earliest of its cues; null to continue the one before. */
function cuedScope(text: string, part: PartPeriod): Scope | null {
  let best: { at: number; scope: Scope } | null = null;
  for (const choice of part.choices) {
    const at = text.search(choice.cue);
    if (at >= 0 && (!best || at < best.at)) best = { at, scope: choice.scope };
  }
  return best?.scope ?? null;
}

/** The term a note defines: 7.三区三线:… → 三区三线; 1.“三大振兴一个更新”:… → 三大振兴一个更新. */
export function noteTerm(noteText: string): string {
  const body = noteText.replace(NUMBERED, "").trim();
  const head = body.split(/[:：]/)[0] ?? body;
  return head.replace(/[“”"「」『』]/g, "").trim();
}

/** Strip quotes so 三区三线 matches “三区三线”. */
const unquote = (s: string) => s.replace(/[“”"「」『』]/g, "");

export function parseReport(docId: string, text: string, times: ReportTimes): Paragraph[] {
  const byteOffset = makeByteOffset(text);
  const raw = splitLines(text);
  const paragraphs: Paragraph[] = [];

  // The title block runs to the first salutation (各位代表：); without one, the report starts at once.
  const firstSalutation = raw.findIndex((l) => SALUTATION.test(l.text));
  const titleLines = firstSalutation > 0 ? raw.slice(0, firstSalutation) : [];
  const lines = raw;

  let zone: Zone = titleLines.length > 0 ? "title" : "report";
  let part = 0;
  let section = 0;
  let partHeading: string | null = null;
  let sectionHeading: string | null = null;
  let period: PartPeriod | null = null;
  let current: Scope = { kind: "meta" };
  const counters = new Map<string, number>();
  let honoursLevel = 0;
  let honoursHeading: string | null = null;
  let levelHeading: string | null = null;
  let notesHeading: string | null = null;
  let appendixHeading: string | null = null;
  let appendixScope: Scope = { kind: "meta" };
  const next = (key: string) => {
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    return n;
  };
  const push = (line: Line, kind: ParagraphKind, localId: string, sectionPath: string[], scope: Scope, extra: Partial<Paragraph> = {}) =>
    paragraphs.push({
      id: `${docId}:${localId}`,
      docId,
      kind,
      text: line.text,
      start: line.start,
      end: line.end,
      byteStart: byteOffset(line.start),
      byteEnd: byteOffset(line.end),
      sectionPath,
      ordinal: extra.ordinal ?? 0,
      scope,
      noteIds: [],
      ...extra,
    });
  const noise = (line: Line) => push(line, "noise", `x${next("x")}`, [], { kind: "meta" });

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (i === titleLines.length) zone = "report";
    if (zone === "report") {
      while (i + 1 < lines.length && continues(line.text, lines[i + 1]!.text)) {
        line = { start: line.start, end: lines[i + 1]!.end, text: text.slice(line.start, lines[i + 1]!.end) };
        i++;
      }
    }
    const t = line.text;

    if (zone === "title") {
      if (isNoise(t)) noise(line);
      else push(line, "title", `t${next("t")}`, [], { kind: "meta" });
      continue;
    }
    // Web furniture can follow the report (相关报道, 分享, 编辑：…) or sit inside a collected page.
    if (isNoise(t)) {
      noise(line);
      continue;
    }

    // The zones after the report: notes, an appendix, the honours list, the trailer.
    if (zone === "report" || zone === "notes" || zone === "appendix" || zone === "honours") {
      if (NOTES_HEADING.test(t)) {
        zone = "notes";
        notesHeading = t;
        push(line, "notes-heading", "notes", [t], { kind: "definition" });
        continue;
      }
      if (APPENDIX_HEADING.test(t)) {
        zone = "appendix";
        appendixHeading = t;
        push(line, "appendix-heading", `a${next("a")}`, [t], { kind: "meta" });
        // The appendix's title says what it holds: notes (名词注释) or a list (2026年民生实事).
        const title = lines[i + 1];
        if (title && !NUMBERED.test(title.text) && !NOTES_HEADING.test(title.text)) {
          i++;
          const year = Number(title.text.match(/((?:19|20)\d{2})年/)?.[1] ?? NaN);
          appendixScope = Number.isNaN(year) ? current : year >= times.reportYear ? { kind: "plan", year } : { kind: "result", year };
          push(title, "appendix-heading", `a${next("a")}`, [t, title.text], appendixScope);
          appendixHeading = title.text;
        }
        continue;
      }
      if (zone !== "honours" && HONOURS_HEADING.test(t) && t.length <= 40 && !SECTION_HEADING.test(t)) {
        zone = "honours";
        const year = Number(t.match(/((?:19|20)\d{2})年/)?.[1] ?? times.reportYear - 1);
        honoursHeading = t;
        current = { kind: "result", year };
        push(line, "honours-heading", "honours", [t], current);
        continue;
      }
    }

    if (zone === "notes") {
      const m = t.match(NUMBERED);
      if (m) {
        const noteNumber = Number(m[1]);
        push(line, "note", `n${noteNumber}`, [notesHeading ?? ""], { kind: "definition" }, { noteNumber, ordinal: noteNumber, term: noteTerm(t) });
        continue;
      }
      zone = "trailer";
    }
    if (zone === "appendix") {
      if (NUMBERED.test(t)) {
        const n = Number(t.match(NUMBERED)![1]);
        push(line, "body", `a-${n}`, [appendixHeading ?? ""], appendixScope, { ordinal: n });
        continue;
      }
      zone = "trailer";
    }
    if (zone === "honours") {
      if (HONOURS_LEVEL.test(t)) {
        honoursLevel++;
        levelHeading = t;
        push(line, "honours-level", `honour-${honoursLevel}`, [honoursHeading ?? "", t], current);
        continue;
      }
      if (NUMBERED.test(t) && honoursHeading) {
        const ordinal = Number(t.match(NUMBERED)![1]);
        push(line, "honour", `honour-${honoursLevel}-${ordinal}`, [honoursHeading, levelHeading].filter((h): h is string => h !== null), current, { ordinal });
        continue;
      }
      zone = "trailer";
    }
    if (zone === "trailer") {
      push(line, "trailer", `end${next("end")}`, [], { kind: "meta" });
      continue;
    }

    // The report itself.
    if (isPartHeading(t)) {
      part++;
      section = 0;
      partHeading = t;
      sectionHeading = null;
      const opening = lines.slice(i + 1).find((l) => !isHeading(l.text))?.text ?? "";
      period = partPeriod(t, opening, times, period);
      current = period.base;
      push(line, "part-heading", `h${part}`, [t], current);
      continue;
    }
    if (SECTION_HEADING.test(t) && part > 0) {
      section++;
      const [heading, body] = splitHeading(line);
      sectionHeading = heading.text;
      if (period) current = cuedScope(t, period) ?? current;
      push(heading, "section-heading", `h${part}-${section}`, [partHeading!, heading.text], current);
      if (body) {
        const ordinal = next(`p${part}-${section}`);
        push(body, "body", `p${part}-${section}-${ordinal}`, [partHeading!, heading.text], current, { ordinal });
      }
      continue;
    }
    // A salutation closes the current section: what follows speaks for the whole part.
    if (SALUTATION.test(t)) sectionHeading = null;
    const sec = sectionHeading ? section : 0;
    const ordinal = next(`p${part}-${sec}`);
    const path = [partHeading, sectionHeading].filter((h): h is string => h !== null);
    if (part === 0) {
      push(line, LONE_SALUTATION.test(t) ? "salutation" : "body", `p${part}-${sec}-${ordinal}`, path, { kind: "meta" }, { ordinal });
      continue;
    }
    if (LONE_SALUTATION.test(t)) {
      push(line, "salutation", `p${part}-${sec}-${ordinal}`, path, { kind: "meta" }, { ordinal });
      continue;
    }
    if (period) current = cuedScope(t, period) ?? current;
    push(line, "body", `p${part}-${sec}-${ordinal}`, path, current, { ordinal });
  }

  linkNotes(paragraphs);
  return paragraphs;
}

/**
 * Links paragraphs to the notes that define the terms they use: by marker
 * ((7) after 三区三线) and by the term itself where the marker is not repeated.
 */
function linkNotes(paragraphs: Paragraph[]): void {
  const notes = paragraphs.filter((p) => p.kind === "note");
  if (notes.length === 0) return;
  const byNumber = new Map(notes.map((n) => [n.noteNumber!, n]));
  for (const p of paragraphs) {
    if (p.kind === "note" || p.kind === "notes-heading" || p.kind === "noise") continue;
    const ids = new Set<string>();
    if (p.kind === "body" || p.kind === "section-heading") {
      for (const m of p.text.matchAll(NOTE_MARKER)) {
        const note = byNumber.get(Number(m[1]));
        if (note) ids.add(note.id);
      }
    }
    const plain = unquote(p.text);
    for (const note of notes) if (note.term && note.term.length >= 2 && plain.includes(note.term)) ids.add(note.id);
    p.noteIds = [...ids];
  }
}

/** Maps a string index to a UTF-8 byte offset, in O(1) after one pass. */
function makeByteOffset(text: string): (index: number) => number {
  const offsets = new Uint32Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    offsets[i] = bytes;
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) bytes += 4, (offsets[++i] = bytes - 4);
    else if (code >= 0xdc00 && code <= 0xdfff) bytes += 0;
    else bytes += 3;
  }
  offsets[text.length] = bytes;
  return (index) => offsets[index]!;
}
