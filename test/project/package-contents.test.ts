import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;

/**
 * What `npm pack` would publish of the app (from the lib/ that `npm test`
 * builds first): the product, without the tools that live in the workspace
 * packages (packages/github-emulator, packages/bench).
 */
function packedFiles(): string[] {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" });
  const [info] = JSON.parse(output) as { files: { path: string }[] }[];
  return info!.files.map((f) => f.path);
}

describe("the app's package", () => {
  it.skipIf(!existsSync(join(root, "lib/index.js")))("ships the product and none of its tools (emulator, sandbox, demo, bench)", () => {
    const files = packedFiles();
    expect(files).toEqual(expect.arrayContaining(["lib/index.js", "lib/start.js", "lib/cli/main.js", "lib/masking/index.js", "bin/start.js", "bin/jit-access.js", "app.yml", "policies/schema.json"]));
    expect(files.filter((path) => /(^|\/)(emulator|sandbox|bench|packages)(\/|$)|demo/.test(path))).toEqual([]);
    // Only compiled product code: every file under lib/ comes from a source file in src/.
    const orphans = files
      .filter((path) => path.startsWith("lib/") && path.endsWith(".js"))
      .filter((path) => !existsSync(join(root, path.replace(/^lib\//, "src/").replace(/\.js$/, ".ts"))));
    expect(orphans).toEqual([]);
  });
});
