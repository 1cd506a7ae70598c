import pino from "pino";
import { describe, expect, it } from "vitest";
import type { Effect } from "../../src/core/decide.js";
import type { GitHubClient } from "../../src/github/client.js";
import { createMasker } from "../../src/masking/index.js";
import { applyEffects, type ApplyContext } from "../../src/reconcile/apply-effects.js";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-02T09:00:00Z");

/** A GitHub whose membership PUT is answered `delay` ms after it is asked, recording every call in order. */
function fakeGitHub(clock: { t: number }, delay: number, calls: string[]): GitHubClient {
  let id = 1;
  return {
    addTeamMember: async () => {
      clock.t += delay;
      calls.push(`PUT at ${clock.t}`);
    },
    createComment: async (_ref: unknown, body: string) => {
      calls.push(`comment ${/"event":"([a-z-]+)"/.exec(body)?.[1]} ${/"expiresAt":(\d+)/.exec(body)?.[1] ?? ""}`.trim());
      return { id: id++ };
    },
  } as unknown as GitHubClient;
}

/** What every run here shares: request #7 on the given clock and GitHub. */
function contextOn(clock: { t: number }, github: GitHubClient): ApplyContext {
  return { github, ref: { installationId: 1, owner: "acme", repo: "access", number: 7 }, masker: createMasker(), signingKey: "k".repeat(32), now: () => clock.t, lastHash: null, log: pino({ level: "silent" }) };
}

describe("applyEffects: the grant's clock starts when access starts", () => {
  it("dates the grant record from GitHub's answer to the PUT, and schedules the removal before writing it", async () => {
    const clock = { t: T0 };
    const calls: string[] = [];
    const context: ApplyContext = { ...contextOn(clock, fakeGitHub(clock, 90_000, calls)), onAccess: (at) => calls.push(`remove at ${at}`) };
    const effects: Effect[] = [
      { kind: "add-member", team: "ops", login: "jane", durationMs: HOUR },
      { kind: "record", data: { event: "granted", requester: "jane", team: "ops", expiresAt: T0 + HOUR, standing: false } },
    ];
    const applied = await applyEffects(effects, context);
    const real = T0 + 90_000 + HOUR;
    expect(calls).toEqual([`PUT at ${T0 + 90_000}`, `remove at ${real}`, `comment granted ${real}`]);
    expect(applied[1]).toEqual({ kind: "record", data: { event: "granted", requester: "jane", team: "ops", expiresAt: real, standing: false } });
    // The plan itself is left as it was.
    expect(effects[1]).toMatchObject({ data: { expiresAt: T0 + HOUR } });
  });
});

