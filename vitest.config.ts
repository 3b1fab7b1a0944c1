import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // Tests never touch the network: the built-in model, no downloads.
    env: { EMBED_MODEL: "builtin-zh-lex", ALLOW_REMOTE_MODELS: "false" },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
