import { fileURLToPath } from "node:url";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The workspace packages import the app as `jit-access/internal/…` and each
 * other by name; tests run them from their TypeScript sources, one copy of
 * every module (the same mapping as tsconfig.json's `paths`).
 */
export const workspaceAliases = [
  { find: /^jit-access\/internal\/(.*)\.js$/, replacement: `${here("./src/")}$1.ts` },
  { find: /^github-emulator\/(.*)\.js$/, replacement: `${here("./packages/github-emulator/src/")}$1.ts` },
  { find: /^jit-access-bench\/(.*)\.js$/, replacement: `${here("./packages/bench/src/")}$1.ts` },
];
