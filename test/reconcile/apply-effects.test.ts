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

describe("applyEffects: the grant's clock starts when access starts", () => {
  it("dates the grant record from GitHub's answer to the PUT, and schedules the removal before writing it", async () => {
    const clock = { t: T0 };
    const calls: string[] = [];
    const context: ApplyContext = {
      github: fakeGitHub(clock, 90_000, calls),
      ref: { installationId: 1, owner: "acme", repo: "access", number: 7 },
      masker: createMasker(),
      signingKey: "k".repeat(32),
      now: () => clock.t,
      lastHash: null,
      log: pino({ level: "silent" }),
      onAccess: (at) => calls.push(`remove at ${at}`),
    };
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
