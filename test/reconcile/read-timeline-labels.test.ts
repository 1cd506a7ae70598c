import { describe, expect, it } from "vitest";
import type { TimelineEntry } from "../../src/github/client.js";
import { readTimeline } from "../../src/reconcile/read-timeline.js";

/** A label event as the GraphQL read gives it: the label as it is now, with its times. */
const labeled = (at: string, label: { created_at?: string | null; updated_at?: string | null }): TimelineEntry => ({
  event: "labeled", id: 7, actor: { login: "alice", type: "User" }, created_at: at, label: { name: "access-approved", ...label },
});
const renamed = (entry: TimelineEntry) => readTimeline([entry], { id: 1, slug: "jit-access" }).timeline[0];

describe("readTimeline: a label renamed or edited after its event", () => {
  it.each([
    ["edited a minute after the event", "2026-11-02T09:00:00Z", { created_at: "2026-10-01T00:00:00Z", updated_at: "2026-11-02T09:01:00Z" }, true],
    ["edited in the same second as the event", "2026-11-02T09:00:00Z", { created_at: "2026-10-01T00:00:00Z", updated_at: "2026-11-02T09:00:00Z" }, true],
    ["edited before the event", "2026-11-02T09:00:00Z", { created_at: "2026-10-01T00:00:00Z", updated_at: "2026-10-02T00:00:00Z" }, false],
    ["made by the event itself, never edited", "2026-11-02T09:00:00Z", { created_at: "2026-11-02T09:00:00Z", updated_at: "2026-11-02T09:00:00Z" }, false],
    ["made by the event, edited later", "2026-11-02T09:00:00Z", { created_at: "2026-11-02T09:00:00Z", updated_at: "2026-11-02T09:05:00Z" }, true],
    ["no times asked for (REST's event keeps the name it had)", "2026-11-02T09:00:00Z", {}, false],
    ["GraphQL gives no time for the label (nothing shows it unedited)", "2026-11-02T09:00:00Z", { created_at: null, updated_at: null }, true],
  ])("%s", (_name, at, label, expected) => {
    const item = renamed(labeled(at, label));
    expect(item).toMatchObject({ kind: "labeled", label: "access-approved" });
    expect(item && "renamed" in item && item.renamed === true).toBe(expected);
  });
});
