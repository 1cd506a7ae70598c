import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { HOUR, openRequest, ORG, REPO, TEAM, world } from "../e2e/world.js";
import { grantedWorld, scrape } from "./operate-harness.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const MEMBERSHIP = 'route="/orgs/{org}/teams/{team_slug}/memberships/{username}"';
/** A grant's removal goes by its team's ids (GitHub's id form of the route). */
const REMOVAL = 'route="/organizations/{org_id}/team/{team_id}/memberships/{username}"';

describe("/metrics over a lifecycle against the emulator", () => {
  it("moves counters, gauges and histograms by what happened, with no person in any label", async () => {
    const w = await world();
    const s = (sandbox = w.sandbox);
    const before = await scrape(s);
    const delta = async () => {
      const now = await scrape(s);
      return (series: string) => now.value(series) - before.value(series);
    };

    const granted = openRequest(s, "jane");
    const denied = openRequest(s, "bob");
    await s.settle();
    s.github.as("carol").comment(REPO, denied, "/deny not this week");
    s.github.as("outsider").comment(REPO, granted, "hello");
    s.github.as("bob").comment(REPO, granted, "/approve");
    await s.settle();
    // Alice approves 90 s later; GitHub fails the first membership call, and the retry, 5 s later on the app's clock, adds it.
    w.clock.advance(90_000);
    s.github.failNext({ method: "PUT", path: /\/memberships\// }, { status: 502, times: 1 });
    s.github.as("alice").comment(REPO, granted, "/approve");
    await s.settle();
    w.clock.advance(5_000);
    await s.settle();

    const mid = await scrape(s);
    expect(mid.value(`jit_access_live_grants{team="${TEAM}"}`)).toBe(1);
    expect(mid.value('jit_access_requests{state="granted"}')).toBe(1);
    expect(mid.value("jit_access_removals_owed")).toBe(0);

    w.clock.advance(HOUR);
    await s.settle();
    const moved = await delta();

    expect(moved('jit_access_decisions_total{kind="granted"}')).toBe(1);
    expect(moved('jit_access_decisions_total{kind="denied"}')).toBe(1);
    expect(moved('jit_access_decisions_total{kind="expired"}')).toBe(1);
    expect(moved('jit_access_decisions_total{kind="revoked"}')).toBe(0);
    // Bob is no approver: his /approve on Jane's request is answered once and counts for nothing.
    expect(moved('jit_access_decisions_total{kind="attempt-refused"}')).toBe(1);
    // The membership came 5 s after the approval.
    expect(moved("jit_access_grant_latency_seconds_count")).toBe(1);
    expect(moved("jit_access_grant_latency_seconds_sum")).toBe(5);
    expect(moved('jit_access_reconcile_errors_total{cause="github-5xx"}')).toBe(1);
    // The removal ran at the exact expiry.
    expect(moved("jit_access_removal_lag_seconds_count")).toBe(1);
    expect(moved("jit_access_removal_lag_seconds_sum")).toBe(0);
    expect(moved(`jit_access_github_requests_total{method="PUT",${MEMBERSHIP},status="200"}`)).toBe(1);
    expect(moved(`jit_access_github_requests_total{method="PUT",${MEMBERSHIP},status="502"}`)).toBe(1);
    expect(moved(`jit_access_github_requests_total{method="DELETE",${REMOVAL},status="204"}`)).toBe(1);
    expect(moved("jit_access_revocation_failures_total")).toBe(0);
    expect(moved('jit_access_webhooks_total{event="issues",action="opened"}')).toBe(2);
    expect(moved('jit_access_webhooks_total{event="issue_comment",action="created"}')).toBeGreaterThanOrEqual(4);
    expect(moved('jit_access_reconcile_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(4);
    expect(moved('jit_access_write_wait_seconds_count{kind="removal"}')).toBe(1);
    // The failed membership call and its retry.
    expect(moved('jit_access_write_wait_seconds_count{kind="grant"}')).toBe(2);

    const after = await scrape(s);
    // Both requests ended: no open request, no live grant, nothing owed.
    expect(after.value(`jit_access_live_grants{team="${TEAM}"}`)).toBe(0);
    expect(after.text).not.toMatch(/jit_access_requests\{/);
    const remaining = /^jit_access_github_rate_limit_remaining\{installation="\d+",resource="core"\} (\d+)$/m.exec(after.text);
    expect(Number(remaining?.[1])).toBeGreaterThan(0);
    expect(Number(remaining?.[1])).toBeLessThan(5000);
    expect(after.text).toContain("jit_access_process_cpu_user_seconds_total");
    for (const person of ["jane", "alice", "bob", "carol", "outsider", `/issues/${granted}`, `#${granted}`]) expect(after.text).not.toContain(person);
    expect(s.github.teamMembers(ORG, TEAM)).toEqual([]);
  });

  it("counts a failed removal, a reconcile error by cause, and a sweep with what it listed", async () => {
    const w = await grantedWorld();
    const s = (sandbox = w.sandbox);
    const before = await scrape(s);
    // The expiry's first reconcile cannot read the issue; its retry cannot remove the membership.
    s.github.failNext({ method: "POST", path: /^\/graphql$/ }, { status: 503, times: 1 });
    s.github.failNext({ method: "DELETE", path: /\/memberships\// }, { status: 502, times: 1 });
    w.clock.advance(HOUR);
    await s.settle();
    w.clock.advance(1_000);
    await s.settle();
    expect((await scrape(s)).value("jit_access_removals_owed")).toBe(1);
    await s.jit.sweeper.sweep();
    await s.settle();
    const after = await scrape(s);
    const moved = (series: string) => after.value(series) - before.value(series);
    expect(moved('jit_access_reconcile_errors_total{cause="github-5xx"}')).toBe(1);
    expect(moved('jit_access_reconcile_duration_seconds_count{outcome="error"}')).toBe(1);
    expect(moved("jit_access_revocation_failures_total")).toBe(1);
    expect(moved('jit_access_decisions_total{kind="revoke-failed"}')).toBe(1);
    expect(after.value("jit_access_removals_owed")).toBe(0);
    expect(moved(`jit_access_github_requests_total{method="DELETE",${REMOVAL},status="502"}`)).toBe(1);
    expect(moved("jit_access_sweep_duration_seconds_count{outcome=\"ok\"}")).toBe(1);
    expect(moved("jit_access_sweep_listed_total")).toBeGreaterThanOrEqual(1);
    expect(moved("jit_access_sweep_reconciled_total")).toBeGreaterThanOrEqual(1);
    expect(s.github.teamMembers(ORG, TEAM)).toEqual([]);
  });
});
