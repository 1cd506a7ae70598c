// The compiled app in lib/. The packed package ships it; a clone builds it with `npm run build`
// (`npm ci` no longer does, so that `npm ci --omit=dev` works without TypeScript).
import { existsSync } from "node:fs";
import process from "node:process";
import { URL } from "node:url";

/**
 * Imports lib/<path>, or says how to build it and exits 1.
 *
 * @example
 * const { start } = await loadBuilt("start.js");
 */
export async function loadBuilt(path) {
  const url = new URL(`../lib/${path}`, import.meta.url);
  if (!existsSync(url)) {
    process.stderr.write(`jit-access: lib/${path} is missing: in a clone of the repository run \`npm ci && npm run build\` first; an installed package ships it\n`);
    process.exit(1);
  }
  return import(url.href);
}
