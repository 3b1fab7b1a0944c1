// The page over the whole corpus (22 reports) in a real headless Chromium against the
// real server on 127.0.0.1: the header names the reports, the picker narrows questions
// to some reports and remembers it, answers from several reports are labelled by report,
// the reader opens any report, and the figures table compares a metric across reports
// (sorting, CSV). Screenshots are kept in test-artifacts/.
import { mkdirSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { openEngine, type Engine } from "../src/engine.js";
import { createApp } from "../src/server/app.js";
import { listen } from "../src/server/listen.js";
import { launchChromium } from "./fixtures/documents.js";
import { testConfig } from "./helpers.js";

const ARTIFACTS = path.resolve("test-artifacts");

let engine: Engine;
let server: Server;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let reportCount: number;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The whole corpus, indexed once into a temporary folder (~40 s the first time).
  engine = await openEngine(testConfig({ corpusDir: loadConfig().corpusDir }));
  reportCount = engine.profiles.length;
  server = await listen(createApp(engine, engine.config), engine.config, 0, "127.0.0.1");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Debian's chromium, headless and offline (the project's script installs it when missing).
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (server) await new Promise<void>((r) => server.close(() => r()));
});

const errors: string[] = [];
/** Bodies of the questions and claims the page sent. */
const sent: { url: string; body: Record<string, unknown> }[] = [];

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  page = await context.newPage();
  errors.length = 0;
  sent.length = 0;
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("request", (r) => {
    if (r.method() === "POST" && /\/api\/(ask\/stream|ask|check)$/.test(new URL(r.url()).pathname)) sent.push({ url: new URL(r.url()).pathname, body: r.postDataJSON() });
  });
});

afterEach(async () => {
  await context?.close();
  expect(errors, errors.join("\n")).toEqual([]);
});

/** The page with its list of reports loaded. */
async function open(url = base) {
  await page.goto(url);
  await page.waitForFunction(() => /份报告|政府工作报告/.test(document.getElementById("loaded")?.textContent ?? "") && !document.getElementById("loaded")?.textContent?.includes("正在加载"));
}

async function ask(question: string) {
  const before = await page.locator("#conversation .msg.bot").count();
  await page.fill("#question", question);
  await page.press("#question", "Enter");
  await page.locator('#conversation .msg.bot[aria-busy="false"]').nth(before).waitFor();
  return page.locator("#conversation .msg.bot").nth(before);
}

/** Chooses only the reports of these places in the picker, by typing and ticking. */
async function chooseOnly(...places: string[]) {
  await page.click("#picker-button");
  await page.click("#picker-none");
  for (const place of places) {
    await page.fill("#picker-search", place);
    await page.press("#picker-search", "Enter");
  }
  await page.click("#picker-done");
}

const noSidewaysScroll = () => page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);

