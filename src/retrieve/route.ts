/**
 * Routing: which reports a question is about. The places it names — any alias
 * of a report's place (广西, 广西壮族自治区, 柳北) — select those reports; a
 * place with no report in the corpus is refused, never answered from another
 * place's report; the years it names keep the reports that review or plan them
 * (2022年 → the report reviewing 2022); how it names its place (全区, 全省) keeps
 * the reports whose place speaks so. What is left may be several reports: the
 * answer stage then decides from what each of them says. Pure.
 */
import type { DocumentProfile } from "../types.js";
import { ADMIN_SUFFIX, GENERIC_PLACE_WORDS, PROVINCE_LEVEL_NAMES, PROVINCIAL_CAPITALS } from "../lexicon.js";
import { placeWords } from "../index/tokenize.js";

export type RouteOutcome =
  | {
      kind: "reports";
      /** The reports to answer from, best first. */
      docIds: string[];
      /** The reports the question names by place (empty when it names none). */
      named: string[];
    }
  /** The question names a place that has no report here. */
  | { kind: "other_place"; place: string }
  /** It names years no candidate report reviews or plans. */
  | { kind: "out_of_scope_period"; years: number[]; docIds: string[] };

/** The reports whose place the text names, longest alias first (广西壮族自治区 before 广西). */
export function placesNamed(normal: string, profiles: DocumentProfile[]): { docId: string; alias: string; at: number }[] {
  const found: { docId: string; alias: string; at: number }[] = [];
  for (const p of profiles) {
    let best: { alias: string; at: number } | null = null;
    for (const alias of p.place.aliases) {
      const at = normal.indexOf(alias);
      if (at >= 0 && (!best || alias.length > best.alias.length)) best = { alias, at };
    }
    if (best) found.push({ docId: p.id, ...best });
  }
  // A shorter alias inside a longer one of another report (a district inside a city's name) is not a mention.
  return found.filter((f) => !found.some((g) => g !== f && g.alias.length > f.alias.length && g.at <= f.at && f.at + f.alias.length <= g.at + g.alias.length));
}

/** A place the text names that no report in the corpus is about (北京, 柳南区, 南宁市), or null. */
export function otherPlaceNamed(normal: string, profiles: DocumentProfile[]): string | null {
  const known = new Set(profiles.flatMap((p) => [...p.place.aliases, ...p.place.selfWords, ...p.place.within]));
  const isKnown = (w: string) => known.has(w) || [...known].some((k) => k.length >= 2 && (w.startsWith(k) || k.startsWith(w)));
  for (const word of placeWords(normal)) {
    if (GENERIC_PLACE_WORDS.has(word) || isKnown(word)) continue;
    if (ADMIN_SUFFIX.test(word) && word.length >= 3) return word;
    if (PROVINCE_LEVEL_NAMES.includes(word) || PROVINCIAL_CAPITALS.includes(word)) return word;
  }
  for (const name of [...PROVINCE_LEVEL_NAMES, ...PROVINCIAL_CAPITALS]) if (normal.includes(name) && !isKnown(name)) return name;
  return null;
}

/** Whether a report speaks of a year: the year it reviews, the year it plans, or the end of the five-year plan it opens (到2030年). */
function covers(p: DocumentProfile, year: number): boolean {
  return year === p.reviewYear || year === p.reportYear || p.fiveYearPlans.some((f) => f.from === p.reportYear && year === f.to);
}

export interface RouteOptions {
  /** Only these reports (the API's docIds); all when absent. */
  filter?: string[];
  /** Years the question names, read by the question analysis (absolute years only; 今年/去年 depend on the report). */
  years: number[];
}

export function routeQuestion(normal: string, profiles: DocumentProfile[], options: RouteOptions): RouteOutcome {
  const allowed = options.filter ? profiles.filter((p) => options.filter!.includes(p.id)) : profiles;
  const named = placesNamed(normal, profiles);
  if (named.length > 0) {
    const inScope = named.filter((n) => allowed.some((p) => p.id === n.docId));
    // A place the chosen reports lie in (广西 for 柳北区's report, picked alone) names no other report.
    const enclosing = inScope.length === 0 && named.every((n) => allowed.some((p) => p.place.within.includes(n.alias)));
    // Named, but outside the reports the caller chose: not theirs to answer.
    if (inScope.length === 0 && !enclosing) return { kind: "other_place", place: named[0]!.alias };
    const docs = enclosing ? allowed : inScope.sort((a, b) => a.at - b.at).map((n) => allowed.find((p) => p.id === n.docId)!);
    const dated = options.years.length ? docs.filter((p) => options.years.some((y) => covers(p, y))) : docs;
    // A named report that does not cover the year asked is refused for that year, not swapped for another.
    if (dated.length === 0) return { kind: "out_of_scope_period", years: options.years, docIds: docs.map((p) => p.id) };
    return { kind: "reports", docIds: dated.map((p) => p.id), named: enclosing ? [] : dated.map((p) => p.id) };
  }
  const other = otherPlaceNamed(normal, profiles);
  if (other) return { kind: "other_place", place: other };
  // No place named: how the question names its own place (全区, 全省) keeps the reports that speak so.
  const self = allowed.filter((p) => p.place.selfWords.some((w) => normal.includes(w)));
  const candidates = self.length > 0 ? self : allowed;
  if (options.years.length === 0) return { kind: "reports", docIds: candidates.map((p) => p.id), named: [] };
  const dated = candidates.filter((p) => options.years.some((y) => covers(p, y)));
  if (dated.length === 0) return { kind: "out_of_scope_period", years: options.years, docIds: candidates.map((p) => p.id) };
  return { kind: "reports", docIds: dated.map((p) => p.id), named: [] };
}
