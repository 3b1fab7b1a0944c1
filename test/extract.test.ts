// Document import (src/corpus/extract): a real report, written out by this test as
// .txt (UTF-8 and GB18030), a saved-looking web page (UTF-8 and GB2312), a .docx
// and a PDF printed by Chromium, comes back as the same lines; bad files fail
// with the right ExtractError code and a message naming the file.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Document, Packer, Paragraph, TextRun } from "docx";
import { launchChromium, printableHtml } from "./fixtures/documents.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExtractError, extractFromBuffer, extractText, type ExtractErrorCode } from "../src/corpus/extract/index.js";


const guangxi = readFileSync(path.resolve("corpus/guangxi-2026.txt"), "utf8");
const liubei = readFileSync(path.resolve("corpus/liubei-2023.txt"), "utf8");
const guangxiLines = guangxi.split("\n");
const liubeiLines = liubei.split("\n");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "report-qa-extract-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function put(name: string, data: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, data);
  return file;
}

/** GB18030 bytes of `text` from the system's iconv (no encoder library in the project), or null without iconv. */
function toGb18030(text: string): Buffer | null {
  const r = spawnSync("iconv", ["-f", "UTF-8", "-t", "GB18030"], { input: Buffer.from(text, "utf8"), maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : null;
}
const hasIconv = toGb18030("中文") !== null;

async function expectError(promise: Promise<unknown>, code: ExtractErrorCode, name: string): Promise<ExtractError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExtractError);
  const e = err as ExtractError;
  expect(e.code).toBe(code);
  expect(e.message.startsWith(name) || e.message.includes(`${name}:`)).toBe(true);
  expect(e.message).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
  return e;
}

describe(".txt", () => {
  it("gives back a UTF-8 report byte for byte", async () => {
    const file = await put("guangxi.txt", guangxi);
    const r = await extractText(file);
    expect(r.format).toBe("txt");
    expect(Buffer.from(r.text, "utf8").equals(readFileSync(file))).toBe(true);
    expect(r.notes).toEqual([]);
  });

  it("strips only a leading BOM and turns CRLF into LF, and says so", async () => {
    const data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(liubei.replace(/\n/g, "\r\n"), "utf8")]);
    const r = await extractFromBuffer(data, "txt");
    expect(r.text).toBe(liubei);
    expect(r.notes.join(" ")).toMatch(/byte order mark/);
    expect(r.notes.join(" ")).toMatch(/CRLF/);
  });

  it.skipIf(!hasIconv)("decodes the same report saved as GB18030 (skipped when the system has no iconv to write it)", async () => {
    const gb = toGb18030(guangxi)!;
    expect(gb.equals(Buffer.from(guangxi, "utf8"))).toBe(false);
    const r = await extractText(await put("guangxi-gb.txt", gb));
    expect(r.text).toBe(guangxi);
    expect(r.notes).toContain("decoded from GB18030");
  });
});

// ---------------------------------------------------------------- HTML

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/“/g, "&ldquo;")
    .replace(/”/g, "&rdquo;")
    .replace(/—/g, "&mdash;");

const isHan = (c: string | undefined) => c !== undefined && /\p{Script=Han}/u.test(c);

/**
 * A page like a newspaper's saved page holding the report: head with title,
 * charset, a style and a script; a nav menu and source line; each report line
 * a <p>, some with inline markup, entities, &nbsp; or source line breaks; one
 * paragraph split by <br>. Returns the page and the lines its body should give.
 */
