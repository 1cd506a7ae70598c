import { describe, expect, it } from "vitest";
import { appComments, events, HOUR, members, openRequest, passThenSweep, REPO, worldPerTest } from "./world.js";

/**
 * `/extend` needs approval like the request did. What counts is what people
 * posted and when GitHub says they posted it, not when the app read it; and
 * an approval is of what the `/extend` asked, as recorded.
 */
const fresh = worldPerTest();
const MINUTE = 60_000;

/** jane's one-hour grant, and her `/extend 30m` recorded half an hour in. */
async function extensionAsked() {
  const w = await fresh();
  const s = w.sandbox;
  const n = openRequest(s, "jane", { duration: "1h" });
  await s.settle();
  s.github.as("alice").comment(REPO, n, "/approve");
  await s.settle();
  w.clock.advance(30 * MINUTE);
  const extend = s.github.as("jane").comment(REPO, n, "/extend 30m");
  await s.settle();
  expect(events(s, n).at(-1)).toBe("extension-requested");
  return { ...w, n, extend };
}

describe("an extension and the grant's end", () => {
  it("approved a second before the end and read only at the end (its webhook late): the grant is extended, not ended", async () => {
    const { sandbox: s, clock, n } = await extensionAsked();
    clock.advance(30 * MINUTE - 1_000);
    s.github.pauseWebhooks();
    s.github.as("alice").comment(REPO, n, "/approve");
    await passThenSweep(s, clock, 1_000);
    s.github.resumeWebhooks();
    await s.settle();
    expect(events(s, n)).toContain("extended");
    expect(events(s, n)).not.toContain("expired");
    expect(members(s)).toEqual(["jane"]);
    await passThenSweep(s, clock, 30 * MINUTE);
    expect(events(s, n).at(-1)).toBe("expired");
    expect(members(s)).toEqual([]);
  });

  it("control: approved a second after the end: the grant ends", async () => {
    const { sandbox: s, clock, n } = await extensionAsked();
    clock.advance(30 * MINUTE + 1_000);
    s.github.pauseWebhooks();
    s.github.as("alice").comment(REPO, n, "/approve");
    await passThenSweep(s, clock, 0);
    s.github.resumeWebhooks();
    await s.settle();
    expect(events(s, n)).not.toContain("extended");
    expect(events(s, n)).toContain("expired");
    expect(members(s)).toEqual([]);
  });

  it("other commands while an extension waits are answered once each, as on any live grant", async () => {
    const { sandbox: s, n } = await extensionAsked();
    const flag = s.github.as("alice").comment(REPO, n, "/flag because");
    const glass = s.github.as("jane").comment(REPO, n, "/break-glass");
    const odd = s.github.as("alice").comment(REPO, n, "/approve x");
    await s.settle();
    const refused = (id: number) => appComments(s, n).filter((b) => b.includes('"event":"attempt-refused"') && b.includes(`"sourceId":${id},`));
    for (const id of [flag, glass, odd]) expect(refused(id)).toHaveLength(1);
    expect(refused(flag)[0]).not.toContain("nothing has been granted yet");
    expect(events(s, n)).not.toContain("extended");
  });

  it("an `/extend` edited by someone else after it was recorded: the refusal names who edited it", async () => {
    const { sandbox: s, n, extend } = await extensionAsked();
    s.github.as("alice").editComment(REPO, extend, "/extend 30m.");
    await s.settle();
    const denied = appComments(s, n).at(-1) ?? "";
    expect(denied).toContain('"event":"extension-denied"');
    expect(denied).toContain('"by":"alice"');
    expect(denied).toContain("edited by @alice after it was recorded");
  });

  it("an `/extend` edited after it was recorded is refused, and an approval then extends nothing", async () => {
    const { sandbox: s, clock, n, extend } = await extensionAsked();
    s.github.as("jane").editComment(REPO, extend, "/extend 5m");
    await s.settle();
    expect(events(s, n).at(-1)).toBe("extension-denied");
    expect(appComments(s, n).at(-1)).toContain("the `/extend` comment was edited by @jane after it was recorded");
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n)).not.toContain("extended");
    await passThenSweep(s, clock, HOUR);
    expect(members(s)).toEqual([]);
  });
});

describe("an /extend recorded and then deleted by its author", () => {
  it("still extends an eligible requester's grant on an approval (the recorded /extend stands, and the requester is looked up)", async () => {
    const { sandbox: s, n, extend } = await extensionAsked();
    s.github.as("jane").deleteComment(REPO, extend);
    await s.settle();
    s.github.as("alice").comment(REPO, n, "/approve");
    await s.settle();
    expect(events(s, n)).toContain("extended");
    expect(members(s)).toEqual(["jane"]);
  });
});
