import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCKED_MESSAGE } from "github-emulator/emulator/index.js";
import type { World } from "./harness.js";
import { startWorld } from "./harness.js";

const R = "/repos/acme/access";

let w: World;

beforeEach(async () => {
  w = await startWorld();
});

afterEach(async () => {
  await w.gh.stop();
});

describe("comments on a locked issue", () => {
  it("refuses the app's bot with GitHub's 403 and writes nothing", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    w.gh.as("bob").lock("acme/access", n, "resolved");
    const refused = await w.api("POST", `${R}/issues/${n}/comments`, { body: "Recorded." });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ message: LOCKED_MESSAGE });
    expect(LOCKED_MESSAGE).toBe("Unable to create comment because issue is locked.");
    expect(w.gh.comments("acme/access", n)).toEqual([]);
    expect(w.gh.deliveries.filter((delivery) => delivery.event === "issue_comment")).toEqual([]);
  });

  it("refuses the bot also when the app itself locked the issue, and lets it comment again once unlocked", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    expect((await w.api("PUT", `${R}/issues/${n}/lock`, { lock_reason: "resolved" })).status).toBe(204);
    expect((await w.api("POST", `${R}/issues/${n}/comments`, { body: "Recorded." })).status).toBe(403);
    expect((await w.api("DELETE", `${R}/issues/${n}/lock`)).status).toBe(204);
    expect((await w.api("POST", `${R}/issues/${n}/comments`, { body: "Recorded." })).status).toBe(201);
  });

  it("lets people comment (every person counts as having write access) and refuses other bot accounts", () => {
    w.gh.addUser("dependabot[bot]", { type: "Bot" });
    const n = w.gh.as("alice").openIssue("acme/access", { title: "Access", body: "b" });
    w.gh.as("bob").lock("acme/access", n);
    w.gh.as("alice").comment("acme/access", n, "/revoke");
    w.gh.as("outsider").comment("acme/access", n, "me too");
    expect(() => w.gh.as("dependabot[bot]").comment("acme/access", n, "bump")).toThrow(LOCKED_MESSAGE);
    expect(w.gh.comments("acme/access", n).map((comment) => comment.author)).toEqual(["alice", "outsider"]);
    expect(w.gh.issue("acme/access", n).locked).toBe(true);
  });
});
