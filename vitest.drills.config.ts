import { defineConfig } from "vitest/config";
import { workspaceAliases } from "./vitest.shared.js";

// `npm run drills`: long runs in real time (GitHub's one-second write pacing), kept out of `npm test`.
export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ["test/drills/**/*.drill.ts"],
    testTimeout: 15 * 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
