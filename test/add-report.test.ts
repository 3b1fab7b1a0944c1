// `npm run add-report`: a real report as .docx, a saved .html page and a PDF printed
// by Chromium — each made by this test — goes into a corpus folder as text, with the
// profile and structure read from it; a binary file or text that is no report is
// refused with a clear message and nothing is written.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AddReportError, addReport } from "../src/corpus/add-report.js";
import { loadDocuments } from "../src/corpus/load.js";
import { loadConfig } from "../src/config.js";
import { openEngine } from "../src/engine.js";
import { docxOf, printPdf, savedPage } from "./fixtures/documents.js";

const guangxi = readFileSync(path.resolve("corpus/guangxi-2026.txt"), "utf8");
const liubei = readFileSync(path.resolve("corpus/liubei-2023.txt"), "utf8");
const nonEmpty = (t: string) => t.split("\n").map((l) => l.trim()).filter(Boolean);
const tmp = () => mkdtempSync(path.join(os.tmpdir(), "report-qa-add-"));

describe("importing a report", () => {
  it("imports a .docx: the report's lines, the right profile", async () => {
    const dir = tmp();
    const file = path.join(tmp(), "liubei-2023.docx");
    writeFileSync(file, await docxOf(liubei.split("\n")));
    const added = await addReport(file, dir);
    expect(added.file).toBe(path.join(dir, "liubei-2023.txt"));
    expect(nonEmpty(readFileSync(added.file, "utf8"))).toEqual(nonEmpty(liubei));
    expect(added.profile).toMatchObject({ id: "liubei-2023", reportYear: 2023, place: { name: "柳北区", level: "区" } });
    expect(added.structure.parts.length).toBe(3);
    expect(added.structure.notes).toBe(13);
    expect(added.structure.honours).toBe(62);
  });

  it("imports a saved web page, and the corpus serves it without a .json", async () => {
    const dir = tmp();
    const file = path.join(tmp(), "gx.html");
    writeFileSync(file, savedPage(guangxi.split("\n")));
    const added = await addReport(file, dir, { id: "guangxi-2026" });
    const text = readFileSync(added.file, "utf8");
    for (const line of nonEmpty(guangxi)) expect(text).toContain(line);
    expect(text).not.toContain("不是报告");
    const { documents, problems } = await loadDocuments(dir);
    expect(problems).toEqual([]);
    expect(documents[0]).toMatchObject({ id: "guangxi-2026", reportYear: 2026, place: { short: "广西" } });
  });

  it("imports a PDF printed by Chromium", async () => {
    const dir = tmp();
    const file = path.join(tmp(), "liubei-2023.pdf");
    writeFileSync(file, await printPdf(liubei.split("\n")));
    const added = await addReport(file, dir);
    // PDF text loses the spaces between Chinese characters; the paragraphs and their order stay.
    const squash = (t: string) => nonEmpty(t).map((l) => l.replace(/\s+/g, ""));
    expect(squash(readFileSync(added.file, "utf8"))).toEqual(squash(liubei));
    expect(added.profile).toMatchObject({ reportYear: 2023, date: "2023-01-08", place: { fullName: "柳州市柳北区" } });
  }, 60_000);

  it.each([
    ["a binary file", "photo.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), /binary|PNG/],
    ["text that is no report", "notes.txt", Buffer.from("会议纪要\n今天讨论了三件事。\n"), /does not read as a government work report/],
    ["an empty file", "empty.txt", Buffer.alloc(0), /empty/],
  ])("refuses %s with a clear message and writes nothing", async (_what, name, data, message) => {
    const dir = tmp();
    const file = path.join(tmp(), name);
    writeFileSync(file, data);
    await expect(addReport(file, dir)).rejects.toThrow(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a report without parts and plans, and never overwrites one already there", async () => {
    const dir = tmp();
    const head = liubei.split("\n").slice(0, 8).join("\n");
    const file = path.join(tmp(), "short.txt");
    writeFileSync(file, head);
    await expect(addReport(file, dir)).rejects.toThrow(/no recognisable report structure/);
    const full = path.join(tmp(), "liubei-2023.txt");
    writeFileSync(full, liubei);
    await addReport(full, dir);
    await expect(addReport(full, dir)).rejects.toBeInstanceOf(AddReportError);
  });

  it("as a command: prints the profile and structure, indexes that report alone, exits 2 with a message on a bad file", async () => {
    const dir = tmp();
    const env = { ...process.env, CORPUS_DIR: dir, INDEX_DIR: tmp(), EMBED_MODEL: "builtin-zh-lex", ALLOW_REMOTE_MODELS: "false" };
    const run = (file: string) => spawnSync(process.execPath, ["--import", "tsx", "src/cli/add-report.ts", file], { env, encoding: "utf8" });
    const ok = run(path.resolve("corpus/anhui-2026.txt"));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/安徽省2026年政府工作报告/);
    expect(ok.stdout).toMatch(/reviews 2025, plans 2026/);
    expect(ok.stdout).toMatch(/indexed +anhui-2026 in \d+ ms/);
    expect(readdirSync(dir)).toEqual(["anhui-2026.txt"]);
    // A second report is indexed by itself: the first is left as it is.
    const second = run(path.resolve("corpus/ningxia-2026.txt"));
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/indexed +ningxia-2026 in \d+ ms/);
    // Both are in the index, as start-up reads them: nothing is left to index.
    const catalog = JSON.parse(readFileSync(path.join(env.INDEX_DIR, "catalog.json"), "utf8"));
    expect(Object.keys(catalog.reports).sort()).toEqual(["anhui-2026", "ningxia-2026"]);
    const logs: string[] = [];
    const engine = await openEngine(loadConfig({ corpusDir: dir, indexDir: env.INDEX_DIR, embedModel: "builtin-zh-lex", allowRemoteModels: false }), { log: (m) => logs.push(m) });
    expect(logs.join("\n")).not.toMatch(/to index/);
    expect(engine.profiles.map((p) => p.id)).toEqual(["anhui-2026", "ningxia-2026"]);
    const bad = run(path.resolve("package.json"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not added: .*unsupported format \.json/);
    expect(bad.stderr).not.toMatch(/\bat .+\.(ts|js):\d+/);
  }, 240_000);
});
