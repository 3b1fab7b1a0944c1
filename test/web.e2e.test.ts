// The page in a real headless Chromium (Debian's, driven by playwright-core) against
// the real server on 127.0.0.1: ask and see a cited answer, click through to the
// highlighted source, check a claim, use only the keyboard, and a 360 px phone.
// Screenshots are kept in test-artifacts/.
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Engine } from "../src/engine.js";
import { createApp } from "../src/server/app.js";
import { listen } from "../src/server/listen.js";
import { launchChromium } from "./fixtures/documents.js";
import { sharedEngine } from "./helpers.js";

const ARTIFACTS = path.resolve("test-artifacts");

let engine: Engine;
let server: Server;
let base: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  engine = await sharedEngine();
  server = await listen(createApp(engine, engine.config), engine.config, 0, "127.0.0.1");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Debian's chromium, headless and offline (the project's script installs it when missing).
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const errors: string[] = [];
beforeEach(async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  page = await context.newPage();
  errors.length = 0;
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
});

async function ask(question: string) {
  await page.fill("#question", question);
  await page.press("#question", "Enter");
  await page.waitForSelector('#conversation .msg.bot[aria-busy="false"]');
}

describe("the page in Chromium", () => {
  it("asks a question and shows a cited answer with numbered markers and a figure card", async () => {
    await page.goto(base);
    await ask("2022年全区粮食种植面积是多少？");
    const bot = page.locator("#conversation .msg.bot").last();
    await expect(bot.locator(".answer-text").textContent()).resolves.toContain("4.87万亩");
    await expect(bot.locator(".marker").first().textContent()).resolves.toBe("[1]");
    const quote = bot.locator(".citation").first().locator("mark");
    await expect(quote.textContent()).resolves.toContain("4.87万亩");
    await expect(bot.locator(".figure-card").first().textContent()).resolves.toContain("4.87");
    await page.screenshot({ path: path.join(ARTIFACTS, "answer.png"), fullPage: true });
    expect(errors, errors.join("\n")).toEqual([]);
  });

  it("opens a citation in the report with the quoted span highlighted, at a shareable link", async () => {
    await page.goto(base);
    await ask("2022年新增城镇就业人员多少？");
    await page.locator("#conversation .citation").first().getByRole("button", { name: /在报告原文中查看/ }).click();
    const current = page.locator(".para.current");
    await current.waitFor();
    await expect(current.getAttribute("id")).resolves.toBe("liubei-2023:p1-6-1");
    await expect(current.locator("mark.hl").textContent()).resolves.toContain("1.07万人");
    expect(page.url()).toMatch(/\/r\?hl=\d+-\d+#liubei-2023:p1-6-1$/);
    await page.screenshot({ path: path.join(ARTIFACTS, "reader-highlight.png") });

    // The same link, opened fresh, lands on the same highlighted paragraph.
    await page.goto(page.url());
    await page.locator(".para.current mark.hl").waitFor();
    await expect(page.locator(".para.current mark.hl").textContent()).resolves.toContain("1.07万人");
  });

  it("shows the outline and opens a note's definition from its marker", async () => {
    await page.goto(`${base}/r#liubei-2023:p1-5-1`);
    await page.locator("#toc a").first().waitFor();
    expect(await page.locator("#toc a").count()).toBeGreaterThanOrEqual(3 + 13 + 2);
    await page.getByRole("button", { name: /附注7：三区三线/ }).click();
    await expect(page.locator("#note-dialog").textContent()).resolves.toContain("永久基本农田保护红线");
  });

  it("opens the report at its start when a shared link's paragraph id is malformed", async () => {
    await page.goto(`${base}/r#%E0%A4%A`);
    await page.locator("#toc a").first().waitFor();
    await expect(page.locator("#toast").textContent()).resolves.toContain("链接不完整");
    expect(errors).toEqual([]);
  });

  it("checks a claim: contradicted, with the wrong figure marked in the claim and the source quoted", async () => {
    await page.goto(base);
    await page.getByRole("tab", { name: "核对说法" }).click();
    await page.fill("#claim", "2022年柳北区规上工业增加值增长10.2%");
    await page.press("#claim", "Enter");
    await page.locator(".verdict").waitFor();
    await expect(page.locator(".verdict h2").textContent()).resolves.toBe("与报告不符");
    await expect(page.locator(".verdict mark.bad").textContent()).resolves.toContain("10.2%");
    await expect(page.locator("#check-result .citation mark").first().textContent()).resolves.toContain("下降10.2%");
    await page.screenshot({ path: path.join(ARTIFACTS, "claim-check.png"), fullPage: true });
  });

  it("copies a citation as a reference", async () => {
    await page.goto(base);
    await ask("2023年力争新引进多少个项目？");
    await page.locator("#conversation .citation").first().getByRole("button", { name: /复制引用/ }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^《柳北区2023年政府工作报告》二、\(三\) 第2段：“.*58个.*”$/);
  });

  it("works by keyboard alone", async () => {
    await page.goto(base);
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab"); // first tab
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("tab-chat");
    await page.keyboard.press("ArrowRight");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("tab-check");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("question");
    await page.keyboard.type("2022年地区生产总值是多少？");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#conversation .msg.bot[aria-busy="false"]');
    // Tab onward to the first citation's button and open it with Enter.
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      const label = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
      if (label.startsWith("在报告原文中查看")) break;
    }
    await page.keyboard.press("Enter");
    await page.locator(".para.current").waitFor();
    await expect(page.evaluate(() => document.activeElement?.classList.contains("current"))).resolves.toBe(true);
  });

  it("says plainly when the report does not say, with the nearest passages", async () => {
    await page.goto(base);
    await ask("2024年地区生产总值目标是多少？");
    const bot = page.locator("#conversation .msg.bot").last();
    await expect(bot.locator(".refusal").textContent()).resolves.toBe("报告没有说");
    await expect(bot.locator(".sources-title").textContent()).resolves.toBe("最接近的段落");
  });

  it("says the report does not say it directly above a related passage, and cites it as the source", async () => {
    await page.goto(base);
    await ask("小孩上学的学位增加了多少？");
    const bot = page.locator("#conversation .msg.bot").last();
    await expect(bot.getAttribute("class")).resolves.toContain("related");
    await expect(bot.locator(".related-label").textContent()).resolves.toContain("没有找到直接回答");
    await expect(bot.locator(".sources-title").textContent()).resolves.toBe("最相关的段落");
    await expect(bot.locator(".refusal").count()).resolves.toBe(0);
    // Offered as the nearest passage, not as proof: nothing is highlighted.
    await expect(bot.locator("mark").count()).resolves.toBe(0);
  });

  it("never turns a question into markup", async () => {
    await page.goto(base);
    await ask('<img src=x onerror="window.__xss=1">粮食');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("#conversation img").count()).toBe(0);
    await expect(page.locator("#conversation .msg.user").last().textContent()).resolves.toContain("<img");
  });

  it("names its one report in the header and the title, with no report picker", async () => {
    await page.goto(base);
    await page.locator("#loaded", { hasText: "柳北区第十三届人民代表大会第三次会议" }).waitFor();
    await expect(page.locator("h1").textContent()).resolves.toBe("柳北区2023年政府工作报告");
    await expect(page.title()).resolves.toBe("柳北区2023年政府工作报告 · 问答与核对");
    await expect(page.locator("#picker").isHidden()).resolves.toBe(true);
    await page.getByRole("tab", { name: "报告原文" }).click();
    await page.locator("#toc a").first().waitFor();
    await expect(page.locator("#reader-bar").isHidden()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it("lists the report's figures for a metric in the 数据对比 table, linked to the source", async () => {
    await page.goto(base);
    await page.getByRole("tab", { name: "数据对比" }).click();
    await page.fill("#fig-metric", "城镇新增就业");
    await page.selectOption("#fig-period", { label: "2022年实绩" });
    await page.locator("#fig-rows tr", { hasText: "1.07万人" }).waitFor();
    await page.locator("#fig-rows a.fig-quote").first().click();
    await expect(page.locator(".para.current mark.hl").textContent()).resolves.toContain("1.07万人");
    expect(errors).toEqual([]);
  });

  it("fits a 360 px phone without sideways scrolling", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(base);
    await ask("今年要改造多少个老旧小区？");
    const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(ARTIFACTS, "phone-360.png"), fullPage: true });
    await page.getByRole("tab", { name: "报告原文" }).click();
    await page.locator("#report .para").first().waitFor();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(ARTIFACTS, "phone-360-reader.png") });
  });
});
