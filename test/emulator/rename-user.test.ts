import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { World } from "./harness.js";
import { startReceiver, startWorld } from "./harness.js";

const R = "/repos/acme/access";

let w: World;
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  w = await startWorld();
  cleanups.push(() => w.gh.stop());
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  w.gh.setWebhookUrl(receiver.url);
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Every user-shaped object (login, id, node_id, type) anywhere in a JSON value. */
function accounts(value: unknown, found: { login: string; id: number }[] = []): { login: string; id: number }[] {
  if (Array.isArray(value)) for (const item of value) accounts(item, found);
  else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record["login"] === "string" && typeof record["id"] === "number" && typeof record["type"] === "string") {
      found.push({ login: record["login"], id: record["id"] });
    }
    for (const child of Object.values(record)) accounts(child, found);
  }
  return found;
}

/** alice opens a request, labels it and comments; bob comments. Returns the issue number. */
function history(): number {
  const alice = w.gh.as("alice");
  const n = alice.openIssue("acme/access", { title: "Access", body: "### Team\n\nplatform", labels: ["access-request"] });
  alice.comment("acme/access", n, "please");
  w.gh.as("bob").comment("acme/access", n, "/approve");
  alice.close("acme/access", n);
  return n;
}

describe("renameUser", () => {
  it("keeps the account's id and shows the new login on everything it did and holds", async () => {
    const n = history();
    const id = w.gh.userId("alice");
    w.gh.renameUser("alice", "alice2");

    const issue = (await w.api("GET", `${R}/issues/${n}`)).body as { user: { login: string; id: number }; closed_by: { login: string } };
    expect(issue.user).toMatchObject({ login: "alice2", id });
    expect(issue.closed_by.login).toBe("alice2");
    const comments = (await w.api("GET", `${R}/issues/${n}/comments`)).body as { user: { login: string; id: number } }[];
    expect(comments.map((comment) => comment.user.login)).toEqual(["alice2", "bob"]);
    expect(comments[0]?.user.id).toBe(id);
    const events = (await w.api("GET", `${R}/issues/${n}/events`)).body as { event: string; actor: { login: string; id: number } }[];
    expect(events.map((event) => [event.event, event.actor.login, event.actor.id])).toEqual([
      ["labeled", "alice2", id],
      ["closed", "alice2", id],
    ]);
    const timeline = (await w.api("GET", `${R}/issues/${n}/timeline`)).body as { event: string; actor: { login: string } }[];
    expect(timeline.map((item) => `${item.event}:${item.actor.login}`)).toEqual(["labeled:alice2", "commented:alice2", "commented:bob", "closed:alice2"]);

    expect((await w.api("GET", "/users/alice2")).body).toMatchObject({ login: "alice2", id });
    expect((await w.api("GET", "/users/alice")).status).toBe(404);
    expect((await w.api("GET", "/orgs/acme/memberships/alice2")).body).toMatchObject({ state: "active", user: { login: "alice2", id } });
    expect((await w.api("GET", "/orgs/acme/memberships/alice")).status).toBe(404);
    expect((await w.api("GET", "/orgs/acme/teams/platform-admins/memberships/alice2")).status).toBe(404);
    expect((await w.api("GET", "/orgs/acme/teams/engineering/memberships/alice2")).body).toMatchObject({ state: "active" });
    const members = (await w.api("GET", "/orgs/acme/teams/engineering/members")).body as { login: string }[];
    expect(members.map((member) => member.login).sort()).toEqual(["alice2", "bob"]);
    expect(w.gh.teamMembers("acme", "engineering")).toEqual([{ login: "alice2", state: "active" }]);
    expect(w.gh.issue("acme/access", n).author).toBe("alice2");
    expect(w.gh.comments("acme/access", n).map((comment) => comment.author)).toEqual(["alice2", "bob"]);
  });

  it("frees the old login: whoever claims it is a different account with a new id and none of the old one's memberships", async () => {
    const n = history();
    const oldId = w.gh.userId("alice");
    w.gh.renameUser("alice", "alice2");
    w.gh.addUser("alice", { orgs: { acme: "active" } });
    const newId = w.gh.userId("alice");
    expect(newId).not.toBe(oldId);

    expect((await w.api("GET", "/users/alice")).body).toMatchObject({ login: "alice", id: newId });
    expect((await w.api("GET", `${R}/issues/${n}`)).body).toMatchObject({ user: { login: "alice2", id: oldId } });
    expect((await w.api("GET", "/orgs/acme/teams/engineering/memberships/alice")).status).toBe(404);
    expect((await w.api("GET", `${R}/issues?creator=alice&state=all`)).body).toEqual([]);
    const byOld = (await w.api("GET", `${R}/issues?creator=alice2&state=all`)).body as { number: number }[];
    expect(byOld.map((issue) => issue.number)).toEqual([n]);

    // The newcomer's own actions carry the newcomer's id, never the renamed account's.
    w.gh.as("alice").comment("acme/access", n, "I am someone else");
    await w.gh.settle();
    const last = w.gh.deliveries.at(-1)?.payload as { sender: { login: string; id: number }; comment: { user: { id: number } } };
    expect(last.sender).toMatchObject({ login: "alice", id: newId });
    expect(last.comment.user.id).toBe(newId);
  });

  it("acts under the new login through an actor taken before the rename", async () => {
    const alice = w.gh.as("alice");
    const id = w.gh.userId("alice");
    w.gh.renameUser("alice", "alice2");
    w.gh.addUser("alice");
    const n = alice.openIssue("acme/access", { title: "After the rename", body: "b" });
    await w.gh.settle();
    expect(w.gh.issue("acme/access", n).author).toBe("alice2");
    expect(w.gh.deliveries.at(-1)?.payload).toMatchObject({ sender: { login: "alice2", id }, issue: { user: { login: "alice2", id } } });
  });

  it("gives every user, actor and sender in REST answers and webhooks the id of the account with that login", async () => {
    const n = history();
    await w.gh.settle();
    w.gh.renameUser("alice", "alice2");
    const renamedAt = w.gh.deliveries.length;
    w.gh.addUser("alice", { orgs: { acme: "active" } });
    w.gh.as("alice").comment("acme/access", n, "newcomer");
    w.gh.as("alice2").addLabels("acme/access", n, ["urgent"]);
    await w.api("POST", `${R}/issues/${n}/comments`, { body: "Recorded." });
    await w.gh.settle();
    const bodies = await Promise.all(
      [`${R}/issues/${n}`, `${R}/issues/${n}/comments`, `${R}/issues/${n}/events`, `${R}/issues/${n}/timeline`, "/orgs/acme/teams/engineering/members"].map(
        async (path) => (await w.api("GET", path)).body,
      ),
    );
    // Webhooks sent before the rename rightly show the login of the time; check those sent after it.
    const seen = accounts([...bodies, ...w.gh.deliveries.slice(renamedAt).map((delivery) => delivery.payload)]);
    expect(seen.map((account) => account.login)).toEqual(expect.arrayContaining(["alice", "alice2", "bob", "jit-access[bot]"]));
    for (const account of seen) expect(account, account.login).toEqual({ login: account.login, id: w.gh.userId(account.login) });
  });

  it("refuses a login that is taken and accounts it does not model renaming", () => {
    expect(() => w.gh.renameUser("alice", "BOB")).toThrow(/taken/);
    expect(() => w.gh.renameUser("jit-access[bot]", "other[bot]")).toThrow(/Bot/);
    expect(() => w.gh.renameUser("acme", "acme2")).toThrow(/Organization/);
    expect(() => w.gh.renameUser("nobody", "somebody")).toThrow(/Not Found/);
  });
});
