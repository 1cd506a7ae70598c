import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JsonFragment, encodePieces, payloadOf, serialisePayload } from "github-emulator/emulator/json-fragment.js";
import type { World } from "./harness.js";
import { startReceiver, startWorld } from "./harness.js";

// Webhooks reuse the JSON of their repository, organization, sender and
// installation while nothing they show has changed: these check that a
// change shows in the very next webhook, and that the bytes sent are the payload.
const START = Date.UTC(2024, 4, 1, 9, 0, 0);
let now = START;
let w: World;
let received: Awaited<ReturnType<typeof startReceiver>>;

beforeEach(async () => {
  now = START;
  w = await startWorld(() => now);
  received = await startReceiver();
  w.gh.setWebhookUrl(received.url);
});

afterEach(async () => {
  await w.gh.stop();
  await received.close();
});

const last = () => w.gh.deliveries.at(-1)!.payload as { repository: Record<string, unknown>; sender: Record<string, unknown>; organization: Record<string, unknown> };

describe("webhook payloads' shared parts", () => {
  it("show the repository as it is now after each change: open issues, pushes", async () => {
    const first = w.gh.as("alice").openIssue("acme/access", { title: "One", body: "b" });
    expect(last().repository).toMatchObject({ open_issues_count: 1, open_issues: 1 });
    w.gh.as("alice").openIssue("acme/access", { title: "Two", body: "b" });
    expect(last().repository).toMatchObject({ open_issues_count: 2 });
    w.gh.as("alice").close("acme/access", first);
    expect(last().repository).toMatchObject({ open_issues_count: 1 });
    now += 60_000;
    w.gh.putFile("acme/access", "README.md", "changed\n");
    w.gh.as("alice").comment("acme/access", first, "pushed");
    expect(last().repository).toMatchObject({ pushed_at: "2024-05-01T09:01:00Z", updated_at: "2024-05-01T09:01:00Z" });
    const rest = await w.api("GET", "/repos/acme/access");
    expect(last().repository).toEqual(rest.body);
  });

  it("show the sender under a login renamed since the last webhook", () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "One", body: "b" });
    expect(last().sender).toMatchObject({ login: "alice" });
    w.gh.renameUser("alice", "alice-2");
    w.gh.as("alice-2").comment("acme/access", n, "renamed");
    expect(last().sender).toMatchObject({ login: "alice-2", id: w.gh.userId("alice-2"), url: expect.stringMatching(/\/users\/alice-2$/) });
    w.gh.as("bob").comment("acme/access", n, "another sender");
    expect(last().sender).toMatchObject({ login: "bob" });
  });

  it("send each webhook as things stood when it was queued, though it is serialised later", async () => {
    w.gh.pauseWebhooks();
    const n = w.gh.as("alice").openIssue("acme/access", { title: "One", body: "b" });
    w.gh.as("bob").comment("acme/access", n, "first");
    w.gh.as("alice").addLabels("acme/access", n, ["urgent"]);
    w.gh.as("alice").close("acme/access", n);
    w.gh.renameUser("alice", "alice-2");
    w.gh.resumeWebhooks();
    await w.gh.settle();
    const sent = received.received.map((webhook) => webhook.payload as { issue: { labels: unknown[]; comments: number; state: string; user: { login: string } }; repository: { open_issues_count: number } });
    expect(sent.map((p) => [p.issue.labels.length, p.issue.comments, p.issue.state, p.issue.user.login, p.repository.open_issues_count])).toEqual([
      [0, 0, "open", "alice", 1],
      [0, 1, "open", "alice", 1],
      [1, 1, "open", "alice", 1],
      [1, 1, "closed", "alice", 0],
    ]);
  });

  it("send the payload's bytes exactly", async () => {
    const n = w.gh.as("alice").openIssue("acme/access", { title: "One", body: "b" });
    w.gh.as("bob").comment("acme/access", n, "hello");
    await w.gh.settle();
    expect(received.received.map((webhook) => webhook.raw)).toEqual(w.gh.deliveries.map((d) => JSON.stringify(d.payload)));
  });
});

describe("serialisePayload", () => {
  const textOf = (parts: Record<string, unknown>) => Buffer.concat(encodePieces(serialisePayload(parts))).toString("utf8");

  it("writes the bytes JSON.stringify writes, with each fragment's bytes as made once", () => {
    const repository = new JsonFragment({ id: 1, name: "accès", topics: [], license: null });
    const sender = new JsonFragment({ login: "alice" });
    const parts = { action: "opened", skipped: undefined, issue: { number: 1, body: 'quote " and \u2028 é' }, repository, n: 0, flag: false, sender };
    const payload = payloadOf(parts);
    const pieces = serialisePayload(parts);
    expect(payload).toEqual({ action: "opened", skipped: undefined, issue: parts.issue, repository: repository.value, n: 0, flag: false, sender: sender.value });
    expect(textOf(parts)).toBe(JSON.stringify(payload));
    expect(encodePieces(pieces)).toContain(repository.bytes);
    for (const edge of [{}, { only: undefined }, { sender }, { sender, repository }, { skipped: undefined, sender, after: 1 }]) {
      expect(textOf(edge)).toBe(JSON.stringify(payloadOf(edge)));
    }
  });

  it("freezes a fragment's value, which every payload that carries it shares", () => {
    const fragment = new JsonFragment({ id: 1 });
    expect(Object.isFrozen(fragment.value)).toBe(true);
  });
});
