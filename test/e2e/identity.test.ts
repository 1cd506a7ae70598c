import { describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { appComments, events, members, openedAndApproved, ORG, POLICY, REPO, worldPerTest } from "./world.js";

/** Logins can be renamed and a freed login claimed by someone else: the policy meant the account, not the name. */
const fresh = worldPerTest();

/** The world's policy with alice pinned to the account that holds her login now. */
function pinAlice(s: Sandbox): void {
  s.github.putFile(REPO, "policies/platform.yml", POLICY.replace("users: [alice]", `users: [{ login: alice, id: ${s.github.userId("alice")} }]`));
}

describe("a listed approver's login claimed by someone else", () => {
  it("does not count, and the answer says why and how to fix it", async () => {
    const { sandbox: s, clock } = await fresh();
    clock.advance(24 * 3_600_000);
    s.github.renameUser("alice", "alice-renamed");
    s.github.addUser("alice", { orgs: { [ORG]: "active" } });
    const n = await openedAndApproved(s);
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("renamed and claimed by someone else");
  });

  it("control: the account the policy meant still approves under its login", async () => {
    const { sandbox: s, clock } = await fresh();
    clock.advance(24 * 3_600_000);
    await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
  });
});

describe("a listed approver pinned to her account ({ login, id })", () => {
  it("does not count when an account older than the policy takes her freed login, and the answer says why", async () => {
    const { sandbox: s, clock } = await fresh();
    s.github.addUser("mallory", { orgs: { [ORG]: "active" } });
    clock.advance(24 * 3_600_000);
    pinAlice(s);
    clock.advance(3_600_000);
    // Older than the policy's commit: the account-creation check alone would take mallory for alice.
    s.github.renameUser("alice", "alice-renamed");
    s.github.renameUser("mallory", "alice");
    const n = await openedAndApproved(s);
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain(`@alice is pinned in \`approvers.users\` to the account with id ${s.github.userId("alice-renamed")}, but the login is now held by the account with id ${s.github.userId("alice")}`);
  });

  it("control: without the pin, nothing GitHub shows tells that older account from alice, and its approval counts (README, Known limitations; doctor advises the pin)", async () => {
    const { sandbox: s, clock } = await fresh();
    s.github.addUser("mallory", { orgs: { [ORG]: "active" } });
    clock.advance(24 * 3_600_000);
    s.github.renameUser("alice", "alice-renamed");
    s.github.renameUser("mallory", "alice");
    await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
  });

  it("control: the pinned account approves under its login", async () => {
    const { sandbox: s, clock } = await fresh();
    clock.advance(3_600_000);
    pinAlice(s);
    clock.advance(3_600_000);
    await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
  });
});

describe("a live grant's requester is an account, in /revoke and /extend", () => {
  it("another account that takes the requester's freed login cannot ask for more time on her grant", async () => {
    const { sandbox: s } = await fresh();
    s.github.addUser("mallory", { orgs: { [ORG]: "active" } });
    const n = await openedAndApproved(s);
    expect(members(s)).toEqual(["jane"]);
    s.github.renameUser("jane", "jane-new");
    s.github.renameUser("mallory", "jane");
    s.github.as("jane").comment(REPO, n, "/extend 30m");
    await s.settle();
    expect(events(s, n)).not.toContain("extension-requested");
    expect(appComments(s, n).at(-1)).toContain("only the requester can ask for more time");
  });

  it("the requester, renamed, can still /revoke her own grant", async () => {
    const { sandbox: s } = await fresh();
    const n = await openedAndApproved(s);
    s.github.renameUser("jane", "jane-new");
    s.github.as("jane-new").comment(REPO, n, "/revoke");
    await s.settle();
    expect({ members: members(s), last: events(s, n).at(-1) }).toEqual({ members: [], last: "revoked" });
  });
});
