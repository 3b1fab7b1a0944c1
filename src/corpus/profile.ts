/**
 * A report's profile, read from its own text: the place it speaks for (full
 * name, level, the short names people use, how it names itself), the year it
 * plans for, when and at which session it was delivered, by whom, and the
 * five-year plans it covers. Pure: id and text in, profile out. A `.json` beside
 * the report may override any field (see load.ts).
 */
import type { DocumentProfile, FiveYearPlan, Place } from "../types.js";
import { AUTONOMOUS_SUFFIX, CN_DIGITS, FIVE_YEAR_PLAN, HEAD_POSTS, MUNICIPALITIES, PAGE_FURNITURE, PHOTO_CAPTION, PLACE_SEGMENT, PROVINCE_LEVEL_NAMES, SELF_WORDS, type PlaceLevel } from "../lexicon.js";

/** ——2026年2月2日在广西壮族自治区第十四届人民代表大会第五次会议上 (also （…）, ――, 二〇二六年一月二十七日, no 第). */
const DATE_LINE = new RegExp(
  `^[\\s—―\\-－(（]*((?:19|20)\\d{2}|[${CN_DIGITS}]{4})\\s*年\\s*(\\d{1,2}|[${CN_DIGITS}]{1,3})\\s*月\\s*(\\d{1,2}|[${CN_DIGITS}]{1,3})\\s*日\\s*在\\s*(.+?)(第?[${CN_DIGITS}]+届人民代表大会(?:常务委员会)?第[${CN_DIGITS}]+次(?:全体)?会议)\\s*上?[\\s)）]*$`,
);
/** 自治区主席 韦 韬 / 柳州市柳北区人民政府区长 石中华 / 省长　王予波 */
const SPEAKER_LINE = new RegExp(`^(.{0,24}?(?:${HEAD_POSTS}))[\\s\\u3000]+((?:[\\u4e00-\\u9fff][\\s\\u3000]?){1,3}[\\u4e00-\\u9fff])$`);
const SALUTATION = /^各位代表[:：!！]/;
const PUBLISHER = /^[（(]?来源[：:]\s*([^）)]+)[）)]?$/;

const CN_VALUE: Record<string, number> = Object.assign(Object.create(null), { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 });

/** 2026 | 二〇二六 → 2026; 12 | 十二 | 二十七 → the number. */
export function numeral(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 4 && !s.includes("十")) return Number([...s].map((c) => CN_VALUE[c] ?? 0).join(""));
  const [tens, ones] = s.split("十");
  if (ones === undefined) return CN_VALUE[s] ?? NaN;
  return (tens ? (CN_VALUE[tens] ?? 0) : 1) * 10 + (ones ? (CN_VALUE[ones] ?? 0) : 0);
}

/** Lines before the first salutation (各位代表：), where the title, date, session and speaker are. */
function titleBlock(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (SALUTATION.test(line)) break;
    if (line) lines.push(line);
    if (lines.length > 60) break;
  }
  return lines;
}

const LEVEL_OF: [RegExp, PlaceLevel][] = [
  [/自治区$/, "自治区"],
  [/省$/, "省"],
  [/(自治县|县)$/, "县"],
  [/(自治旗|旗)$/, "旗"],
  [/自治州$/, "州"],
  [/盟$/, "盟"],
  [/区$/, "区"],
  [/市$/, "市"],
];

/** 广西壮族自治区 → {name 广西壮族自治区, short 广西, level 自治区}; 柳州市柳北区 → {name 柳北区, parent 柳州市, short 柳北, level 区}. */
export function parsePlace(fullName: string, text = ""): Place {
  const segments = fullName.match(PLACE_SEGMENT) ?? [fullName];
  const name = segments[segments.length - 1]!;
  const parent = segments.length > 1 ? segments.slice(0, -1).join("") : null;
  let level: PlaceLevel = LEVEL_OF.find(([re]) => re.test(name))?.[1] ?? "市";
  if (level === "市" && !parent && MUNICIPALITIES.has(name)) level = "直辖市";
  const stripped = level === "自治区" ? name.replace(AUTONOMOUS_SUFFIX, "") : name.replace(/(特别行政区|自治县|自治州|自治旗|省|市|区|县|旗|盟)$/, "");
  const short = stripped.length >= 2 ? stripped : name;
  const aliases = [...new Set([fullName, name, short])];
  const within = parent ? (parent.match(PLACE_SEGMENT) ?? [parent]).flatMap((p) => [p, p.replace(/(市|区|县|州|盟)$/, "")]).filter((w) => w.length >= 2) : [];
  // Below the province level, the province a report keeps naming is the one it lies in (广西 in a district of 柳州).
  if (level !== "省" && level !== "自治区" && level !== "直辖市") {
    const counts = PROVINCE_LEVEL_NAMES.map((p) => [p, text.split(p).length - 1] as const).sort((a, b) => b[1] - a[1]);
    if (counts[0] && counts[0][1] >= 3) within.push(counts[0][0]);
  }
  return { name, fullName, short, level, parent, aliases, selfWords: SELF_WORDS[level], within: [...new Set(within)] };
}

