import { describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import type { ManualClock } from "./manual-clock.js";
import { checkInvariants } from "./invariants.js";
import { HOUR, ORG, openRequest, REPO, TEAM, worldPerTest, writes } from "./world.js";

const fresh = worldPerTest();

/** One lifecycle (open, `/approve` by a listed approver, 1 h grant, expiry): the writes of each step, and every rate-limited call. */
async function lifecycle(sandbox: Sandbox, clock: ManualClock): Promise<{ number: number; steps: Record<"open" | "approve" | "expire", string[]>; calls: number; deliveries: string[] }> {
  const since = sandbox.github.requests.length;
  const delivered = sandbox.github.deliveries.length;
  let mark = since;
  const step = async () => {
    await sandbox.settle();
    const made = writes(sandbox, mark);
    mark = sandbox.github.requests.length;
    return made;
  };
  const number = openRequest(sandbox);
  const open = await step();
  sandbox.github.as("alice").comment(REPO, number, "/approve");
  const approve = await step();
  clock.advance(HOUR);
  const expire = await step();
  const calls = sandbox.github.requests.slice(since).filter((r) => r.rateLimited).length;
  const deliveries = sandbox.github.deliveries.slice(delivered).filter((d) => d.event.startsWith("issue") && (d.payload as { sender?: { login?: string } }).sender?.login === "jit-access[bot]").map((d) => `${d.event}.${String(d.action)}`);
  return { number, steps: { open, approve, expire }, calls, deliveries };
}

describe("writes per lifecycle, once the repository has the app's labels", () => {
  it("6 writes: each step's record goes with its label change, close and lock in one request; 12 calls or fewer in all", async () => {
    const { sandbox, clock } = await fresh();
    // GitHub's secondary limits on, on the test's clock: nothing the lifecycle sends may be refused.
    sandbox.github.limitSecondary({ clock: () => clock.now() });
    // The first lifecycle in the repository creates the labels (through REST: GraphQL adds labels by id only).
    await lifecycle(sandbox, clock);
    const warm = await lifecycle(sandbox, clock);
    const n = warm.number;
    expect(warm.steps).toEqual({
      open: ["POST /graphql {comment, label}"],
      approve: ["POST /graphql {comment}", `PUT /orgs/${ORG}/teams/${TEAM}/memberships/jane`, "POST /graphql {comment, unlabel, label}"],
      expire: [`DELETE ${sandbox.github.membershipPathById(ORG, TEAM, "jane")}`, "POST /graphql {comment, unlabel, label, close, lock}"],
    });
    expect(Object.values(warm.steps).flat()).toHaveLength(6);
    expect(warm.calls).toBe(11);
    expect(sandbox.github.requests.filter((r) => r.status === 403 || r.status === 429)).toEqual([]);
    // GitHub sends for a batched write the webhooks its REST equivalents send.
    expect(warm.deliveries).toEqual([
      "issue_comment.created", "issues.labeled",
      "issue_comment.created", "issue_comment.created", "issues.unlabeled", "issues.labeled",
      "issue_comment.created", "issues.unlabeled", "issues.labeled", "issues.closed", "issues.locked",
    ]);
    const issue = sandbox.github.issue(REPO, n);
    expect({ state: issue.state, locked: issue.locked, labels: issue.labels }).toEqual({ state: "closed", locked: true, labels: ["access-request", "access:expired"] });
    expect(checkInvariants(sandbox, [n - 1, n], [], clock.now())).toEqual([]);
  });
});
