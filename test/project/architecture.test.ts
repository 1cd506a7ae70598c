import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const MAX_LINES = 300;

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function imports(path: string): string[] {
  return [...readFileSync(path, "utf8").matchAll(/^import[^"']*["']([^"']+)["']/gm)].map((m) => m[1] ?? "");
}

/** The source without its comments: an @example may name a call the code does not make. */
function code(path: string): string {
  return readFileSync(path, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

// Everything under src/ is product: the tools (emulator, sandbox, demo, bench) live in workspace
// packages of their own (packages/), and only src/github, the REST implementation, reaches Octokit.
const PORT = ["/src/github/"];
const product = () => files(join(root, "src")).filter((path) => !PORT.some((dir) => path.includes(dir)));

/** What reaching Octokit looks like, besides importing it. */
const CALLS: [RegExp, string][] = [
  [/\.rest\./, "calls octokit.rest.*"],
  [/\.paginate\(/, "calls octokit.paginate()"],
  [/\.graphql\(/, "calls octokit.graphql()"],
  [/\.request\(/, "calls octokit.request()"],
  [/\bProbotOctokit\b/, "uses ProbotOctokit"],
  [/Probot\["auth"\]/, "types an Octokit from Probot's auth() to call it"],
];

describe("architecture", () => {
  it(`every product file (src/) holds at most ${MAX_LINES} lines: split by responsibility beyond that`, () => {
    const long = files(join(root, "src"))
      .map((path) => ({ path: relative(root, path), lines: readFileSync(path, "utf8").split("\n").length - 1 }))
      .filter((file) => file.lines > MAX_LINES)
      .map((file) => `${file.path}: ${file.lines} lines`);
    expect(long).toEqual([]);
  });

  it("src/core imports nothing from Probot, Octokit or I/O", () => {
    const offending = files(join(root, "src/core")).flatMap((path) =>
      imports(path)
        .filter((spec) => /^(probot|@octokit\/|node:(fs|http|https|net|child_process))/.test(spec))
        .map((spec) => `${relative(root, path)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("only src/github imports Octokit", () => {
    const offending = product().flatMap((path) => imports(path).filter((spec) => spec.startsWith("@octokit/")).map((spec) => `${relative(root, path)} imports ${spec}`));
    expect(offending).toEqual([]);
  });

  it("only src/github calls Octokit: the rest of the product hands an Octokit over, never uses it", () => {
    const offending = product().flatMap((path) => {
      const text = code(path);
      return CALLS.filter(([pattern]) => pattern.test(text)).map(([, what]) => `${relative(root, path)} ${what}`);
    });
    expect(offending).toEqual([]);
  });

  it("the call check finds each way of reaching Octokit", () => {
    const samples = [
      "await octokit.rest.issues.get(p)",
      "await octokit.paginate(octokit.rest.apps.listInstallations, {})",
      "await this.octokit.graphql(QUERY, v)",
      "await reader.request(ROUTE, { org })",
      "new ProbotOctokit({ auth })",
      'type Octokit = Awaited<ReturnType<Probot["auth"]>>;',
    ];
    expect(samples.map((sample) => CALLS.some(([pattern]) => pattern.test(sample)))).toEqual(samples.map(() => true));
    expect(CALLS.some(([pattern]) => pattern.test("await probot.auth(installationId)"))).toBe(false);
  });
});