/** The five-year plans a report speaks of: 十四五 → 2021–2025. */
export function fiveYearPlans(text: string): FiveYearPlan[] {
  const seen = new Map<string, FiveYearPlan>();
  for (const m of text.matchAll(FIVE_YEAR_PLAN)) {
    const digit = m[1] ?? m[2]!;
    const n = 10 + (CN_VALUE[digit] ?? 0);
    const name = `十${digit}五`;
    if (n < 11 || seen.has(name)) continue;
    const from = 2006 + 5 * (n - 11);
    seen.set(name, { name, from, to: from + 4 });
  }
  return [...seen.values()].sort((a, b) => a.from - b.from);
}

export class ProfileError extends Error {}

/** How a report's place is named in labels and titles: 柳北区, 广西, 安徽省, 上海市. */
export const placeLabel = (place: Place): string => (place.level === "自治区" ? place.short : place.name);

/**
 * Infers the profile from the report's title block. Throws ProfileError when the
 * text does not read as a government work report (no title, place or year).
 */
export function inferProfile(id: string, source: string, text: string): DocumentProfile {
  const block = titleBlock(text);
  const dateLine = block.map((l) => l.match(DATE_LINE)).find((m) => m);
  const titleLine = block.find((l) => /政府工作报告$/.test(l) && !PHOTO_CAPTION.test(l) && !PAGE_FURNITURE.test(l)) ?? null;
  const speakerMatch = block.map((l) => l.match(SPEAKER_LINE)).find((m) => m);
  const publisher = block.map((l) => l.match(PUBLISHER)?.[1]?.trim()).find((p) => p) ?? text.match(/[（(]来源[：:]\s*([^）)\n]+)[）)]/)?.[1]?.trim() ?? null;

  // The place: from the session (…在广西壮族自治区第十四届人民代表大会…), else from the title.
  let placeName = dateLine?.[4]?.trim() ?? null;
  if (!placeName && titleLine) placeName = titleLine.replace(/^\d{4}年/, "").replace(/(人民)?政府工作报告$/, "").trim() || null;
  if (!placeName) throw new ProfileError("no place found: the title block names neither a session (…人民代表大会…会议) nor a place in the title");

  const titleYear = titleLine?.match(/((?:19|20)\d{2})年/)?.[1];
  const dateYear = dateLine ? numeral(dateLine[1]!) : NaN;
  const reportYear = titleYear ? Number(titleYear) : dateYear;
  if (!Number.isFinite(reportYear)) throw new ProfileError("no report year found: neither the title nor a dated session line gives it");

  const place = parsePlace(placeName, text);
  const date = dateLine
    ? `${numeral(dateLine[1]!)}-${String(numeral(dateLine[2]!)).padStart(2, "0")}-${String(numeral(dateLine[3]!)).padStart(2, "0")}`
    : null;
  const display = placeLabel(place);
  return {
    id,
    source,
    title: titleLine ?? `${place.fullName}人民政府工作报告`,
    shortTitle: `${display}${reportYear}年政府工作报告`,
    place,
    reportYear,
    reviewYear: reportYear - 1,
    date,
    session: dateLine ? `${placeName}${dateLine[5]}` : null,
    speaker: speakerMatch ? { name: speakerMatch[2]!.replace(/[\s\u3000]/g, ""), post: speakerMatch[1]!.trim() } : null,
    publisher,
    fiveYearPlans: fiveYearPlans(text),
  };
}
