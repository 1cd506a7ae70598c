import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function imports(path: string): string[] {
  return [...readFileSync(path, "utf8").matchAll(/^import[^"']*["']([^"']+)["']/gm)].map((m) => m[1] ?? "");
}

describe("architecture", () => {
  it("src/core imports nothing from Probot, Octokit or I/O", () => {
    const offending = files(join(root, "src/core")).flatMap((path) =>
      imports(path)
        .filter((spec) => /^(probot|@octokit\/|node:(fs|http|https|net|child_process))/.test(spec))
        .map((spec) => `${relative(root, path)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("only src/github talks to Octokit", () => {
    const offending = files(join(root, "src"))
      .filter((path) => !path.includes("/src/github/"))
      .flatMap((path) => imports(path).filter((spec) => spec.startsWith("@octokit/")).map((spec) => `${relative(root, path)} imports ${spec}`))
      // The emulator answers GraphQL against GitHub's published schema: data, not a client.
      .filter((found) => found !== "src/emulator/routes/graphql.ts imports @octokit/graphql-schema");
    expect(offending).toEqual([]);
  });
});