function reportPage(lines: string[], charsetMeta: string): { html: string; expected: string[] } {
  const expected: string[] = [];
  const brLine = lines.findIndex((l) => [...l].length > 200);
  const body = lines.map((line, i) => {
    const chars = [...line];
    if (i === brLine) {
      let k = 100;
      while (!(isHan(chars[k - 1]) && isHan(chars[k]))) k++;
      expected.push(chars.slice(0, k).join(""), chars.slice(k).join(""));
      return `<p>${escapeHtml(chars.slice(0, k).join(""))}<br>\n${escapeHtml(chars.slice(k).join(""))}</p>`;
    }
    expected.push(line);
    if (i % 4 === 1 && chars.length > 6) {
      return `<p><strong>${escapeHtml(chars.slice(0, 4).join(""))}</strong>${escapeHtml(chars.slice(4).join(""))}</p>`;
    }
    if (i % 4 === 2 && chars.length > 6) {
      const a = Math.floor(chars.length / 3);
      const b = Math.floor((2 * chars.length) / 3);
      return `<p>${escapeHtml(chars.slice(0, a).join(""))}<span class="key">${escapeHtml(chars.slice(a, b).join(""))}</span><em>${escapeHtml(chars.slice(b).join(""))}</em></p>`;
    }
    if (i % 4 === 3) {
      // Editor-style source: indented, &nbsp; for spaces, a line break between two Chinese characters.
      let k = chars.findIndex((c, j) => j > 0 && isHan(chars[j - 1]) && isHan(c));
      if (k < 0) k = chars.length;
      const part = (cs: string[]) => escapeHtml(cs.join("")).replace(/ /g, "&nbsp;");
      return `<p>\n        ${part(chars.slice(0, k))}\n        ${part(chars.slice(k))}\n      </p>`;
    }
    return `<p>${escapeHtml(line)}</p>`;
  });
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  ${charsetMeta}
  <title>政府工作报告_广西日报</title>
  <style>p { text-indent: 2em; } .nav li { display: inline; } /* 样式里的字 */</style>
  <script>var s = "<p>脚本里的字</p>"; document.title = "脚本标题";</script>
</head>
<body>
  <nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news">要闻</a></li><li><a href="/gov">政务</a></li></ul></nav>
  <div class="info">来源：广西日报&nbsp;&nbsp;时间：2026-01-30 <span>【字体：大 中 小】</span></div>
  <noscript>请开启脚本</noscript>
  <article>
    <h1>政府工作报告</h1>
    ${body.join("\n    ")}
  </article>
  <div class="footer"><p>版权所有 &copy; 广西日报社</p></div>
  <script>console.log("页脚脚本");</script>
</body>
</html>`;
  return { html, expected };
}

function expectContiguous(got: string[], expected: string[]): void {
  const start = got.indexOf(expected[0]);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(got.slice(start, start + expected.length)).toEqual(expected);
}

describe(".html", () => {
  it("keeps every report line exactly and in order, with the page's other text around it, and no script or style", async () => {
    const { html, expected } = reportPage(guangxiLines, `<meta charset="utf-8">`);
    const r = await extractText(await put("guangxi.html", html));
    expect(r.format).toBe("html");
    const got = r.text.split("\n");
    expectContiguous(got, expected);
    expect(expected.length).toBe(guangxiLines.length + 1); // the <br> split one paragraph in two
    expect(got.slice(0, 3)).toEqual(["首页", "要闻", "政务"]); // the menu stays: the reader drops it
    expect(got).toContain("来源：广西日报 时间：2026-01-30 【字体：大 中 小】"); // inline elements join
    expect(got).toContain("版权所有 © 广西日报社");
    for (const hidden of ["脚本", "样式", "text-indent", "政府工作报告_广西日报", "请开启脚本"]) expect(r.text).not.toContain(hidden);
    expect(r.text).not.toMatch(/\u00a0| \n|\n\n|^\s|\s$/);
  });

  it.skipIf(!hasIconv)("honours a declared GB2312 charset (skipped when the system has no iconv to write it)", async () => {
    const { html, expected } = reportPage(liubeiLines, `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`);
    const r = await extractText(await put("liubei-gb.html", toGb18030(html)!));
    expectContiguous(r.text.split("\n"), expected);
    expect(r.notes.join(" ")).toMatch(/GB18030.*gb2312/);
  });
});

// ---------------------------------------------------------------- DOCX

describe(".docx", () => {
  it("gives one line per document paragraph", async () => {
    const paragraphs = liubeiLines.map((line, i) => {
      const chars = [...line];
      // Some paragraphs in several runs (bold, as Word writes them), some empty paragraphs between.
      if (i % 5 === 0 && chars.length > 4) {
        return new Paragraph({ children: [new TextRun({ text: chars.slice(0, 2).join(""), bold: true }), new TextRun(chars.slice(2).join(""))] });
      }
      return new Paragraph({ children: [new TextRun(line)] });
    });
    const children = paragraphs.flatMap((p, i) => (i % 30 === 29 ? [p, new Paragraph({ children: [] })] : [p]));
    const doc = new Document({ sections: [{ children }] });
    const r = await extractText(await put("liubei.docx", await Packer.toBuffer(doc)));
    expect(r.format).toBe("docx");
    expect(r.text.split("\n")).toEqual(liubeiLines);
  });
});

// ---------------------------------------------------------------- PDF

/** A PDF whose Chinese text uses a non-embedded font (STSong-Light) through the predefined UniGB-UCS2-H CMap, as many government PDFs do. */
function cidFontPdf(lines: Array<{ text: string; x: number; y: number }>): Buffer {
  const hex = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, "0")).join("");
  const content = lines.map((l) => `BT /F1 12 Tf ${l.x} ${l.y} Td <${hex(l.text)}> Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 7 0 R >>",
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>",
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>",
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, "latin1"));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, "latin1");
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

