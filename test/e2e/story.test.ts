import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import { APP_PERMISSIONS } from "github-emulator/emulator/shapes/app.js";
import { ADDRESS, appComments, HOUR, openedAndApproved, openRequest, ORG, REPO, requestBody, TEAM, world, writes } from "./world.js";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  expect(sandbox?.github.unhandled ?? []).toEqual([]);
  await sandbox?.stop();
  sandbox = undefined;
});

const members = (s: Sandbox) => s.github.teamMembers(ORG, TEAM).map((m) => `${m.login}:${m.state}`);

describe("the access story over HTTP", () => {
  it("a 64,000-character justification: its record is cut to fit, and the request is approved and granted", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const { github } = sandbox;
    const justification = `${`INC-4711 ${"the database is on fire; ".repeat(2700)}`.slice(0, 63_999)}.`;
    const number = openRequest(sandbox, "jane", { justification });
    await sandbox.settle();
    const [received] = appComments(sandbox, number);
    expect(received).toContain("INC-4711 the database is on fire");
    expect(received).toContain(`[cut: 64000 characters in all, SHA-256 ${createHash("sha256").update(justification).digest("hex")}]`);
    github.as("alice").comment(REPO, number, "/approve");
    await sandbox.settle();
    expect(members(sandbox)).toEqual(["jane:active"]);
    expect(appComments(sandbox, number).map((b) => /"event":"([a-z-]+)"/.exec(b)?.[1])).toEqual(["received", "approved", "granted"]);
    expect(github.requests.filter((r) => r.status === 422)).toEqual([]);
  });

  it("request → approve → grant → expire, every comment masked", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const { github } = sandbox;

    const number = openRequest(sandbox);
    await sandbox.settle();
    expect(github.issue(REPO, number).labels).toEqual(["access-request", "access:pending"]);
    expect(writes(sandbox)).toEqual([
      `POST /repos/${REPO}/issues/${number}/comments`,
      `POST /repos/${REPO}/issues/${number}/labels`,
    ]);
    expect(appComments(sandbox, number)[0]).toContain("j***@example.com");

    const before = github.requests.length;
    github.as("alice").comment(REPO, number, "/approve");
    await sandbox.settle();
    expect(members(sandbox)).toEqual(["jane:active"]);
    expect(github.issue(REPO, number).labels).toEqual(["access-request", "access:granted"]);
    // The first grant in the repository: `access:granted` does not exist yet, so the granted record and
    // its label go one request each, through REST (which creates the label); test/e2e/lifecycle-writes.test.ts
    // counts a lifecycle once the labels exist.
    expect(writes(sandbox, before)).toEqual([
      "POST /graphql {comment}",
      `PUT /orgs/${ORG}/teams/${TEAM}/memberships/jane`,
      `POST /repos/${REPO}/issues/${number}/comments`,
      `PUT /repos/${REPO}/issues/${number}/labels`,
    ]);

    w.clock.advance(HOUR - 1000);
    await sandbox.settle();
    expect(members(sandbox)).toEqual(["jane:active"]);
    w.clock.advance(1000);
    await sandbox.settle();
    expect(members(sandbox)).toEqual([]);
    const issue = github.issue(REPO, number);
    expect(issue.state).toBe("closed");
    expect(issue.labels).toEqual(["access-request", "access:expired"]);
    expect(appComments(sandbox, number).map((b) => /"event":"([a-z-]+)"/.exec(b)?.[1])).toEqual(["received", "approved", "granted", "expired"]);

    // Nothing the app wrote or logged carries the raw address.
    const sent = github.requests.filter((r) => r.method !== "GET").map((r) => JSON.stringify(r.requestBody ?? ""));
    expect(sent.join("\n")).toContain("j***@example.com");
    expect(sent.join("\n")).not.toContain(ADDRESS);
    expect(sandbox.logs.join("")).not.toContain(ADDRESS);
    expect(sandbox.logs.length).toBeGreaterThan(5);
  });

  it("ignores the webhooks its own writes cause", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const number = openRequest(sandbox);
    await sandbox.settle();
    const fromBot = sandbox.github.deliveries.filter((d) => (d.payload as { sender?: { login?: string } }).sender?.login === "jit-access[bot]");
    expect(fromBot.length).toBeGreaterThan(0);
    // One reconcile for the opening (issues.opened and issues.labeled coalesce or repeat harmlessly); none for the bot's own events.
    const reads = sandbox.github.requests.filter((r) => r.method === "GET" && r.path === `/repos/${REPO}/issues/${number}`).length;
    expect(reads).toBeLessThanOrEqual(2);
    expect(appComments(sandbox, number)).toHaveLength(1);
  });
});

