import { describe, expect, it } from "vitest";
import { appComments, members, openRequest, ORG, REPO, worldPerTest } from "./world.js";

/** Logins can be renamed and a freed login claimed by someone else: the policy meant the account, not the name. */
const fresh = worldPerTest();

describe("a listed approver's login claimed by someone else", () => {
  it("does not count, and the answer says why and how to fix it", async () => {
    const { sandbox: s, clock } = await fresh();
    clock.advance(24 * 3_600_000);
    s.github.renameUser("alice", "alice-renamed");
    s.github.addUser("alice", { orgs: { [ORG]: "active" } });
    const n = openRequest(s);
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("renamed and claimed by someone else");
  });

  it("control: the account the policy meant still approves under its login", async () => {
    const { sandbox: s, clock } = await fresh();
    clock.advance(24 * 3_600_000);
    const n = openRequest(s);
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });
});