describe(".pdf", () => {
  let plainPdf: string;
  let furnishedPdf: string;

  beforeAll(async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent(printableHtml(liubeiLines));
      plainPdf = await put("liubei.pdf", await page.pdf({ format: "A4" }));
      // The same with a running header and "— N —" page numbers, as printed reports have.
      furnishedPdf = await put(
        "liubei-header.pdf",
        await page.pdf({
          format: "A4",
          displayHeaderFooter: true,
          headerTemplate: `<div style="font-size:9px;width:100%;text-align:center">柳北区政府工作报告（2023年1月）</div>`,
          footerTemplate: `<div style="font-size:10px;width:100%;text-align:center">— <span class="pageNumber"></span> —</div>`,
          margin: { top: "25mm", bottom: "25mm", left: "28mm", right: "26mm" },
        }),
      );
    } finally {
      await browser.close();
    }
  });

  // Exact equality is impossible: the PDF keeps no spaces between Chinese characters
  // ("文 件 之 二" prints as spaced glyphs), so lines are compared without whitespace;
  // the paragraphs themselves, their number and order, must match exactly.
  const squeeze = (lines: string[]) => lines.map((l) => l.replace(/\s+/g, ""));

  it("rebuilds every paragraph of a report printed by Chromium", async () => {
    const r = await extractText(plainPdf);
    expect(r.format).toBe("pdf");
    const got = r.text.split("\n");
    expect(got.length).toBe(liubeiLines.length);
    expect(squeeze(got)).toEqual(squeeze(liubeiLines));
    expect(r.text).not.toMatch(/[\u2e80-\u2fdf]| \n|\n\n|^\s|\s$/); // radicals mapped back, clean lines
    expect(got.filter((l, i) => l === liubeiLines[i]).length).toBeGreaterThan(140); // most are exact even with spaces
  });

  it("drops the running header and the page numbers", async () => {
    const r = await extractText(furnishedPdf);
    expect(squeeze(r.text.split("\n"))).toEqual(squeeze(liubeiLines));
    expect(r.text).not.toContain("柳北区政府工作报告（2023年1月）");
    expect(r.text).not.toMatch(/— \d+ —/);
    expect(r.notes.join(" ")).toMatch(/page numbers/);
    expect(r.notes.join(" ")).toMatch(/header\/footer/);
  });

  it("reads Chinese set in a non-embedded font through pdfjs' bundled CMaps", async () => {
    const data = cidFontPdf([
      { text: "各位代表：", x: 96, y: 760 },
      { text: "现在，我代表省人民政府，向大会报告政府工作，请予审议，并请省政协委", x: 96, y: 740 },
      { text: "员和其他列席人员提出意见。", x: 72, y: 720 },
      { text: "一、过去一年工作回顾", x: 96, y: 700 },
    ]);
    const r = await extractFromBuffer(data, "pdf");
    expect(r.text.split("\n")).toEqual([
      "各位代表：",
      "现在，我代表省人民政府，向大会报告政府工作，请予审议，并请省政协委员和其他列席人员提出意见。",
      "一、过去一年工作回顾",
    ]);
  });
});

// ---------------------------------------------------------------- errors

describe("errors", () => {
  it("an empty file is EMPTY", async () => {
    const e = await expectError(extractText(await put("empty.txt", "")), "EMPTY", path.join(dir, "empty.txt"));
    expect(e.message).toMatch(/empty\.txt: the file is empty$/);
    await expectError(extractText(await put("blank.html", "<html><head><title>x</title></head><body> &nbsp; </body></html>")), "EMPTY", path.join(dir, "blank.html"));
    await expectError(extractText(await put("blank.txt", " \n\t\n")), "EMPTY", path.join(dir, "blank.txt"));
  });

  it("random bytes with NULs, or a PNG, given as .txt are BINARY", async () => {
    let seed = 42;
    const random = Buffer.from(Buffer.alloc(4096, 0).map(() => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed >> 23)));
    random[100] = 0;
    const e1 = await expectError(extractText(await put("noise.txt", random)), "BINARY", path.join(dir, "noise.txt"));
    expect(e1.message).toMatch(/binary file, not text/);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0", "latin1")]);
    const e2 = await expectError(extractText(await put("photo.txt", png)), "BINARY", path.join(dir, "photo.txt"));
    expect(e2.message).toMatch(/photo\.txt: this is a binary file, not text \(it looks like a PNG image\)/);
    await expectError(extractText(await put("photo.html", png)), "BINARY", path.join(dir, "photo.html"));
  });

  it("a .pdf or .docx that is not one is UNREADABLE", async () => {
    const e = await expectError(extractText(await put("report.pdf", liubei)), "UNREADABLE", path.join(dir, "report.pdf"));
    expect(e.message).toMatch(/not a PDF.*plain text/);
    await expectError(extractText(await put("report.docx", liubei)), "UNREADABLE", path.join(dir, "report.docx"));
    await expectError(extractText(await put("broken.pdf", "%PDF-1.7\n1 0 obj\n<<")), "UNREADABLE", path.join(dir, "broken.pdf"));
  });

  it("an unknown extension is UNSUPPORTED_FORMAT, before anything is read", async () => {
    const e = await expectError(extractText(path.join(dir, "x.odt")), "UNSUPPORTED_FORMAT", path.join(dir, "x.odt"));
    expect(e.message).toMatch(/x\.odt: unsupported format \.odt \(use \.txt, \.html, \.pdf or \.docx\)$/);
  });

  it("a file over maxBytes is TOO_LARGE, and a missing one UNREADABLE", async () => {
    const e = await expectError(extractText(await put("big.txt", guangxi), { maxBytes: 1000 }), "TOO_LARGE", path.join(dir, "big.txt"));
    expect(e.message).toMatch(/over the 1000 bytes limit$/);
    await expectError(extractText(path.join(dir, "missing.txt")), "UNREADABLE", path.join(dir, "missing.txt"));
  });
});
