import { afterEach, describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";
import { Readiness } from "../../src/operate/readiness.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { ORG, POLICY, world } from "../e2e/world.js";
import { get } from "./operate-harness.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** `/readyz`'s status and its policies check, read afresh. */
async function policiesCheck(s: Sandbox): Promise<{ status: number; policies: string | undefined }> {
  s.jit.operations.readiness.invalidate();
  const answer = await get(s, "/readyz");
  return { status: answer.status, policies: (JSON.parse(answer.body) as { checks: Record<string, string> }).checks.policies };
}

describe("/healthz and /readyz", () => {
  it("is live at once, ready only after the first sweep, and not ready while GitHub refuses the app's key, saying why, masked", async () => {
    const s = (sandbox = (await world()).sandbox);
    const ready = async () => {
      s.jit.operations.readiness.invalidate();
      const answer = await get(s, "/readyz");
      return { status: answer.status, body: JSON.parse(answer.body) as { ready: boolean; checks: Record<string, string> } };
    };
    const health = await get(s, "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: "ok", shuttingDown: false });

    const before = await ready();
    expect(before.status).toBe(503);
    expect(before.body.checks).toEqual({ github: "ok", policies: "ok", sweep: expect.stringMatching(/first sweep has not finished/) });

    await s.jit.sweeper.sweep();
    expect(await ready()).toEqual({ status: 200, body: { ready: true, checks: { github: "ok", policies: "ok", sweep: "ok" } } });

    // As GitHub answers a JWT signed with a key it does not know; the message names an address, which is masked.
    s.github.failNext({ method: "GET", path: /^\/app$/ }, { status: 401, times: 1, body: { message: "A JSON web token could not be decoded (owner ops.lead@example.com)" } });
    const broken = await ready();
    expect(broken.status).toBe(503);
    expect(broken.body.checks.github).toMatch(/^GET \/app failed \(401\): A JSON web token could not be decoded/);
    expect(JSON.stringify(broken.body)).not.toContain("ops.lead@example.com");
    expect(broken.body.checks.sweep).toBe("ok");
    expect((await ready()).status).toBe(200);
  });

  it("says not ready when the policies cannot be read from GitHub", async () => {
    const s = (sandbox = (await world()).sandbox);
    s.github.failNext({ method: "GET", path: /\/contents\// }, { status: 502, times: 1 });
    await expect(s.jit.sweeper.sweep()).rejects.toThrow();
    s.jit.operations.readiness.invalidate();
    const answer = await get(s, "/readyz");
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body).checks.policies).toMatch(/^policies could not be read from GitHub: .*502/);
  });

  it("stays not ready while one repository's policies cannot be read, whatever another's read says, until that one is read", async () => {
    const s = (sandbox = (await world()).sandbox);
    // Listed after acme/access: its successful read comes after the failed one.
    s.github.addRepo("acme/zz-other", { defaultBranch: "main", private: true });
    s.github.putFile("acme/zz-other", "policies/platform.yml", POLICY);
    s.github.install(ORG);
    const policies = () => policiesCheck(s);
    s.github.failNext({ method: "GET", path: /^\/repos\/acme\/access\/contents\// }, { status: 502, times: 1 });
    await expect(s.jit.sweeper.sweep()).rejects.toThrow();
    expect(s.github.requests.some((r) => r.method === "GET" && r.path.startsWith("/repos/acme/zz-other/contents/"))).toBe(true);
    const failing = await policies();
    expect(failing.status).toBe(503);
    expect(failing.policies).toMatch(/^policies could not be read from GitHub: .*502/);

    await s.jit.sweeper.sweep();
    expect(await policies()).toEqual({ status: 200, policies: "ok" });
  });
  it("stays not ready after a sweep that could not list the repositories: the one whose policies failed was not read again", async () => {
    const s = (sandbox = (await world()).sandbox);
    const policies = () => policiesCheck(s);
    await s.jit.sweeper.sweep();
    s.github.putFile("acme/access", "policies/platform.yml", `${POLICY}\n`);
    s.github.failNext({ method: "GET", path: /^\/repos\/acme\/access\/contents\// }, { status: 502, times: 1 });
    await expect(s.jit.sweeper.sweep()).rejects.toThrow();
    expect(await policies()).toEqual({ status: 503, policies: expect.stringMatching(/502/) });
    s.github.failNext({ method: "GET", path: /^\/installation\/repositories/ }, { status: 502, times: 10 });
    await s.jit.sweeper.sweep().catch(() => undefined);
    expect(await policies()).toEqual({ status: 503, policies: expect.stringMatching(/502/) });
  });

  it("drops a policy read failure once sweeps go through without its installation (the app uninstalled there)", async () => {
    const s = (sandbox = (await world()).sandbox);
    s.github.addOrg("beta");
    s.github.addRepo("beta/access", { defaultBranch: "main", private: true });
    s.github.putFile("beta/access", "policies/platform.yml", POLICY);
    const beta = s.github.install("beta");
    const policies = () => policiesCheck(s);
    s.github.failNext({ method: "GET", path: /^\/repos\/beta\/access\/contents\// }, { status: 502, times: 1 });
    await expect(s.jit.sweeper.sweep()).rejects.toThrow();
    expect((await policies()).status).toBe(503);
    s.github.uninstall(beta);
    await s.jit.sweeper.sweep();
    expect(await policies()).toEqual({ status: 200, policies: "ok" });
  });
});

describe("Readiness", () => {
  it("runs its checks once per cache period, and masks what failed", async () => {
    let now = 0;
    let runs = 0;
    const readiness = new Readiness(
      [
        { name: "counted", run: () => void runs++ },
        { name: "broken", run: () => Promise.reject(new Error("cannot reach redis://:hunter2-hunter2@redis:6379")) },
      ],
      createMasker({ secrets: ["hunter2-hunter2"] }),
      5_000,
      () => now,
    );
    const first = await readiness.report();
    await readiness.report();
    expect(runs).toBe(1);
    now = 5_000;
    await readiness.report();
    expect(runs).toBe(2);
    expect(first.ready).toBe(false);
    expect(first.checks.counted).toBe("ok");
    expect(first.checks.broken).toContain("cannot reach redis://");
    expect(first.checks.broken).not.toContain("hunter2-hunter2");
  });
});
