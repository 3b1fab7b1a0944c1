// The synthetic corpus generator of the scale benchmark (eval/scale/synth.ts), on the real reports:
// what it writes must read back as distinct reports of invented places, with the structure of their sources.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { loadDocuments } from "../src/corpus/load.js";
import { parseReport } from "../src/corpus/structure.js";
import { loadJiebaIdf } from "../src/embed/builtin/sources.js";
import { PROVINCE_LEVEL_NAMES, PROVINCIAL_CAPITALS } from "../src/lexicon.js";
import { perturbFigure, perturbNumbers, seededRandom, synthesize, writeSyntheticCorpus } from "../eval/scale/synth.js";
import type { ReportDocument } from "../src/types.js";

const { documents: sources } = await loadDocuments(loadConfig().corpusDir);
const avoidWords = new Set((await loadJiebaIdf()).idf.keys());
// More than the sources, so some are used twice: those copies must differ too.
const COUNT = sources.length + 8;
const reports = synthesize(sources, COUNT, { seed: 11, avoidWords });
const dir = mkdtempSync(path.join(os.tmpdir(), "report-qa-synth-"));
await writeSyntheticCorpus(dir, reports);
const loaded = await loadDocuments(dir);
const sourceOf = (id: string) => sources.find((s) => s.id === reports.find((r) => r.id === id)!.sourceId)!;
const headings = (d: ReportDocument) => parseReport(d.id, d.text, d).filter((p) => p.kind === "part-heading" || p.kind === "section-heading").length;

describe("synthetic reports", () => {
  it("are distinct texts, none a copy of its source", () => {
    expect(reports.map((r) => r.id)).toEqual(Array.from({ length: COUNT }, (_, i) => `synth-${String(i + 1).padStart(4, "0")}`));
    expect(new Set(reports.map((r) => r.text)).size).toBe(COUNT);
    expect(new Set(reports.map((r) => r.place.name)).size).toBe(COUNT);
    for (const r of reports) expect(sources.some((s) => s.text === r.text)).toBe(false);
  });

  it("are read by loadDocuments as reports of their invented place and their source's year, marked synthetic", () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.documents).toHaveLength(COUNT);
    for (const d of loaded.documents) {
      const r = reports.find((x) => x.id === d.id)!;
      expect(d.place.name, d.id).toBe(r.place.name);
      expect(d.place.short, d.id).toBe(r.place.short);
      expect(d.place.level, d.id).toBe(r.place.level);
      expect(d.reportYear, d.id).toBe(sourceOf(d.id).reportYear);
      expect(d.synthetic, d.id).toBe(true);
      expect(d.title, d.id).toContain("合成");
    }
  });

  it("keep their source's structure: the same parts and sections", () => {
    for (const d of loaded.documents) expect(headings(d), d.id).toBe(headings(sourceOf(d.id)));
  });

  it("leave no name of the source's place as their own", () => {
    for (const d of loaded.documents) {
      const src = sourceOf(d.id).place;
      const old = [...new Set([src.fullName, src.name, src.short, ...src.aliases])];
      const own = [d.place.fullName, d.place.name, d.place.short, ...d.place.aliases];
      for (const name of own) for (const o of old) expect(name.includes(o) || o.includes(name), `${d.id}: ${name} / ${o}`).toBe(false);
      for (const o of old) expect(d.text.includes(o), `${d.id} still says ${o}`).toBe(false);
    }
  });

  it("invent names that are no dictionary word, province or capital", () => {
    for (const r of reports) {
      expect(avoidWords.has(r.place.short) || avoidWords.has(r.place.name), r.place.name).toBe(false);
      for (const real of [...PROVINCE_LEVEL_NAMES, ...PROVINCIAL_CAPITALS]) expect(r.place.short.includes(real) || real.includes(r.place.short), r.place.name).toBe(false);
      expect(r.place.short.length).toBeGreaterThanOrEqual(2);
      expect(r.place.short.length).toBeLessThanOrEqual(3);
    }
  });

  it("are the same for the same seed, and another seed gives others", () => {
    const again = synthesize(sources, COUNT, { seed: 11, avoidWords });
    expect(again).toEqual(reports);
    const other = synthesize(sources, COUNT, { seed: 12, avoidWords });
    expect(other.filter((r, i) => r.text === reports[i]!.text)).toEqual([]);
  });
});

describe("varying figures", () => {
  it("changes a figure's digits and keeps its format", () => {
    const rand = seededRandom(3);
    for (const figure of ["560.45", "6.5", "9", "100", "0.5", "48077", "1553.58"]) {
      const varied = perturbFigure(figure, rand);
      expect(varied, figure).not.toBe(figure);
      expect(varied.replace(/\d/g, "0"), figure).toBe(figure.replace(/\d/g, "0"));
    }
  });

  it("keeps years, dates, note markers, list numbers and names with digits", () => {
    const text = "1.全年完成地区生产总值560.45亿元,下降5.6%。\n2023年1月8日,“三大振兴”(1)攻坚战,“1+1+3”产业,5G基站,2022-2024年。";
    const varied = perturbNumbers(text, seededRandom(5));
    for (const kept of ["1.全年", "2023年1月8日", "(1)", "“1+1+3”", "5G", "2022-2024年"]) expect(varied).toContain(kept);
    expect(varied).not.toContain("560.45");
    expect(varied).toMatch(/生产总值\d{3}\.\d{2}亿元,下降\d\.\d%/);
  });
});
