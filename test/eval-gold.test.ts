// Gold paragraphs from gold lines (eval/gold.ts): overlap of a paragraph's span with the line's range.
import { describe, expect, it } from "vitest";
import { goldResolver, lineRange, lineStarts, paragraphsAtLine, type Span } from "../eval/gold.js";

/** Paragraph spans over `text`: one per substring, located in order. */
function spans(docId: string, text: string, parts: string[]): Span[] {
  let at = 0;
  return parts.map((part, i) => {
    const start = text.indexOf(part, at);
    if (start < 0) throw new Error(`"${part}" not in text`);
    at = start + part.length;
    return { id: `${docId}:p${i + 1}`, docId, start, end: at };
  });
}

describe("line ranges", () => {
  it("are the lines of text.split('\\n'), without the line break", () => {
    const text = "ab\ncde\n\nf";
    const starts = lineStarts(text);
    expect(starts).toEqual([0, 3, 7, 8]);
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      const [s, e] = lineRange(starts, text.length, i + 1)!;
      expect(text.slice(s, e)).toBe(line);
    });
    expect(lineRange(starts, text.length, 5)).toBeNull();
    expect(lineRange(starts, text.length, 0)).toBeNull();
  });

  it("count a trailing newline as an empty last line", () => {
    const text = "ab\n";
    expect(lineRange(lineStarts(text), text.length, 2)).toEqual([3, 3]);
  });
});

describe("gold paragraphs of a line", () => {
  it("one paragraph per line", () => {
    const text = "标题\n第一段。\n第二段。";
    const ps = spans("d", text, ["标题", "第一段。", "第二段。"]);
    expect(paragraphsAtLine(text, ps, 1)).toEqual(["d:p1"]);
    expect(paragraphsAtLine(text, ps, 2)).toEqual(["d:p2"]);
    expect(paragraphsAtLine(text, ps, 3)).toEqual(["d:p3"]);
  });

  it("a paragraph spanning several lines is gold for each of them, not only the line it starts on", () => {
    const text = "下载 打印\n2025年全省生产总值增长\n5.1%，城镇新增就业\n42.3万人。\n来源：日报";
    const ps = spans("d", text, ["下载 打印", "2025年全省生产总值增长\n5.1%，城镇新增就业\n42.3万人。", "来源：日报"]);
    expect(paragraphsAtLine(text, ps, 2)).toEqual(["d:p2"]);
    expect(paragraphsAtLine(text, ps, 3)).toEqual(["d:p2"]);
    expect(paragraphsAtLine(text, ps, 4)).toEqual(["d:p2"]);
    expect(paragraphsAtLine(text, ps, 5)).toEqual(["d:p3"]);
  });

  it("a line holding a heading and its body gives both paragraphs", () => {
    const text = "一、过去一年工作回顾 全年地区生产总值增长5%。\n二、今年工作";
    const ps = spans("d", text, ["一、过去一年工作回顾", "全年地区生产总值增长5%。", "二、今年工作"]);
    expect(paragraphsAtLine(text, ps, 1)).toEqual(["d:p1", "d:p2"]);
    expect(paragraphsAtLine(text, ps, 2)).toEqual(["d:p3"]);
  });

  it("a paragraph ending right at a line start does not touch that line", () => {
    const text = "甲乙\n丙丁";
    const ps: Span[] = [{ id: "d:a", docId: "d", start: 0, end: 3 }, { id: "d:b", docId: "d", start: 3, end: 5 }];
    expect(paragraphsAtLine(text, ps, 2)).toEqual(["d:b"]);
  });

  it("empty lines and lines past the end have no paragraph", () => {
    const text = "甲\n\n乙";
    const ps = spans("d", text, ["甲", "乙"]);
    expect(paragraphsAtLine(text, ps, 2)).toEqual([]);
    expect(paragraphsAtLine(text, ps, 9)).toEqual([]);
  });
});

describe("goldResolver", () => {
  const a = "甲段。\n乙段。";
  const b = "丙段。\n丁段。";
  const corpus = {
    documents: [{ id: "a", text: a }, { id: "b", text: b }],
    paragraphs: [...spans("a", a, ["甲段。", "乙段。"]), ...spans("b", b, ["丙段。", "丁段。"])],
  };
  const resolve = goldResolver(corpus);

  it("resolves lines of several documents, each against its own text", () => {
    expect(resolve([{ doc: "a", line: 2 }, { doc: "b", line: 1 }])).toEqual({ ids: ["a:p2", "b:p1"], unresolved: [] });
  });

  it("deduplicates ids and reports lines it cannot resolve", () => {
    expect(resolve([{ doc: "a", line: 1 }, { doc: "a", line: 1 }, { doc: "c", line: 1 }, { doc: "b", line: 7 }])).toEqual({
      ids: ["a:p1"],
      unresolved: [{ doc: "c", line: 1 }, { doc: "b", line: 7 }],
    });
  });
});
