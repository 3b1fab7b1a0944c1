// The LRU behind the answer and question-vector caches, and the answer cache over
// real HTTP: identical requests answered from it, a new index never answered from it.
import { readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Lru } from "../src/cache.js";
import { openEngine, type Engine } from "../src/engine.js";
import { createApp } from "../src/server/app.js";
import { listen } from "../src/server/listen.js";
import { SEED_ID, seedCorpusDir, testConfig } from "./helpers.js";

describe("Lru", () => {
  it("evicts the least recently used entry, a read counting as a use", () => {
    const lru = new Lru<string, number>({ maxEntries: 2 });
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1);
    lru.set("c", 3);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
    expect([lru.hits, lru.misses]).toEqual([3, 1]);
  });

  it("keeps the total size within its budget and refuses a value larger than all of it", () => {
    const lru = new Lru<string, string>({ maxEntries: 100, maxSize: 10, sizeOf: (s) => s.length });
    lru.set("x", "aaaa");
    lru.set("y", "bbbb");
    lru.set("z", "cccc");
    expect(lru.get("x")).toBeUndefined();
    expect(lru.weight).toBe(8);
    lru.set("big", "d".repeat(11));
    expect(lru.get("big")).toBeUndefined();
    expect(lru.size).toBe(2);
    // Replacing a key frees the old value's size.
    lru.set("y", "b");
    expect(lru.weight).toBe(5);
  });

  it("stores nothing when sized 0", () => {
    const lru = new Lru<string, number>({ maxEntries: 0 });
    lru.set("a", 1);
    expect(lru.get("a")).toBeUndefined();
  });
});

describe("the answer cache", () => {
  const GRAIN = "2022年全区粮食种植面积是多少？";

  it("answers an identical request from the cache, and a new index never from the old one's", async () => {
    // Two indexes of the seed: as published, and with the grain area changed.
    const original = seedCorpusDir();
    const edited = seedCorpusDir();
    const file = path.join(edited, `${SEED_ID}.txt`);
    const text = readFileSync(file, "utf8");
    expect(text).toContain("粮食种植面积4.87万亩");
    writeFileSync(file, text.replace("粮食种植面积4.87万亩", "粮食种植面积5.12万亩"));
    const a = await openEngine(testConfig({ corpusDir: original }));
    const b = await openEngine(testConfig({ corpusDir: edited }));

    let engine: Engine = a;
    const config = a.config;
    const server = await listen(createApp(() => engine, config), config, 0, "127.0.0.1");
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ask = async (body: object, route = "/api/ask") => {
      const res = await fetch(`${base}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: res.status, cache: res.headers.get("x-cache"), text: await res.text() };
    };
    try {
      const first = await ask({ question: GRAIN });
      expect(first).toMatchObject({ status: 200, cache: "miss" });
      expect(JSON.parse(first.text).answer).toContain("4.87万亩");
      // The same request, written with the defaults spelled out and extra spaces: one key.
      const again = await ask({ question: `  ${GRAIN} `, topK: config.defaultTopK, mode: "hybrid", style: "full" });
      expect(again.cache).toBe("hit");
      expect(again.text).toBe(first.text);
      // Another route or style is another answer.
      expect((await ask({ question: GRAIN, style: "short" })).cache).toBe("miss");
      expect((await ask({ question: GRAIN }, "/api/ask/stream")).cache).toBe("miss");
      // Errors are never kept: an unknown report is refused each time.
      for (let i = 0; i < 2; i++) expect(await ask({ question: GRAIN, docIds: ["nowhere"] })).toMatchObject({ status: 400, cache: null });

      // A burst of one new question is answered once; the others wait for that answer.
      const burst = await Promise.all(Array.from({ length: 5 }, () => ask({ question: "2023年全区地区生产总值预期增长多少？" })));
      expect(burst.filter((r) => r.cache === "miss")).toHaveLength(1);
      expect(new Set(burst.map((r) => r.text)).size).toBe(1);

      // The index changes under the running app: the old answer is not served.
      engine = b;
      const fresh = await ask({ question: GRAIN });
      expect(fresh.cache).toBe("miss");
      expect(JSON.parse(fresh.text).answer).toContain("5.12万亩");
      expect((await ask({ question: GRAIN })).cache).toBe("hit");
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  }, 120_000);

  it("keeps question vectors: a repeated question is not embedded again", async () => {
    const engine = await openEngine(testConfig({ embedCacheEntries: 10 }));
    const first = await engine.embeddings.embedQuery(GRAIN);
    const again = await engine.embeddings.embedQuery(GRAIN);
    expect(again).toBe(first);
    expect(engine.embeddings.queryCache.hits).toBe(1);
  });
});
