// The reader on the real report: every line becomes exactly one paragraph, offsets
// slice back to identical text (as string and as bytes), notes are linked, ids are stable.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildCorpus, loadDocuments } from "../src/corpus/load.js";
import { chunkParagraphs } from "../src/corpus/chunk.js";
import { parseReport } from "../src/corpus/structure.js";

const config = loadConfig();
const { documents: all } = await loadDocuments(config.corpusDir);
const documents = all.filter((d) => d.id === "liubei-2023");
const doc = documents[0]!;
const corpus = buildCorpus(documents, config.chunkMaxChars);
const paragraphs = corpus.paragraphs.filter((p) => p.docId === doc.id);
const byLocal = (local: string) => paragraphs.find((p) => p.id === `${doc.id}:${local}`)!;

describe("corpus/", () => {
  it("holds every report verbatim, as recorded in SHA256SUMS", () => {
    const sums = readFileSync(path.join(config.corpusDir, "SHA256SUMS"), "utf8").trim().split("\n");
    expect(sums.length).toBe(22);
    for (const line of sums) {
      const [hash, name] = line.split(/\s+/);
      expect(createHash("sha256").update(readFileSync(path.join(config.corpusDir, name!))).digest("hex"), name).toBe(hash);
    }
  });
});

describe("reading the report's structure", () => {
  it("covers every non-empty line of the file exactly once, in order", () => {
    const lines = doc.text.split("\n").map((l: string) => l.trim()).filter(Boolean);
    expect(paragraphs.map((p) => p.text)).toEqual(lines);
    for (let i = 1; i < paragraphs.length; i++) expect(paragraphs[i]!.start).toBeGreaterThan(paragraphs[i - 1]!.end);
  });

  it("offsets round-trip to identical text, as characters and as UTF-8 bytes", () => {
    const bytes = readFileSync(path.join(config.corpusDir, doc.source));
    for (const p of paragraphs) {
      expect(doc.text.slice(p.start, p.end)).toBe(p.text);
      expect(bytes.subarray(p.byteStart, p.byteEnd).toString("utf8")).toBe(p.text);
    }
  });

  it("gives unique ids that are stable across runs", () => {
    const again = parseReport(doc.id, doc.text, doc);
    expect(again.map((p) => p.id)).toEqual(paragraphs.map((p) => p.id));
    expect(new Set(paragraphs.map((p) => p.id)).size).toBe(paragraphs.length);
  });

  it("finds the title block, 3 parts, 7 + 6 sections, 13 notes and the 6/26/30 honours", () => {
    const count = (kind: string) => paragraphs.filter((p) => p.kind === kind).length;
    expect(count("title")).toBe(5);
    expect(count("part-heading")).toBe(3);
    expect(count("section-heading")).toBe(13);
    expect(count("note")).toBe(13);
    expect(count("honours-level")).toBe(3);
    const honours = paragraphs.filter((p) => p.kind === "honour");
    expect(honours.filter((h) => h.sectionPath[1] === "国家级:").length).toBe(6);
    expect(honours.filter((h) => h.sectionPath[1] === "自治区级:").length).toBe(26);
    expect(honours.filter((h) => h.sectionPath[1] === "柳州市级:").length).toBe(30);
  });

  it("gives each paragraph its section path", () => {
    const grain = paragraphs.find((p) => p.text.includes("粮食种植面积4.87万亩"))!;
    expect(grain.sectionPath).toEqual(["一、2022年工作回顾", "(二)锚定乡村振兴目标,推动农业农村优先发展"]);
    expect(grain.id).toBe(`${doc.id}:p1-2-1`);
    const livelihood = byLocal("p1-6-1");
    expect(livelihood.sectionPath.join(" › ")).toBe("一、2022年工作回顾 › (六)落实人民至上理念,不断改善民生福祉");
  });

  it("knows 2022 results from 2023 plans", () => {
    const gdp2022 = paragraphs.find((p) => p.text.includes("地区生产总值560.45亿元"))!;
    const gdp2023 = paragraphs.find((p) => p.text.includes("地区生产总值增长6.5%"))!;
    expect(gdp2022.scope).toEqual({ kind: "result", year: 2022 });
    expect(gdp2023.scope).toEqual({ kind: "plan", year: 2023 });
    // Part 三 has no year in its heading but is about the coming year.
    expect(byLocal("p3-0-2").scope).toEqual({ kind: "plan", year: 2023 });
    expect(byLocal("n7").scope).toEqual({ kind: "definition" });
    expect(byLocal("honour-1-1").scope).toEqual({ kind: "result", year: 2022 });
  });

  it("links terms marked (1)…(13) to their notes, and reads each note's term", () => {
    expect(byLocal("n7").term).toBe("三区三线");
    expect(byLocal("n1").term).toBe("三大振兴一个更新");
    for (let n = 1; n <= 13; n++) {
      const linked = paragraphs.filter((p) => p.noteIds.includes(`${doc.id}:n${n}`));
      expect(linked.length, `note ${n}`).toBeGreaterThan(0);
    }
    // The marker links (1) although the text says 三大振兴和一个更新, not the note's exact term.
    expect(byLocal("p1-0-1").noteIds).toContain(`${doc.id}:n1`);
  });
});

describe("chunking", () => {
  const chunks = chunkParagraphs(paragraphs, config.chunkMaxChars);

  it("keeps paragraph ids and verbatim offsets", () => {
    for (const c of chunks) {
      expect(doc.text.slice(c.start, c.end)).toBe(c.text);
      const p = paragraphs.find((x) => x.id === c.paragraphId)!;
      expect(c.start).toBeGreaterThanOrEqual(p.start);
      expect(c.end).toBeLessThanOrEqual(p.end);
    }
  });

  it("covers every character of every retrievable paragraph", () => {
    for (const p of paragraphs.filter((x) => x.kind === "body" || x.kind === "note" || x.kind === "honour")) {
      const own = chunks.filter((c) => c.paragraphId === p.id);
      const covered = new Uint8Array(p.end - p.start);
      for (const c of own) covered.fill(1, c.start - p.start, c.end - p.start);
      expect(covered.every((x) => x === 1), p.id).toBe(true);
    }
  });

  it("splits long paragraphs into sentence windows of bounded size", () => {
    const long = byLocal("p1-6-1");
    const own = chunks.filter((c) => c.paragraphId === long.id);
    expect(own.length).toBeGreaterThan(5);
    for (const c of own) expect(c.text.length <= config.chunkMaxChars || !/[。；]./.test(c.text)).toBe(true);
  });
});