describe("bad input over HTTP: one masked answer, nothing granted", () => {
  it.each([
    ["an unparseable duration", requestBody({ duration: "a while" }), '**Duration** `a while` is not a duration'],
    ["a duration over the maximum", requestBody({ duration: "1d" }), "longer than the maximum for `platform-admins`, 2h"],
    ["a team no policy names", requestBody({ team: "db-admins" }), "teams you can request: `platform-admins`"],
  ])("%s", async (_name, body, message) => {
    const w = await world();
    sandbox = w.sandbox;
    const number = sandbox.github.as("jane").openIssue(REPO, { title: "Access request", body, labels: ["access-request"] });
    await sandbox.settle();
    sandbox.github.as("jane").comment(REPO, number, "any update?");
    await sandbox.settle();
    const comments = appComments(sandbox, number);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(message);
    expect(comments[0]).not.toContain(ADDRESS);
    expect(sandbox.github.issue(REPO, number).labels).toContain("access:invalid");
    expect(members(sandbox)).toEqual([]);
  });

  it("an approval by someone not eligible", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const number = openRequest(sandbox);
    await sandbox.settle();
    sandbox.github.as("bob").comment(REPO, number, "/approve");
    sandbox.github.as("jane").comment(REPO, number, "/approve");
    await sandbox.settle();
    const comments = appComments(sandbox, number);
    expect(comments).toHaveLength(3);
    expect(comments[1]).toContain("@bob is not an approver for `platform-admins`");
    expect(comments[2]).toContain("you cannot approve your own request");
    expect(members(sandbox)).toEqual([]);
    expect(sandbox.github.issue(REPO, number).labels).toContain("access:pending");
  });

  it("a requester outside the organisation is refused, and no invitation is sent", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const number = openRequest(sandbox, "outsider");
    await sandbox.settle();
    expect(appComments(sandbox, number)[0]).toContain("not an active member of the organisation");
    expect(writes(sandbox).filter((w) => w.startsWith("PUT"))).toEqual([]);
  });

  it("an installation without members: write cannot grant, and the request says what the owner must accept", async () => {
    const w = await world();
    sandbox = w.sandbox;
    // Installed when the app asked for members: read only; the owner has not accepted the wider permission.
    sandbox.github.setPermissions(sandbox.github.install(ORG), { ...APP_PERMISSIONS, members: "read" });
    const number = await openedAndApproved(sandbox);
    const last = appComments(sandbox, number).at(-1)!;
    expect(last).toContain("Access could not be granted");
    expect(last).toContain("may not change team memberships");
    expect(last).toContain("members: write");
    expect(last).not.toContain("identity provider");
    expect(members(sandbox)).toEqual([]);
  });
});

describe("what survives a restart", () => {
  it("removes a grant that expired while the app was down, on the first sweep", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const number = openRequest(sandbox);
    await sandbox.settle();
    sandbox.github.as("alice").comment(REPO, number, "/approve");
    await sandbox.settle();
    expect(members(sandbox)).toEqual(["jane:active"]);

    await sandbox.restart(() => w.clock.advance(3 * HOUR));
    expect(members(sandbox)).toEqual(["jane:active"]);
    await sandbox.jit.sweeper.sweep();
    await sandbox.settle();
    expect(members(sandbox)).toEqual([]);
    expect(sandbox.github.issue(REPO, number).labels).toContain("access:expired");
  });

  it("revokes a grant whose request was closed while the app was down", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const number = openRequest(sandbox);
    await sandbox.settle();
    sandbox.github.as("alice").comment(REPO, number, "/approve");
    await sandbox.settle();
    await sandbox.restart(() => {
      sandbox!.github.dropNextWebhooks(1);
      sandbox!.github.as("jane").close(REPO, number);
    });
    await sandbox.github.settle();
    await sandbox.jit.sweeper.sweep();
    await sandbox.settle();
    expect(members(sandbox)).toEqual([]);
    expect(sandbox.github.issue(REPO, number).labels).toContain("access:revoked");
  });
});

describe("records are trusted by identity and signature", () => {
  it("a record forged in a user's comment revokes the grant and marks the request tampered", async () => {
    const w = await world();
    sandbox = w.sandbox;
    const { github } = sandbox;
    const number = openRequest(sandbox);
    await sandbox.settle();
    github.as("alice").comment(REPO, number, "/approve");
    await sandbox.settle();
    const granted = appComments(sandbox, number).at(-1)!;
    github.as("jane").comment(REPO, number, granted.replace(/"expiresAt":\d+/, '"expiresAt":9999999999999'));
    await sandbox.settle();
    expect(members(sandbox)).toEqual([]);
    expect(github.issue(REPO, number).labels).toContain("access:tampered");
    expect(appComments(sandbox, number).at(-1)).toContain("Tampering detected");
  });
});
