// The chat as a conversation, in a real headless Chromium (Debian's, via playwright-core)
// against the real server and engine on 127.0.0.1 (the seed report): kept across a
// reload and sent as history, one question at a time, failures said in Chinese with
// 重试 — the server stopped, a server that never answers, a question over the length
// limit —, each answer focused, citation markers that stay in their own answer, tabs in
// the address, examples, copy and share, print, dark mode and 40 px touch targets.
// Screenshots are kept in test-artifacts/.
import { mkdirSync } from "node:fs";
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Engine } from "../src/engine.js";
import { createApp } from "../src/server/app.js";
import { listen } from "../src/server/listen.js";
import { launchChromium } from "./fixtures/documents.js";
import { SEED_ID, sharedEngine } from "./helpers.js";

const ARTIFACTS = path.resolve("test-artifacts");

let engine: Engine;
let server: Server | null = null;
let port = 0;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

/** The real server, on the same port each time so that a page left open reaches it again. */
async function startServer() {
  server = await listen(createApp(engine, engine.config), engine.config, port, "127.0.0.1");
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
}

/** Stops the server for real: the port refuses connections, kept-alive ones included. */
async function stopServer() {
  const s = server;
  server = null;
  if (!s) return;
  s.closeAllConnections();
  await new Promise<void>((r) => s.close(() => r()));
}

/** A server on the same port that accepts connections and never answers: a request that times out. */
async function startSilentServer() {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((r) => silent.listen(port, "127.0.0.1", () => r()));
  return async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  };
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  engine = await sharedEngine();
  await startServer();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopServer();
});

const errors: string[] = [];
/** Bodies of the questions the page sent. */
const sent: Record<string, unknown>[] = [];

