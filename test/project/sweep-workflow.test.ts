import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
const workflow = parse(readFileSync(new URL("../../docs/examples/jit-access-sweep.yml", import.meta.url), "utf8")) as {
  permissions: unknown;
  env: Record<string, string>;
  jobs: { sweep: { steps: Step[] } };
};
const steps = workflow.jobs.sweep.steps;

describe("the scheduled-sweep workflow example", () => {
  it("builds from a pinned commit of a repository, never from a registry package", () => {
    expect(steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with).toMatchObject({ repository: "${{ env.JIT_ACCESS_REPOSITORY }}", ref: "${{ env.JIT_ACCESS_COMMIT }}", "persist-credentials": false });
    expect(steps.filter((s) => /\bnpx\b|npm (exec|install) /.test(s.run ?? ""))).toEqual([]);
    expect(steps.at(-1)?.run).toBe("node bin/jit-access.js sweep");
  });

  it("gives the job's token contents: read and nothing else: checkout of a private repository needs it, the sweep acts with the app's key", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("names the repositories whose policies count, which the sweep requires", () => {
    expect(steps.at(-1)?.env?.["JIT_ACCESS_REPOSITORIES"]).toMatch(/^[\w.-]+\/[\w.-]+/);
  });

  it("uses a supported Node and hands the secrets to the sweep step only", () => {
    expect(Number(steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with?.["node-version"])).toBeGreaterThanOrEqual(22);
    expect(steps.filter((s) => JSON.stringify(s).includes("secrets.")).map((s) => s.run)).toEqual(["node bin/jit-access.js sweep"]);
  });

  it.each([
    ["the placeholder", "0000000000000000000000000000000000000000", 1],
    ["a branch", "main", 1],
    ["a short SHA", "33ffbee", 1],
    ["a full SHA", "33ffbee1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7", 0],
  ])("its first step refuses %s", (_what, commit, exitCode) => {
    const guard = steps[0]?.run ?? "";
    let code = 0;
    try {
      execFileSync("bash", ["-c", guard], { env: { JIT_ACCESS_COMMIT: commit }, stdio: "ignore" });
    } catch (error) {
      code = (error as { status: number }).status;
    }
    expect(code).toBe(exitCode);
  });
});
