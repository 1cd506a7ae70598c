import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { sandboxKeys } from "github-emulator/sandbox/start-app.js";
import { manualClock } from "../e2e/manual-clock.js";
import { HOUR, openRequest, ORG, plantTwoOrgs, REPO, TEAM } from "../e2e/world.js";

/**
 * The cron `jit-access sweep`, run as cron runs it (bin/jit-access.js in a process of its own,
 * from the built lib/) against the emulator, after the server that made the grants is gone, with
 * GitHub's write pacing: the process must live until its own work is done, and one organisation
 * GitHub refuses must not keep another's grants from ending.
 */
let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const BIN = fileURLToPath(new URL("../../bin/jit-access.js", import.meta.url));

function runCli(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "sweep"], { cwd: tmpdir(), env: { PATH: process.env.PATH, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * acme grants `people` an hour each (the emulator's clock three hours behind real time, so every
 * grant is long over for the command); globex (installed first) suspends the app or not; the
 * server stops; then `jit-access sweep` runs once.
 */
async function scenario(options: { suspendGlobex: boolean; people: string[] }) {
  const clock = manualClock(Date.now() - 3 * HOUR);
  const s = await startSandbox({ clock });
  sandbox = s;
  const github = s.github;
  const { globex } = plantTwoOrgs(github, ["alice", ...options.people]);
  for (const who of options.people) {
    const n = openRequest(s, who);
    await s.settle();
    github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
  }
  expect(github.teamMembers(ORG, TEAM).map((m) => m.login).sort()).toEqual([...options.people].sort());
  await s.restart(() => {
    if (options.suspendGlobex) github.failNext({ method: "POST", path: new RegExp(`^/app/installations/${globex}/access_tokens$`) }, { status: 403, times: 1000, body: { message: "This installation has been suspended", documentation_url: "https://docs.github.com/rest" } });
  });
  const { privateKey, config } = sandboxKeys();
  const run = await runCli({
    APP_ID: "4242", PRIVATE_KEY: privateKey, GHE_HOST: new URL(github.url).host, GHE_PROTOCOL: "http",
    JIT_ACCESS_SIGNING_KEY: config.signingKey, JIT_ACCESS_REPOSITORIES: "acme/access,globex/access", LOG_LEVEL: "fatal",
  });
  await s.settle();
  return { ...run, members: github.teamMembers(ORG, TEAM).map((m) => m.login) };
}

describe("jit-access sweep (cron) after the server is gone", () => {
  it("one expired grant, nothing suspended: removed, and the command ends its work (exit 0, its summary line)", async () => {
    const { code, members, stdout } = await scenario({ suspendGlobex: false, people: ["jane"] });
    expect({ code, members, summary: /^sweep: /m.test(stdout) }).toEqual({ code: 0, members: [], summary: true });
  }, 60_000);

  it("globex suspended the app: acme's expired grant is still removed, and the command exits 1 saying what failed", async () => {
    const { code, members, stdout, stderr } = await scenario({ suspendGlobex: true, people: ["jane"] });
    expect({ code, members, stack: /\n\s+at /.test(stderr), said: /^sweep: the sweep failed in 1 place\(s\)/m.test(stderr) }, `stdout: ${stdout}\nstderr: ${stderr}`).toEqual({ code: 1, members: [], stack: false, said: true });
  }, 60_000);

  it("two expired grants, nothing suspended: both removed, and the command ends its work (exit 0, its summary line)", async () => {
    const { code, members, stdout, stderr } = await scenario({ suspendGlobex: false, people: ["jane", "bob"] });
    expect({ code, members, summary: /^sweep: /m.test(stdout) }, `stdout: ${stdout}\nstderr: ${stderr}`).toEqual({ code: 0, members: [], summary: true });
  }, 60_000);
});