async function newPage(viewport = { width: 1280, height: 900 }) {
  context = await browser.newContext({ viewport, locale: "zh-CN" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  // A failed fetch is logged by Chromium itself; the page's own errors are what count.
  page.on("console", (m) => m.type() === "error" && !/Failed to load resource|ERR_CONNECTION_REFUSED|net::ERR_/.test(m.text()) && errors.push(m.text()));
  page.on("request", (r) => {
    if (r.method() === "POST" && new URL(r.url()).pathname === "/api/ask/stream") sent.push(r.postDataJSON());
  });
}

beforeEach(async () => {
  errors.length = 0;
  sent.length = 0;
  if (!server) await startServer();
  await newPage();
});

afterEach(async () => {
  await context?.close();
  expect(errors, errors.join("\n")).toEqual([]);
});

/** The page with its reports loaded. */
async function open(url = base) {
  await page.goto(url);
  await page.locator("#chat-reports", { hasText: "已载入" }).waitFor({ state: "attached" });
}

const bots = () => page.locator("#conversation .msg.bot");
const users = () => page.locator("#conversation .msg.user");

/** Asks by typing and Enter; resolves with the new answer once it is complete. */
async function ask(question: string) {
  const before = await bots().count();
  await page.fill("#question", question);
  await page.press("#question", "Enter");
  const bot = bots().nth(before);
  await page.locator(`#conversation .msg.bot:nth-child(${2 * (before + 1)})[aria-busy="false"]`).waitFor();
  return bot;
}

/** The questions of a sent history, whether sent bare or with the report they were answered from. */
const questionsOf = (history: unknown) => (history as (string | { question: string })[]).map((h) => (typeof h === "string" ? h : h.question));
const stored = () => page.evaluate(() => JSON.parse(localStorage.getItem("report-qa.conversation") ?? "null"));

describe("the chat as a conversation", () => {
  it("keeps the conversation across a reload, sends follow-ups with history, shows what they were understood as; 新对话 starts over", async () => {
    await open();
    const first = await ask("2022年地区生产总值是多少？");
    await expect(first.locator(".answer-text").textContent()).resolves.toMatch(/地区生产总值/);
    const second = await ask("那2023年的目标呢？");
    expect(sent).toEqual([{ question: "2022年地区生产总值是多少？" }, { question: "那2023年的目标呢？", history: [{ question: "2022年地区生产总值是多少？", docIds: [SEED_ID] }] }]);
    // The follow-up is shown with its reading; a complete question is not.
    const understood = await users().nth(1).locator(".interpreted").textContent();
    expect(understood).toMatch(/^理解为：.*(2023.*地区生产总值|地区生产总值.*2023)/);
    await expect(users().nth(0).locator(".interpreted").count()).resolves.toBe(0);
    const answers = await bots().locator(".answer-text").allTextContents();
    await expect(second.locator(".answer-text").textContent()).resolves.toBe(answers[1]);

    await page.reload();
    await page.locator("#chat-reports", { hasText: "已载入" }).waitFor({ state: "attached" });
    expect(await users().locator(".question-text").allTextContents()).toEqual(["2022年地区生产总值是多少？", "那2023年的目标呢？"]);
    expect(await bots().locator(".answer-text").allTextContents()).toEqual(answers);
    await expect(users().nth(1).locator(".interpreted").textContent()).resolves.toBe(understood);
    await expect(page.locator("#chat-empty").isHidden()).resolves.toBe(true);

    // After the reload the conversation goes on: both earlier questions are its history.
    await ask("是增长还是下降？");
    expect(sent.at(-1)).toEqual({ question: "是增长还是下降？", history: [{ question: "2022年地区生产总值是多少？", docIds: [SEED_ID] }, { question: "那2023年的目标呢？", docIds: [SEED_ID] }] });

    await page.getByRole("button", { name: "新对话" }).click();
    expect(await bots().count()).toBe(0);
    await expect(page.locator("#chat-empty").isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("question");
    expect((await stored()).messages).toEqual([]);
    await ask("2022年新增城镇就业人员多少？");
    expect(sent.at(-1)).toEqual({ question: "2022年新增城镇就业人员多少？" });
    await page.reload();
    await users().first().waitFor();
    expect(await users().count()).toBe(1);
  });

  it("sends at most the 10 latest earlier questions as history", async () => {
    await open();
    const questions = Array.from({ length: 12 }, (_, i) => ["2022年地区生产总值是多少？", "2022年新增城镇就业人员多少？", "2022年全区粮食种植面积是多少？"][i % 3]! + "请问".repeat(Math.floor(i / 3)));
    for (const q of questions) await ask(q);
    expect(questionsOf(sent.at(-1)!.history)).toEqual(questions.slice(1, 11));
  });

  it("shows that a question runs, takes no second one, says so in Chinese when no answer comes in time, and answers on 重试", async () => {
    await page.clock.install();
    await open();
    await stopServer();
    const release = await startSilentServer();
    try {
      await page.fill("#question", "2022年全区粮食种植面积是多少？");
      await page.press("#question", "Enter");
      const bot = bots().first();
      await bot.locator(".pending").waitFor();
      await expect(bot.getAttribute("aria-busy")).resolves.toBe("true");
      await expect(bot.locator(".pending").textContent()).resolves.toContain("正在查找答案");
      const submit = page.locator("#ask-form button[type=submit]");
      await expect(submit.isDisabled()).resolves.toBe(true);
      await expect(submit.textContent()).resolves.toBe("正在回答…");
      // A second Enter, and a second submit of the form, while the first question runs: ignored.
      await page.fill("#question", "2022年新增城镇就业人员多少？");
      await page.press("#question", "Enter");
      await page.evaluate(() => (document.getElementById("ask-form") as HTMLFormElement).requestSubmit());
      await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
      expect(sent.length).toBe(1);
      expect(await users().count()).toBe(1);
      await expect(page.inputValue("#question")).resolves.toBe("2022年新增城镇就业人员多少？");
      await page.screenshot({ path: path.join(ARTIFACTS, "chat-pending.png") });

      await page.clock.fastForward(25_000);
      await bot.locator(".error").waitFor();
      await expect(bot.locator(".error-text").textContent()).resolves.toBe("出错了：等待回答超时，请检查网络后重试");
      await expect(bot.locator("[role=alert]").count()).resolves.toBe(1);
      await expect(submit.isEnabled()).resolves.toBe(true);
      // What was typed meanwhile is not overwritten; the failed question stays in the conversation.
      await expect(page.inputValue("#question")).resolves.toBe("2022年新增城镇就业人员多少？");
      await expect(users().first().locator(".question-text").textContent()).resolves.toBe("2022年全区粮食种植面积是多少？");
      await expect(page.evaluate(() => document.activeElement?.classList.contains("failed"))).resolves.toBe(true);
    } finally {
      await release();
      await startServer();
    }
    await page.getByRole("button", { name: "重试" }).click();
    await page.locator('#conversation .msg.bot[aria-busy="false"] .answer-text').waitFor();
    expect(await users().count()).toBe(1);
    await expect(bots().first().locator(".answer-text").textContent()).resolves.toContain("4.87万亩");
    expect(sent.at(-1)).toEqual({ question: "2022年全区粮食种植面积是多少？" });
  });

  it("says so in Chinese when the server cannot be reached, keeps the question through a reload, and answers on 重试", async () => {
    await open();
    await ask("2022年地区生产总值是多少？");
    await stopServer();
    await page.fill("#question", "2022年全区粮食种植面积是多少？");
    await page.press("#question", "Enter");
    const failed = bots().nth(1);
    await failed.locator(".error").waitFor();
    await expect(failed.locator(".error-text").textContent()).resolves.toBe("出错了：无法连接服务器，请检查网络或稍后重试");
    // Nothing lost: the question is back in the box and in the conversation.
    await expect(page.inputValue("#question")).resolves.toBe("2022年全区粮食种植面积是多少？");
    await expect(users().nth(1).locator(".question-text").textContent()).resolves.toBe("2022年全区粮食种植面积是多少？");
    await page.screenshot({ path: path.join(ARTIFACTS, "chat-offline.png") });

    await startServer();
    await page.reload();
    await bots().nth(1).locator(".retry").waitFor();
    await expect(bots().nth(1).locator(".error-text").textContent()).resolves.toContain("无法连接服务器");
    await bots().nth(1).getByRole("button", { name: "重试" }).click();
    await page.locator('#conversation .msg.bot:nth-child(4)[aria-busy="false"] .answer-text').waitFor();
    await expect(bots().nth(1).locator(".answer-text").textContent()).resolves.toContain("4.87万亩");
    // The failed attempt was not history; the answered question before it is.
    expect(sent.at(-1)).toEqual({ question: "2022年全区粮食种植面积是多少？", history: [{ question: "2022年地区生产总值是多少？", docIds: [SEED_ID] }] });
  });

  it("shows the server's own message for a refused question (400), in Chinese, with the question kept", async () => {
    await open();
    // 30 characters typed, 540 once the server NFKC-normalises them: over its 500-character limit.
    const question = "ﷺ".repeat(30);
    await page.fill("#question", question);
    await page.press("#question", "Enter");
    const bot = bots().first();
    await bot.locator(".error").waitFor();
    await expect(bot.locator(".error-text").textContent()).resolves.toBe("出错了：问题无法处理（可能太长或含有无效字符），请修改后重试（错误 400）");
    await expect(bot.locator(".error-detail").textContent()).resolves.toMatch(/^服务器说明：.*500/);
    await expect(page.inputValue("#question")).resolves.toBe(question);
    await expect(bot.getByRole("button", { name: "重试" }).isVisible()).resolves.toBe(true);
  });

  it("focuses and scrolls to each new answer; a marker opens its own answer's citation, never another's", async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await open();
    const questions = ["2022年全区粮食种植面积是多少？", "2022年新增城镇就业人员多少？", "2023年力争新引进多少个项目？"];
    for (const q of questions) {
      const bot = await ask(q);
      await expect(page.evaluate(() => document.activeElement?.getAttribute("data-msg") && document.activeElement.classList.contains("bot"))).resolves.toBe(true);
      const focused = await page.evaluate(() => document.activeElement!.id);
      expect(focused).toBe(await bot.getAttribute("id"));
      const box = await bot.boundingBox();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeLessThan(600);
    }
    // Ids on the page are unique, though every answer has a citation [1].
    const ids = await page.locator("#conversation [id]").evaluateAll((els) => els.map((e) => e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => id.startsWith("cite-") && id.endsWith("-1")).length).toBe(3);

    const second = bots().nth(1);
    const secondText = (await second.locator(".answer-text").textContent())!;
    expect(secondText).toContain("1.07万人");
    await second.locator(".marker a").first().click();
    const target = await page.evaluate(() => ({ id: document.activeElement!.id, inMsg: document.activeElement!.closest(".msg.bot")?.getAttribute("data-msg"), mark: document.activeElement!.querySelector("mark")?.textContent }));
    expect(target.inMsg).toBe(await second.getAttribute("data-msg"));
    expect(target.id).toBe(`cite-${target.inMsg}-1`);
    expect(target.mark).toContain("1.07万人");
    const card = await page.locator(`[id="${target.id}"]`).boundingBox();
    expect(card!.y).toBeGreaterThanOrEqual(0);
    expect(card!.y + card!.height).toBeLessThanOrEqual(600);
    // The address does not change: Back still leaves the page as before.
    expect(page.url()).toBe(`${base}/`);
  });

  it("highlights the proof quote and folds the context passages, unhighlighted", async () => {
    await open();
    const bot = await ask("2022年地区生产总值是多少？");
    const proof = bot.locator(".citation.proof");
    expect(await proof.count()).toBeGreaterThanOrEqual(1);
    for (const p of await proof.all()) expect((await p.locator("mark").textContent())!.length).toBeGreaterThan(0);
    const context = bot.locator("details.context");
    await expect(context.count()).resolves.toBe(1);
    await expect(context.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
    const cards = context.locator(".citation");
    expect(await cards.count()).toBeGreaterThanOrEqual(1);
    await expect(cards.first().isVisible()).resolves.toBe(false);
    await expect(context.locator("mark").count()).resolves.toBe(0);
    await context.locator("summary").click();
    await expect(cards.first().isVisible()).resolves.toBe(true);
    await expect(cards.first().locator(".quote").textContent()).resolves.not.toBe("");
  });

  it("puts the tab in the address: reload and Back return to it", async () => {
    await open();
    await page.getByRole("tab", { name: "核对说法" }).click();
    expect(page.url()).toBe(`${base}/?tab=check`);
    await page.reload();
    await page.locator("#chat-reports", { hasText: "已载入" }).waitFor({ state: "attached" });
    await expect(page.locator("#tab-check").getAttribute("aria-selected")).resolves.toBe("true");
    await expect(page.locator("#view-check").isVisible()).resolves.toBe(true);
    await page.getByRole("tab", { name: "数据对比" }).click();
    expect(page.url()).toBe(`${base}/?tab=figures`);
    await page.locator("#fig-table[aria-busy=false]").waitFor();
    await page.getByRole("tab", { name: "报告原文" }).click();
    expect(page.url()).toBe(`${base}/r`);
    await page.locator("#toc a").first().waitFor();
    await page.goBack();
    await expect(page.locator("#view-figures").isVisible()).resolves.toBe(true);
    await page.goBack();
    await expect(page.locator("#view-check").isVisible()).resolves.toBe(true);
    await page.goBack();
    expect(page.url()).toBe(`${base}/`);
    await expect(page.locator("#view-chat").isVisible()).resolves.toBe(true);
    await page.goForward();
    await expect(page.locator("#view-check").isVisible()).resolves.toBe(true);
    // Arrow keys move between tabs and the address follows without a history entry each.
    await page.focus("#tab-check");
    await page.keyboard.press("ArrowRight");
    expect(page.url()).toBe(`${base}/?tab=figures`);
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    expect(page.url()).toBe(`${base}/`);
    await page.goBack();
    await expect(page.locator("#view-chat").isVisible()).resolves.toBe(true);
  });

  it("opens on the reports loaded and example questions, each of which the report answers", async () => {
    await open();
    const profile = engine.profiles[0]!;
    await expect(page.locator("#chat-reports").textContent()).resolves.toBe(`已载入 1 份报告：《${profile.shortTitle}》`);
    const examples = await page.locator("#examples button").allTextContents();
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(3);
    await page.screenshot({ path: path.join(ARTIFACTS, "chat-first-screen.png") });
    for (const [i, q] of examples.entries()) {
      await page.locator("#examples button").nth(i).click();
      const bot = bots().first();
      await page.locator('#conversation .msg.bot[aria-busy="false"] .answer-text').waitFor();
      await expect(users().first().locator(".question-text").textContent()).resolves.toBe(q);
      await expect(bot.locator(".refusal").count()).resolves.toBe(0);
      expect(await bot.locator(".citation.proof mark").count()).toBeGreaterThanOrEqual(1);
      await expect(page.locator("#chat-empty").isHidden()).resolves.toBe(true);
      await page.getByRole("button", { name: "新对话" }).click();
    }
  });

  it("copies an answer with its references, and a link that asks the question again", async () => {
    await open();
    await ask("2022年地区生产总值是多少？");
    const bot = await ask("那2023年的目标呢？");
    await bot.getByRole("button", { name: /^复制回答/ }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const lines = copied.split("\n");
    expect(lines[0]).toBe("问：那2023年的目标呢？");
    expect(lines[1]).toMatch(/^（理解为：.*2023.*）$/);
    const answer = (await bot.locator(".answer-text").textContent())!;
    expect(lines[2]).toBe(`答：${answer}`);
    expect(lines[3]).toBe("出处：");
    const first = await page.evaluate(() => JSON.parse(localStorage.getItem("report-qa.conversation")!).messages[1].answer.citations[0]);
    expect(lines[4]).toBe(`[1] ${first.reference}：“${first.quote}”`);
    expect(lines[4]).toMatch(/^\[1\] 《柳北区2023年政府工作报告》/);

    await bot.getByRole("button", { name: /^复制这个问题的分享链接/ }).click();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const interpreted = (await users().nth(1).locator(".interpreted").textContent())!.replace(/^理解为：/, "");
    expect(link).toBe(`${base}/?q=${encodeURIComponent(interpreted)}`);

    // Opened, the link asks the standalone question at once, as a thread of its own.
    const shared = await context.newPage();
    const body = shared.waitForRequest((r) => r.url().endsWith("/api/ask/stream"));
    await shared.goto(link);
    expect((await body).postDataJSON()).toEqual({ question: interpreted });
    await shared.locator('#conversation .msg.bot[aria-busy="false"] .answer-text').last().waitFor();
    await expect(shared.locator("#conversation .msg.bot").last().locator(".answer-text").textContent()).resolves.toBe(answer);
    expect(shared.url()).toBe(`${base}/`);
    await shared.close();
  });

  it("prints the questions, answers and citations without the input, buttons, tabs or picker", async () => {
    await open();
    await ask("2022年全区粮食种植面积是多少？");
    await page.emulateMedia({ media: "print" });
    for (const sel of ["#ask-form", "#question", ".tabs", "#picker", "#new-chat"]) await expect(page.locator(sel).isVisible(), sel).resolves.toBe(false);
    expect(await page.locator("button").evaluateAll((bs) => bs.filter((b) => b.checkVisibility()).length)).toBe(0);
    await expect(page.locator(".msg.user .question-text").isVisible()).resolves.toBe(true);
    await expect(page.locator(".msg.bot .answer-text").isVisible()).resolves.toBe(true);
    await expect(page.locator(".msg.bot .citation.proof").first().isVisible()).resolves.toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.length).toBeGreaterThan(1000);
  });

  it("follows the system's dark mode", async () => {
    await open();
    await ask("2022年全区粮食种植面积是多少？");
    const colours = () =>
      page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const bot = getComputedStyle(document.querySelector(".msg.bot")!);
        const input = getComputedStyle(document.getElementById("question")!);
        return { bg: body.backgroundColor, fg: body.color, bot: bot.backgroundColor, input: input.backgroundColor };
      });
    await page.emulateMedia({ colorScheme: "light" });
    const light = await colours();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await colours();
    expect(dark.bg).not.toBe(light.bg);
    expect(dark.fg).not.toBe(light.fg);
    expect(dark.bot).not.toBe(light.bot);
    expect(dark.input).not.toBe(light.input);
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    expect(luminance(dark.bg)).toBeLessThan(60);
    expect(luminance(dark.fg)).toBeGreaterThan(180);
    await page.screenshot({ path: path.join(ARTIFACTS, "chat-dark.png"), fullPage: true });
  });

  it("gives every visible button and link in the chat a touch target at least 40 px high on a phone", async () => {
    await context.close();
    await newPage({ width: 390, height: 844 });
    await open();
    await ask("2022年地区生产总值是多少？");
    await ask("那2023年的目标呢？");
    await page.locator("#conversation details.context summary").first().click();
    const small = await page.locator("header.top button, header.top a, #view-chat button, #view-chat a, #view-chat summary").evaluateAll((els) =>
      els
        .filter((e) => e.checkVisibility())
        .map((e) => ({ what: `${e.tagName} ${e.className} ${e.textContent?.slice(0, 20)}`, h: e.getBoundingClientRect().height }))
        .filter((e) => e.h < 40),
    );
    expect(small).toEqual([]);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(ARTIFACTS, "chat-phone-390.png"), fullPage: true });
  });

  it("labels its inputs, announces answers and uses real buttons", async () => {
    await open();
    await ask("2022年全区粮食种植面积是多少？");
    await expect(page.locator("#conversation").getAttribute("aria-live")).resolves.toBe("polite");
    const unlabelled = await page.locator("#view-chat input, #view-chat textarea").evaluateAll((els) => els.filter((e) => !(e as HTMLInputElement).labels?.length).length);
    expect(unlabelled).toBe(0);
    // Everything clickable is a <button> or a link with an address.
    expect(await page.locator("#view-chat [onclick], #view-chat [role=button], #view-chat a:not([href])").count()).toBe(0);
  });

  it("shows the report's most relevant passage as such, never as an answer, and again after a reload", async () => {
    await open();
    await ask("小孩上学的学位增加了多少？");
    const check = async () => {
      const bot = bots().last();
      await expect(bot.getAttribute("class")).resolves.toContain("related");
      await expect(bot.locator(".related-label").textContent()).resolves.toContain("没有找到直接回答");
      await expect(bot.locator(".sources-title").textContent()).resolves.toBe("最相关的段落");
      await expect(bot.locator(".refusal").count()).resolves.toBe(0);
      await expect(bot.locator("mark").count()).resolves.toBe(0);
    };
    await check();
    await page.reload();
    await check();
  });
});
