/**
 * Periods, per report: how a paragraph's period reads (2022年实绩, 十五五目标),
 * which periods a question may be answered from, and what a refusal says about
 * the periods a report covers — all from the report's profile. Pure.
 */
import type { DocumentProfile, Scope } from "../types.js";
import { periodOf, type PeriodAsk } from "./question.js";

/** How a period reads beside a quote. */
export function scopeLabel(s: Scope): string {
  switch (s.kind) {
    case "result":
      return `${s.year}年实绩`;
    case "plan":
      return `${s.year}年目标/安排`;
    case "period-result":
      return `“${s.name}”时期（${s.from}—${s.to}年）实绩`;
    case "period-plan":
      return `“${s.name}”时期（${s.from}—${s.to}年）目标`;
    case "definition":
      return "附注释义";
    case "meta":
      return "";
  }
}

/** The periods a report covers, in words: 回顾2022年工作、安排2023年工作 / 回顾2025年和“十四五”时期…. */
export function coveredPeriods(p: DocumentProfile): string {
  const reviewed = p.fiveYearPlans.find((f) => f.to === p.reviewYear);
  const planned = p.fiveYearPlans.find((f) => f.from === p.reportYear);
  return `回顾${p.reviewYear}年${reviewed ? `和“${reviewed.name}”时期（${reviewed.from}—${reviewed.to}年）` : ""}工作、安排${p.reportYear}年工作${planned ? `并提出“${planned.name}”时期（${planned.from}—${planned.to}年）目标` : ""}`;
}

export type PeriodFilter = (s: Scope) => boolean;

/**
 * Which paragraphs of a report may answer a question, by period — or
 * "out_of_scope_period" when it asks for a year the report neither reviews nor
 * plans (a 2024 target of a 2023 report, a 2027 target of a 2026 report).
 */
export function periodFilter(ask: PeriodAsk, p: DocumentProfile): PeriodFilter | "out_of_scope_period" {
  const { reviewYear, reportYear } = p;
  const years = ask.years;
  const outside = years.filter((y) => y !== reviewYear && y !== reportYear);
  // A year the report neither reviews nor plans is out of scope, unless the question also names a covered year.
  if (outside.length > 0 && outside.length === years.length) return "out_of_scope_period";
  const timeless = (s: Scope) => s.kind === "definition" || s.kind === "meta";
  if (ask.fiveYear === "review") return (s) => s.kind === "period-result" || timeless(s) || (years.includes(reviewYear) && s.kind === "result");
  if (ask.fiveYear === "plan") return (s) => s.kind === "period-plan" || timeless(s) || (years.includes(reportYear) && s.kind === "plan");
  // A year named is that year: the five-year figures (年均增长…) are not the year's.
  const named = years.length > 0;
  const wantsResult = years.includes(reviewYear) && !years.includes(reportYear) ? true : ask.wantsResult && !ask.wantsPlan;
  const wantsPlan = years.includes(reportYear) && !years.includes(reviewYear) ? ask.wantsPlan || !ask.wantsResult : ask.wantsPlan && !ask.wantsResult;
  if (wantsResult && !wantsPlan) return (s) => s.kind === "result" || (!named && s.kind === "period-result") || timeless(s);
  if (wantsPlan && !wantsResult) return (s) => s.kind === "plan" || (!named && s.kind === "period-plan") || timeless(s);
  return (s) => !named || (s.kind !== "period-result" && s.kind !== "period-plan");
}

/** The question's period for this report (今年 = its report year). */
export const periodFor = (normal: string, p: DocumentProfile): PeriodAsk => periodOf(normal, p.reportYear, p.fiveYearPlans);
