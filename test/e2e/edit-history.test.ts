import { describe, expect, it } from "vitest";
import { appComments, events, members, openRequest, POLICY, REPO, requestBody, worldPerTest } from "./world.js";

/**
 * Edits judged by GitHub's own edit history (GraphQL `lastEditedAt` and
 * `userContentEdits`), over HTTP against the real app.
 */
const fresh = worldPerTest();

describe("edits, as GitHub's edit history shows them", () => {
  it("an approval whose updated_at reads a second after its created_at counts: nobody edited it", async () => {
    const { sandbox: s } = await fresh();
    s.github.setUpdateLag(() => 1000);
    const n = openRequest(s);
    await s.settle();
    const id = s.github.as("alice").comment(REPO, n, "/approve");
    const shown = s.github.comments(REPO, n).find((c) => c.id === id)!;
    expect(Date.parse(shown.updatedAt) - Date.parse(shown.createdAt)).toBe(1000);
    await s.settle();
    expect(members(s)).toEqual(["jane"]);
  });

  it("an approval comment edited within the second it was made does not count, and is answered", async () => {
    const { sandbox: s } = await fresh();
    s.github.setUpdateLag(() => 0);
    const n = openRequest(s);
    await s.settle();
    s.github.pauseWebhooks();
    const id = s.github.as("alice").comment(REPO, n, "/approve");
    s.github.as("alice").editComment(REPO, id, "/approve");
    // Same second, same text: REST's updated_at equals created_at; only the edit history tells.
    const shown = s.github.comments(REPO, n).find((c) => c.id === id)!;
    expect(shown.updatedAt).toBe(shown.createdAt);
    s.github.resumeWebhooks();
    await s.settle();
    expect(members(s)).toEqual([]);
    expect(appComments(s, n).at(-1)).toContain("was edited does not count");
  });

  it("A → B → A while the app is down voids the approvals given before, and the record names the editor", async () => {
    const { sandbox: s, clock } = await fresh();
    s.github.putFile(REPO, "policies/platform.yml", POLICY.replace("approvals: 1", "approvals: 2"));
    const n = openRequest(s);
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n)).toEqual(["received", "approval"]);
    await s.restart(async () => {
      clock.advance(5000);
      s.github.as("jane").editIssue(REPO, n, { body: requestBody({ duration: "4h" }) });
      clock.advance(5000);
      s.github.as("jane").editIssue(REPO, n, { body: requestBody() });
      await s.github.settle();
    });
    await s.jit.sweeper.sweep();
    await s.settle();
    const last = appComments(s, n).at(-1) ?? "";
    expect(last).toContain('"event":"received"');
    expect(last).toContain('"voided":["alice"]');
    expect(last).toContain("edited by @jane");
    clock.advance(2000);
    s.github.as("carol").comment(REPO, n, "/approve");
    await s.settle();
    // Carol's approval is the only one that counts now: one of two.
    expect(members(s)).toEqual([]);
    expect(events(s, n).at(-1)).toBe("approval");
  });

  it("an edit of the app's own comment is tampering, named with the editor, even when the text is put back", async () => {
    const { sandbox: s } = await fresh();
    const n = openRequest(s);
    await s.settle();
    const record = s.github.comments(REPO, n).find((c) => c.viaApp)!;
    s.github.as("bob").editComment(REPO, record.id, `${record.body} `);
    s.github.as("bob").editComment(REPO, record.id, record.body);
    await s.settle();
    expect(events(s, n)).toContain("tampered");
    expect(appComments(s, n).at(-1)).toContain("edited by @bob");
  });
});