describe("the page over 22 reports", () => {
  it("names the loaded reports in the header and the title", async () => {
    await open();
    expect(reportCount).toBe(22);
    const line = await page.locator("#loaded").textContent();
    expect(line).toContain("22 份报告");
    for (const place of ["柳北区", "广西", "江苏省", "上海市", "云南省"]) expect(line).toContain(place);
    await expect(page.locator("h1").textContent()).resolves.not.toContain("柳北区");
    await expect(page.title()).resolves.toContain("22 份政府工作报告");
    await expect(page.locator("#picker-summary").textContent()).resolves.toBe("全部报告 (22)");
  });

  it("lists 22 reports in the picker; choosing 广西 only is remembered across a reload and sent as docIds", async () => {
    await open();
    await page.click("#picker-button");
    await expect(page.locator("#picker-button").getAttribute("aria-expanded")).resolves.toBe("true");
    expect(await page.locator("#picker-list input[type=checkbox]").count()).toBe(22);
    expect(await page.locator("#picker-list input:checked").count()).toBe(22);
    // The search narrows the list by place name, the short or the full one.
    await page.fill("#picker-search", "广西壮族自治区");
    expect(await page.locator("#picker-list li:not([hidden])").count()).toBe(1);
    await page.fill("#picker-search", "");
    await page.click("#picker-done");

    await chooseOnly("广西");
    await expect(page.locator("#picker-summary").textContent()).resolves.toBe("广西");
    await expect(page.evaluate(() => localStorage.getItem("report-qa.docIds"))).resolves.toBe('["guangxi-2026"]');
    await page.reload();
    await page.locator("#picker-summary", { hasText: "广西" }).waitFor();
    await page.click("#picker-button");
    expect(await page.locator("#picker-list input:checked").count()).toBe(1);
    await expect(page.locator("#picker-list input:checked").getAttribute("value")).resolves.toBe("guangxi-2026");
    await page.keyboard.press("Escape");

    const bot = await ask("广西2025年城镇新增就业多少人？");
    expect(sent.at(-1)).toEqual({ url: "/api/ask/stream", body: { question: "广西2025年城镇新增就业多少人？", docIds: ["guangxi-2026"] } });
    await expect(bot.locator(".answer-text").textContent()).resolves.toContain("42.3万人");
    const card = bot.locator(".citation").first();
    await expect(card.locator(".report-badge").textContent()).resolves.toBe("广西");
    await expect(card.locator(".ref").textContent()).resolves.toContain("《广西2026年政府工作报告》");
    await expect(card.locator("mark").textContent()).resolves.toContain("42.3万人");

    // A claim goes to the chosen report too.
    await page.getByRole("tab", { name: "核对说法" }).click();
    await page.fill("#claim", "2025年广西城镇新增就业45万人");
    await page.press("#claim", "Enter");
    await page.locator(".verdict").waitFor();
    expect(sent.at(-1)?.body).toEqual({ claim: "2025年广西城镇新增就业45万人", docIds: ["guangxi-2026"] });
    await expect(page.locator(".verdict h2").textContent()).resolves.toBe("与报告不符");
    await expect(page.locator(".verdict .against").textContent()).resolves.toContain("广西2026年政府工作报告");
    await page.screenshot({ path: path.join(ARTIFACTS, "reports-claim-guangxi.png"), fullPage: true });

    // 全选 again: questions go to all reports, without docIds.
    await page.click("#picker-button");
    await page.click("#picker-all");
    await page.keyboard.press("Escape");
    await expect(page.locator("#picker-summary").textContent()).resolves.toBe("全部报告 (22)");
    await page.getByRole("tab", { name: "问答" }).click();
    await ask("广西2025年城镇新增就业多少人？");
    // The same conversation goes on: the question asked before is its history, with the report that answered it.
    expect(sent.at(-1)?.body).toEqual({ question: "广西2025年城镇新增就业多少人？", history: [{ question: "广西2025年城镇新增就业多少人？", docIds: ["guangxi-2026"] }] });
  });

  it("opens on a line naming the 22 reports and examples about the chosen report, each answered from it", async () => {
    await open();
    const line = (await page.locator("#chat-reports").textContent())!;
    expect(line).toMatch(/^已载入 22 份报告：/);
    for (const place of ["柳北区", "广西", "江苏省"]) expect(line).toContain(place);
    await chooseOnly("广西");
    await page.locator("#examples button", { hasText: "广西" }).first().waitFor();
    const examples = await page.locator("#examples button").allTextContents();
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const q of examples) expect(q.startsWith("广西")).toBe(true);
    for (const [i, q] of examples.entries()) {
      await page.locator("#examples button").nth(i).click();
      await page.locator('#conversation .msg.bot[aria-busy="false"] .answer-text').waitFor();
      expect(sent.at(-1)?.body).toEqual({ question: q, docIds: ["guangxi-2026"] });
      const bot = page.locator("#conversation .msg.bot").first();
      await expect(bot.locator(".refusal").count()).resolves.toBe(0);
      await expect(bot.locator(".citation.proof .ref").first().textContent()).resolves.toContain("《广西2026年政府工作报告》");
      await page.getByRole("button", { name: "新对话" }).click();
    }
  });

  it("drops a remembered report the server no longer has, silently", async () => {
    await open();
    await page.evaluate(() => localStorage.setItem("report-qa.docIds", JSON.stringify(["jiangsu-2026", "beijing-1999"])));
    await open();
    await expect(page.locator("#picker-summary").textContent()).resolves.toBe("江苏省");
    await ask("2026年地区生产总值增长目标是多少？");
    expect(sent.at(-1)?.body).toEqual({ question: "2026年地区生产总值增长目标是多少？", docIds: ["jiangsu-2026"] });
  });

  it("labels the parts of an answer from several reports, and each citation with its report", async () => {
    await open();
    const bot = await ask("安徽和江苏2026年地区生产总值增长目标分别是多少？");
    expect(sent.at(-1)?.body).toEqual({ question: "安徽和江苏2026年地区生产总值增长目标分别是多少？" });
    await expect(bot.locator(".answer-text").getAttribute("class")).resolves.toContain("several");
    const groups = bot.locator(".answer-text .part-group");
    expect(await groups.evaluateAll((gs) => gs.map((g) => g.getAttribute("data-doc")))).toEqual(["anhui-2026", "jiangsu-2026"]);
    expect(await bot.locator(".report-label").allTextContents()).toEqual(["【安徽省】", "【江苏省】"]);
    await expect(groups.nth(0).textContent()).resolves.toContain("5%—5.5%");
    await expect(groups.nth(1).textContent()).resolves.toContain("5%");
    // Each part's markers point at citations of its own report.
    const badges = await bot.locator(".citation .report-badge").allTextContents();
    expect(badges).toContain("安徽省");
    expect(badges).toContain("江苏省");
    for (const group of await groups.all()) {
      const doc = await group.getAttribute("data-doc");
      for (const href of await group.locator(".marker a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))) {
        const ref = await page.locator(href!).locator(".ref").textContent();
        expect(ref).toContain(doc === "anhui-2026" ? "《安徽省2026年政府工作报告》" : "《江苏省2026年政府工作报告》");
      }
    }
    await page.screenshot({ path: path.join(ARTIFACTS, "reports-answer-several.png"), fullPage: true });
  });

  it("says so, with the server's message, when no report is about the place asked", async () => {
    await open();
    const bot = await ask("北京2025年地区生产总值增长多少？");
    await expect(bot.locator(".refusal").textContent()).resolves.toBe("报告没有说");
    await expect(bot.locator(".answer-text").textContent()).resolves.toContain("没有北京的报告");
  });

  it("opens any report in the reader, switches reports with its outline, and keeps page furniture out of the text", async () => {
    // A shared link to a 广西 paragraph opens 广西's report at it.
    await open(`${base}/r#guangxi-2026:p1-0-7`);
    await page.locator(".para.current").waitFor();
    await expect(page.locator("#reader-doc").inputValue()).resolves.toBe("guangxi-2026");
    await expect(page.locator(".para.current .text").textContent()).resolves.toContain("城镇新增就业42.3万人");
    await expect(page.locator("#toc").textContent()).resolves.toContain("一、2025年工作回顾");

    // Page furniture (下载 / 打印 / 【字号】 / 来源) is in a closed box, never shown as report text.
    const noise = page.locator("#report .para.noise");
    expect(await noise.count()).toBeGreaterThan(5);
    expect(await noise.evaluateAll((ns) => ns.filter((n) => n.checkVisibility()).length)).toBe(0);
    await expect(page.locator("#report details.noise summary").first().textContent()).resolves.toContain("非报告正文");

    // Switch to 上海: its outline, its text, a shareable URL.
    await page.selectOption("#reader-doc", "shanghai-2026");
    await page.locator("#toc a", { hasText: "三、2026年主要任务" }).waitFor();
    expect(page.url()).toBe(`${base}/r#shanghai-2026`);
    await expect(page.locator("#report").textContent()).resolves.not.toContain("城镇新增就业42.3万人");
    await page.locator("#toc a", { hasText: "三、2026年主要任务" }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("shanghai-2026:h3");
    await page.screenshot({ path: path.join(ARTIFACTS, "reports-reader-shanghai.png") });

    // An appendix heading is in the outline (内蒙古's 附件), and the seed report still has its notes.
    await page.selectOption("#reader-doc", "neimenggu-2026");
    await page.locator("#toc a", { hasText: "附件" }).waitFor();
    await page.goto(`${base}/r#liubei-2023:p1-5-1`);
    await page.locator(".para.current").waitFor();
    await expect(page.locator("#reader-doc").inputValue()).resolves.toBe("liubei-2023");
    await page.getByRole("button", { name: /附注7：三区三线/ }).click();
    await expect(page.locator("#note-dialog").textContent()).resolves.toContain("永久基本农田保护红线");
  });

  it("opens the reader on the first chosen report", async () => {
    await open();
    await chooseOnly("江苏");
    await page.getByRole("tab", { name: "报告原文" }).click();
    await page.locator("#toc a").first().waitFor();
    await expect(page.locator("#reader-doc").inputValue()).resolves.toBe("jiangsu-2026");
  });

  it("compares 2026 GDP targets across reports: sortable, linked to the source, exported as CSV", async () => {
    await open();
    await page.getByRole("tab", { name: "数据对比" }).click();
    await page.fill("#fig-metric", "地区生产总值");
    await page.selectOption("#fig-period", { label: "2026年目标" });
    await page.locator("#fig-rows tr").first().waitFor();
    await page.locator("#fig-table[aria-busy=false]").waitFor();
    const rows = page.locator("#fig-rows tr");
    const count = await rows.count();
    expect(count).toBeGreaterThanOrEqual(18);
    expect(count).toBeLessThanOrEqual(24);
    const places = await page.locator("#fig-rows th").allTextContents();
    expect(new Set(places).size).toBeGreaterThanOrEqual(18);
    for (const place of ["安徽省", "广西", "上海市"]) expect(places).toContain(place);
    // Values as the reports put them: a range, a hedge.
    const anhui = rows.filter({ has: page.locator("th", { hasText: "安徽省" }) });
    await expect(anhui.locator("td.num").textContent()).resolves.toBe("5%—5.5%");
    const guangxi = rows.filter({ has: page.locator("th", { hasText: "广西" }) });
    await expect(guangxi.locator("td.num").textContent()).resolves.toBe("5%左右");
    await expect(page.locator("#fig-status").textContent()).resolves.toContain(`${count} 条数字`);

    // Sort by value, largest first, then smallest first.
    const valueHeader = page.locator("th[data-key=value]");
    const values = () => page.locator("#fig-rows td.num").evaluateAll((tds) => tds.map((td) => Number(td.getAttribute("data-value"))));
    await valueHeader.locator("button").click();
    await expect(valueHeader.getAttribute("aria-sort")).resolves.toBe("descending");
    await expect(page.locator("th[data-key=report]").getAttribute("aria-sort")).resolves.toBeNull();
    let v = await values();
    expect(v[0]).toBeGreaterThanOrEqual(v[v.length - 1]!);
    expect(v).toEqual([...v].sort((a, b) => b - a));
    await valueHeader.locator("button").click();
    await expect(valueHeader.getAttribute("aria-sort")).resolves.toBe("ascending");
    v = await values();
    expect(v).toEqual([...v].sort((a, b) => a - b));
    await valueHeader.locator("button").click();
    await page.screenshot({ path: path.join(ARTIFACTS, "reports-figures.png"), fullPage: true });

    // CSV: a header and one line per visible row, UTF-8 with a BOM, in the order shown.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#fig-csv")]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).trim().split(/\r\n/);
    expect(lines[0]).toBe("report,place,metric,value,valueHigh,unit,direction,qualifier,period,quote,paragraphId");
    expect(lines.length).toBe(count + 1);
    const firstPlace = await page.locator("#fig-rows th").first().textContent();
    expect(lines[1]).toContain(firstPlace!);
    expect(lines.some((l) => l.startsWith("安徽省2026年政府工作报告,安徽省,") && l.includes(",5,5.5,%,增长,") && l.endsWith(",anhui-2026:p3-0-2"))).toBe(true);

    // A row's quote opens its paragraph with the figure highlighted, at a shareable link.
    const link = anhui.locator("a.fig-quote");
    expect(await link.getAttribute("href")).toMatch(/^\/r\?hl=\d+-\d+#anhui-2026:p3-0-2$/);
    await link.click();
    await page.locator(".para.current mark.hl").waitFor();
    await expect(page.locator(".para.current mark.hl").textContent()).resolves.toBe("全省地区生产总值增长5%—5.5%");
    await expect(page.locator("#reader-doc").inputValue()).resolves.toBe("anhui-2026");
    expect(page.url()).toMatch(/\/r\?hl=\d+-\d+#anhui-2026:p3-0-2$/);
  });

  it("narrows the figures table to the chosen reports, and filters 2025 results by unit", async () => {
    await open();
    await chooseOnly("广西", "江苏", "上海");
    const requests: string[] = [];
    page.on("request", (r) => r.url().includes("/api/figures") && requests.push(r.url()));
    await page.getByRole("tab", { name: "数据对比" }).click();
    await page.fill("#fig-metric", "城镇新增就业");
    await page.selectOption("#fig-period", { label: "2025年实绩" });
    await page.locator("#fig-table[aria-busy=false]").waitFor();
    await page.locator("#fig-rows tr").first().waitFor();
    const last = new URL(requests.at(-1)!);
    expect(last.searchParams.get("docIds")).toBe("guangxi-2026,jiangsu-2026,shanghai-2026");
    expect(last.searchParams.get("period")).toBe("result");
    expect(last.searchParams.get("year")).toBe("2025");
    const places = await page.locator("#fig-rows th").allTextContents();
    expect(new Set(places)).toEqual(new Set(["广西", "江苏省", "上海市"]));
    await expect(page.locator("#fig-rows tr", { hasText: "广西" }).locator("td.num").textContent()).resolves.toBe("42.3万人");

    // GDP in 2025: amounts and growth rates; the unit filter keeps one kind.
    await page.fill("#fig-metric", "地区生产总值");
    await page.press("#fig-metric", "Enter");
    await page.locator("#fig-unit option[value='%']").waitFor({ state: "attached" });
    await page.selectOption("#fig-unit", "%");
    const units = await page.locator("#fig-rows td.num").allTextContents();
    expect(units.length).toBeGreaterThanOrEqual(3);
    for (const u of units) expect(u).toMatch(/%/);
  });

  it("works by keyboard: the picker opens, filters, ticks and closes with focus back on its button", async () => {
    await open();
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab"); // the picker
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("picker-button");
    await expect(page.locator("#picker-button").getAttribute("aria-label")).resolves.toContain("选择报告");
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("picker-search");
    await page.keyboard.press("Tab"); // 全选
    await page.keyboard.press("Tab"); // 清除
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.type("天津");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("picker-button");
    await expect(page.locator("#picker-panel").isHidden()).resolves.toBe(true);
    await expect(page.locator("#picker-summary").textContent()).resolves.toBe("天津市");
    // Onward to the tabs; arrow keys reach the new 数据对比 tab.
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("tab-chat");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("tab-figures");
    await expect(page.locator("#view-figures").isVisible()).resolves.toBe(true);
  });

  it("fits a 360 px phone: answers, the picker, the figures and the reader without sideways scrolling", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await open();
    expect(await noSidewaysScroll()).toBe(true);
    await ask("安徽和江苏2026年地区生产总值增长目标分别是多少？");
    expect(await noSidewaysScroll()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "reports-phone-360.png"), fullPage: true });
    await page.click("#picker-button");
    const panel = await page.locator("#picker-panel").boundingBox();
    expect(panel!.x).toBeGreaterThanOrEqual(0);
    expect(panel!.x + panel!.width).toBeLessThanOrEqual(360);
    expect(await noSidewaysScroll()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "reports-phone-360-picker.png") });
    await page.keyboard.press("Escape");
    await page.getByRole("tab", { name: "数据对比" }).click();
    await page.locator("#fig-rows tr").first().waitFor();
    expect(await noSidewaysScroll()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "reports-phone-360-figures.png") });
    await page.getByRole("tab", { name: "报告原文" }).click();
    await page.locator("#toc a").first().waitFor();
    await page.selectOption("#reader-doc", "guangxi-2026");
    await page.locator("#toc a", { hasText: "一、2025年工作回顾" }).waitFor();
    expect(await noSidewaysScroll()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, "reports-phone-360-reader.png") });
  });
});
