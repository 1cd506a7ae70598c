import { describe, expect, it } from "vitest";
import { checkInvariants } from "./invariants.js";
import { events, members, openRequest, passThenSweep, REPO, worldPerTest } from "./world.js";

/**
 * A grant refused after its approval was recorded ends the request, and
 * removes a membership only where GitHub shows one. The membership is read
 * after the refusal: an earlier run's PUT may have been carried out though
 * its answer was lost.
 */
const fresh = worldPerTest();
const PUT = { method: "PUT", path: /\/memberships\// };

describe("a grant refused on its retry, after a PUT GitHub carried out", () => {
  it("ends as failed and leaves no membership behind", async () => {
    const { sandbox: s, clock } = await fresh();
    const n = openRequest(s, "jane");
    await s.settle();
    // The first PUT is carried out but its answer is lost (a proxy's 502); the retry's PUT is refused.
    s.github.failNext(PUT, { status: 502, afterPerforming: true });
    s.github.failNext(PUT, { status: 403, body: { message: "Resource not accessible by integration" } });
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    await passThenSweep(s, clock, 5 * 60_000);
    expect(s.github.requests.filter((r) => r.method === "PUT" && r.path.includes("/memberships/")).map((r) => r.status)).toEqual([502, 403]);
    expect(events(s, n)).toContain("grant-failed");
    expect(members(s)).toEqual([]);
    expect(checkInvariants(s, [n], [], clock.now())).toEqual([]);
  });
});
