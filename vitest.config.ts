import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { workspaceAliases } from "./vitest.shared.js";

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Every core: Vitest's default leaves one free (a 2-core machine ran the files one at a time, in 198 s
    // against 114 s on two). Ports are ephemeral and files that write do so in their own temporary folders.
    maxWorkers: availableParallelism(),
    // Test files share a worker's module cache: GitHub's GraphQL schema, the OpenAPI description and
    // the sandbox's RSA key are built once per worker, not once per file (import time fell from
    // ~75 s to ~8 s). A test that changes process-wide state (process.env, the working directory,
    // fake timers) puts it back when it ends; the suite passes with its files shuffled.
    isolate: false,
  },
});
