import { pino } from "pino";
import { ProbotOctokit } from "probot";
import { describe, expect, it, vi } from "vitest";
import { levelledRequestLogging, PROBOT_REQUEST_LOGGING } from "../../src/github/levelled-request-logging.js";
import { UnpacedOctokit } from "../../src/github/unpaced-octokit.js";

/** GitHub answers 200 for the repository and 404 for anything else. */
const fetch = async (url: string | URL): Promise<Response> =>
  String(url).endsWith("/repos/acme/app")
    ? new Response(JSON.stringify({ id: 1 }), { status: 200, headers: { "content-type": "application/json" } })
    : new Response(JSON.stringify({ message: "Not Found" }), { status: 404, headers: { "content-type": "application/json" } });

/** The lines an Octokit of `Class` logs for one answer and one refusal, at `level`. */
async function linesOf(Class: typeof ProbotOctokit, level: string): Promise<{ lines: Record<string, unknown>[]; parses: number }> {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level, base: null, timestamp: false }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  // Throttling and retries off in both, as the app runs: the comparison is of the logging alone.
  const octokit = new Class({ log, request: { fetch }, throttle: { enabled: false }, retry: { enabled: false } });
  const parse = vi.spyOn(octokit.request.endpoint, "parse");
  await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "app" });
  await expect(octokit.request("POST /repos/{owner}/{repo}/issues", { owner: "acme", repo: "gone", title: "t" })).rejects.toMatchObject({ status: 404 });
  return { lines, parses: parse.mock.calls.length };
}

describe("Probot's request logging, written only at debug", () => {
  it("takes the place of Probot's plugin in the app's Octokit, every other plugin kept in order", () => {
    expect(UnpacedOctokit.plugins.map((plugin) => plugin.name)).toEqual(ProbotOctokit.plugins.map((plugin) => (plugin.name === PROBOT_REQUEST_LOGGING ? levelledRequestLogging.name : plugin.name)));
    expect(ProbotOctokit.plugins.some((plugin) => plugin.name === PROBOT_REQUEST_LOGGING)).toBe(true);
    expect(UnpacedOctokit.plugins).toContain(levelledRequestLogging);
  });

  it("at debug, writes Probot's own lines for an answer and a refusal, fields and all", async () => {
    const ours = await linesOf(UnpacedOctokit, "debug");
    const probots = await linesOf(ProbotOctokit, "debug");
    expect(ours.lines).toEqual(probots.lines);
    expect(ours.lines.map((line) => line["msg"])).toEqual(["GitHub request: GET https://api.github.com/repos/acme/app - 200", "GitHub request: POST https://api.github.com/repos/acme/gone/issues - 404"]);
    expect(ours.lines[1]).toMatchObject({ level: 20, title: "t" });
  });

  it("at info, writes nothing and parses each request once, for the request itself", async () => {
    const ours = await linesOf(UnpacedOctokit, "info");
    expect(ours.lines).toEqual([]);
    expect(ours.parses).toBe(2);
    // Probot's plugin parses each request a second time for the line pino drops.
    expect((await linesOf(ProbotOctokit, "info")).parses).toBe(4);
  });
});
