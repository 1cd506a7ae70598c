#!/usr/bin/env node
// `npm run demo` (from the repository's root): the whole story against the local GitHub emulator.
import { existsSync } from "node:fs";
import process from "node:process";
import { URL } from "node:url";

const entry = new URL("../lib/demo-main.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("jit-access-demo: lib/ is missing: from the repository's root run `npm ci && npm run demo`\n");
  process.exit(1);
}
const { demoMain } = await import(entry.href);
const { consoleOutput } = await import("jit-access/internal/cli/output.js");
process.exitCode = await demoMain(process.argv.slice(2), consoleOutput());