/** A run whose record posts wait until released, on a manual clock whose timers the test fires. */
function waitingRun(extra: Partial<ApplyContext>) {
  const clock = { t: T0 };
  const calls: string[] = [];
  let release!: () => void;
  const recordWritten = new Promise<void>((resolve) => (release = resolve));
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const github = {
    addTeamMember: async () => {
      calls.push("PUT");
      return { teamIds: { org: 1, team: 42 } };
    },
    removeTeamMember: async (_org: string, team: string, _login: string, ids?: { org: number; team: number }) => {
      calls.push(`DELETE at ${clock.t}${ids === undefined ? "" : ` (${team} = team ${ids.team})`}`);
      return "removed";
    },
    createComment: async () => {
      await recordWritten;
      calls.push("comment");
      return { id: 1 };
    },
  } as unknown as GitHubClient;
  const context: ApplyContext = {
    ...contextOn(clock, github),
    after: (ms, fn) => {
      const timer = { at: clock.t + ms, fn, cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
    ...extra,
  };
  /** Lets the deadline fire at the expiry, then the queued record through. */
  const expireThenWrite = async (run: Promise<unknown>) => {
    clock.t = T0 + 60_000;
    timers[0]!.fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    await run;
  };
  return { context, calls, timers, release, expireThenWrite };
}

describe("applyEffects: a grant whose time is up while its records wait", () => {
  it("loses its membership at the expiry, from within the run, and not again once the run is over", async () => {
    const { context, calls, timers, expireThenWrite } = waitingRun({});
    const run = applyEffects([
      { kind: "add-member", team: "ops", login: "jane", durationMs: 60_000 },
      { kind: "record", data: { event: "granted", requester: "jane", team: "ops", expiresAt: T0 + 60_000, standing: false } },
    ], context);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(timers.map((t) => t.at)).toEqual([T0 + 60_000]);
    // The queue holds the record past the expiry: the deadline fires.
    await expireThenWrite(run);
    expect(calls).toEqual(["PUT", `DELETE at ${T0 + 60_000} (ops = team 42)`, "comment"]);
    expect(timers[0]!.cancelled).toBe(true);
  });

  it("keeps the team's ids from GitHub's answer to the PUT in the grant record", async () => {
    const { context, release } = waitingRun({});
    release();
    const applied = await applyEffects([
      { kind: "add-member", team: "ops", login: "jane", durationMs: 60_000 },
      { kind: "record", data: { event: "granted", requester: "jane", team: "ops", expiresAt: T0 + 60_000, standing: false } },
    ], context);
    expect(applied[1]).toEqual({ kind: "record", data: { event: "granted", requester: "jane", team: "ops", teamIds: { org: 1, team: 42 }, expiresAt: T0 + 60_000, standing: false } });
  });
});

describe("applyEffects: a live grant whose later run waits to write", () => {
  const refusal: Effect = { kind: "record", data: { event: "attempt-refused", source: "comment", sourceId: 9, actor: "bob", command: "/approve", reason: "already granted" } };
  const liveGrant = { team: "ops", teamIds: { org: 1, team: 7 }, login: "jane", expiresAt: T0 + 60_000 };

  it("loses its membership at the expiry from within that run too", async () => {
    const { context, calls, timers, expireThenWrite } = waitingRun({ liveGrant });
    const run = applyEffects([refusal], context);
    expect(timers.map((t) => t.at)).toEqual([T0 + 60_000]);
    await expireThenWrite(run);
    expect(calls).toEqual([`DELETE at ${T0 + 60_000} (ops = team 7)`, "comment"]);
    expect(timers[0]!.cancelled).toBe(true);
  });

  it("arms nothing when another live grant needs the membership", async () => {
    const { context, calls, timers, release } = waitingRun({ liveGrant, othersLive: [{}] });
    const run = applyEffects([refusal], context);
    release();
    await run;
    expect(timers).toEqual([]);
    expect(calls).toEqual(["comment"]);
  });
});

describe("applyEffects: a membership whose grant record failed is taken back", () => {
  /** The PUT answers team 42's ids; the grant record's comment fails. */
  const failingRecord = (calls: string[]) =>
    ({
      addTeamMember: async () => ({ teamIds: { org: 1, team: 42 } }),
      removeTeamMember: async (_org: string, _team: string, _login: string, ids?: { team: number }) => {
        calls.push(`DELETE team ${ids?.team}`);
        return "removed";
      },
      createComment: async () => {
        throw new Error("GitHub answered 502");
      },
    }) as unknown as GitHubClient;
  const effects: Effect[] = [
    { kind: "add-member", team: "ops", login: "jane", durationMs: HOUR },
    { kind: "record", data: { event: "granted", requester: "jane", team: "ops", expiresAt: T0 + HOUR, standing: false } },
  ];

  it.each<[string, { teamIds?: { org: number; team: number } }[], string[]]>([
    ["when no other live grant needs it", [], ["DELETE team 42"]],
    ["when the other live grant under the slug is of another team (renamed, its slug taken)", [{ teamIds: { org: 1, team: 7 } }], ["DELETE team 42"]],
    ["not when another live grant of the same team needs it", [{ teamIds: { org: 1, team: 42 } }], []],
    ["not when another live grant's team is not known by ids", [{}], []],
  ])("%s", async (_name, othersLive, taken) => {
    const calls: string[] = [];
    const clock = { t: T0 };
    await expect(applyEffects(effects, { ...contextOn(clock, failingRecord(calls)), othersLive })).rejects.toThrow(/record failed/);
    expect(calls).toEqual(taken);
  });
});
