import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest modification time under a folder. */
function newest(dir: string): number {
  return Math.max(...readdirSync(dir).map((name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    return stat.isDirectory() ? newest(path) : stat.mtimeMs;
  }));
}

/**
 * Whether lib/ is as new as src/, so a test may run `npm start` (bin/start.js,
 * which runs the build) as a process. `npm test` builds it first (pretest);
 * `vitest run` alone may find it stale, and such tests are then skipped.
 *
 * @example
 * describe.skipIf(!libIsCurrent(root))("npm start as a process", () => { … });
 */
export function libIsCurrent(root: string): boolean {
  try {
    return statSync(join(root, "lib/start.js")).mtimeMs >= newest(join(root, "src"));
  } catch {
    return false;
  }
}
