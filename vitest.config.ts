import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/node/**/*.test.ts", "tests/cli/**/*.test.ts", "tests/action/**/*.test.ts"],
    globalSetup: ["tests/build-action.ts"],
    // CLI tests spawn Node processes and the native-vs-wasm tests build a Rust example.
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
