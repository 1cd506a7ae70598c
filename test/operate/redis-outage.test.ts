import { afterEach, describe, expect, it } from "vitest";
import type { JitAccess } from "../../src/app.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { hasRedis, RedisProcess, until } from "../coordination/redis-server.js";
import { checkInvariants } from "../e2e/invariants.js";
import { driftIssues, HOUR, openRequest, ORG, POLICY, REPO, TEAM, world } from "../e2e/world.js";
import { get } from "./operate-harness.js";

let sandbox: Sandbox | undefined;
let redis: RedisProcess | undefined;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await sandbox?.stop();
  await redis?.stop();
  sandbox = undefined;
  redis = undefined;
});

const lines = (s: Sandbox, message: string) => s.logs.filter((l) => l.includes(`"msg":"${message}`));

describe.skipIf(!hasRedis)("two replicas, and Redis stopped for a while", () => {
  it("grants once, records once, removes on time after it is back; /readyz says not ready meanwhile; the log says so once, and once when it recovers", async () => {
    redis = await RedisProcess.start();
    const w = await world({ redisUrl: redis.url });
    const s = (sandbox = w.sandbox);
    const b = await s.addReplica();
    stops.push(b.stop);
    const replicas: JitAccess[] = [s.jit, b.jit];
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        await s.settle();
        await Promise.all(replicas.map((r) => r.idle()));
      }
    };
    const readyz = async (server: { port: number }) => {
      for (const r of replicas) r.operations.readiness.invalidate();
      const answer = await fetch(`http://127.0.0.1:${server.port}/readyz`);
      return { status: answer.status, checks: ((await answer.json()) as { checks: Record<string, string> }).checks };
    };
    await Promise.all(replicas.map((r) => r.sweeper.sweep()));
    expect((await readyz(s.server)).status).toBe(200);

    // Jane is granted before the outage and her grant ends during it; Bob asked before it and is approved during it.
    const jane = openRequest(s, "jane");
    const bob = openRequest(s, "bob");
    await settle();
    s.github.as("alice").comment(REPO, jane, "/approve");
    await settle();
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["jane"]);

    await redis.stop();
    await until(() => lines(s, "Redis is not reachable").length === 2, "both replicas saw Redis go");
    for (const server of [s.server, b.server]) {
      const answer = await readyz(server);
      expect(answer.status).toBe(503);
      expect(answer.checks.redis).toMatch(/^Redis is not reachable/);
    }

    // Meanwhile Bob is approved, Jane's hour ends, and both replicas sweep and retry.
    s.github.as("alice").comment(REPO, bob, "/approve");
    w.clock.advance(HOUR);
    await settle();
    for (let i = 0; i < 10; i++) {
      w.clock.advance(2_000);
      await Promise.all(replicas.map((r) => r.sweeper.sweep()));
      await settle();
    }
    // Nothing ran unguarded: Jane is still a member, Bob is not yet.
    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["jane"]);
    const failed = s.logs.filter((l) => l.includes('"cause":"redis"')).length;
    expect(failed).toBeGreaterThan(4);

    await redis.start();
    await until(() => lines(s, "Redis is reachable again").length === 2, "both replicas saw Redis back");
    await until(async () => (await readyz(b.server)).status === 200, "replica B ready again");
    for (let i = 0; i < 5; i++) {
      w.clock.advance(60_000);
      await Promise.all(replicas.map((r) => r.sweeper.sweep()));
      await settle();
    }

    expect(s.github.teamMembers(ORG, TEAM).map((m) => m.login)).toEqual(["bob"]);
    expect(checkInvariants(s, [jane, bob], [], w.clock.now())).toEqual([]);
    // Once when it went, once when it came back, per replica; no error line for a failure the outage explains.
    expect(lines(s, "Redis is not reachable")).toHaveLength(2);
    expect(lines(s, "Redis is reachable again")).toHaveLength(2);
    const errors = s.logs.filter((l) => l.startsWith('{"level":50'));
    expect(errors).toEqual([]);
    expect((await get(s, "/metrics")).body).toMatch(/jit_access_reconcile_errors_total\{cause="redis"\} [1-9]/);
  });
});

describe.skipIf(!hasRedis)("the drift guard on two replicas", () => {
  it("two replicas that check one team at the same moment open one drift issue, not two", async () => {
    redis = await RedisProcess.start();
    const w = await world({ redisUrl: redis.url });
    const s = (sandbox = w.sandbox);
    s.github.addUser("owner", { orgs: { [ORG]: "active" } });
    s.github.addUser("mallory", { orgs: { [ORG]: "active" } });
    s.github.putFile(REPO, "policies/platform.yml", `${POLICY}    standing: { users: [bob] }\n`);
    s.github.setTeamMember(ORG, TEAM, "bob", "active");
    const b = await s.addReplica();
    stops.push(b.stop);
    // Both replicas take the baseline first, as their start-up sweeps do.
    await s.jit.driftSweep();
    await b.jit.driftSweep();
    await s.settle();

    // Mallory is added by hand; the webhook is held back, and both replicas' sweeps find her at once.
    s.github.pauseWebhooks();
    s.github.as("owner").addTeamMember(ORG, TEAM, "mallory");
    await Promise.all([s.jit.driftSweep(), b.jit.driftSweep()]);
    s.github.resumeWebhooks();
    await s.settle();
    await Promise.all([s.jit.idle(), b.jit.idle()]);

    expect(driftIssues(s).map((i) => i.title)).toEqual(["Drift: @mallory in team platform-admins"]);
  });
});
