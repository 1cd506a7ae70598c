import type { Probot } from "probot";
import { afterEach, expect } from "vitest";
import type { AuditDeps } from "../../src/cli/audit-context.js";
import { parseDuration } from "../../src/core/duration.js";
import { connectWithProbot } from "../../src/cli/connect.js";
import type { Output } from "../../src/cli/output.js";
import { createMasker } from "../../src/masking/index.js";
import type { Sandbox } from "github-emulator/sandbox/start-sandbox.js";
import type { ManualClock } from "./manual-clock.js";
import { openRequest, REPO } from "./world.js";

/**
 * One sandbox per test: after each, checks that the app made no request the
 * emulator does not serve, and stops it.
 *
 * @example
 * const sandboxes = sandboxPerTest();
 * const { sandbox, clock } = sandboxes.use(await world());
 */
export function sandboxPerTest(): { use<T extends { sandbox: Sandbox }>(world: T): T } {
  let current: Sandbox | undefined;
  afterEach(async () => {
    expect(current?.github.unhandled ?? []).toEqual([]);
    await current?.stop();
    current = undefined;
  });
  return {
    use(world) {
      current = world.sandbox;
      return world;
    },
  };
}

/**
 * The audit commands' dependencies for a sandbox: the signing key in the
 * environment, and GitHub reached with the sandbox app's own credentials
 * (its Probot instance), as the CLI reaches the real GitHub with APP_ID and
 * PRIVATE_KEY.
 */
export async function sandboxDeps(sandbox: Sandbox, now: () => number = Date.now): Promise<AuditDeps> {
  let probot: Probot | undefined;
  await sandbox.server.load((app) => {
    probot = app;
  });
  return {
    env: { JIT_ACCESS_SIGNING_KEY: sandbox.config.signingKey },
    connect: (_env, masker) => connectWithProbot(probot!, masker),
    now,
  };
}

/** An Output that keeps what it is given, masked as the console's is. */
export function captured(): Output & { lines: string[]; errors: string[] } {
  const masker = createMasker();
  const lines: string[] = [];
  const errors: string[] = [];
  return { masker, lines, errors, line: (text = "") => void lines.push(masker.mask(text)), error: (text) => void errors.push(masker.mask(text)) };
}

/** @jane asks, @alice approves five minutes later, the grant ends on time, and a day passes; returns the request's number. */
export async function grantedAndExpired(sandbox: Sandbox, clock: ManualClock, duration = "1h"): Promise<number> {
  const number = openRequest(sandbox, "jane", { duration });
  await sandbox.settle();
  clock.advance(5 * 60_000);
  sandbox.github.as("alice").comment(REPO, number, "/approve");
  await sandbox.settle();
  // The manual clock fires a timer at the time it is advanced to: stop at the expiry, so it is removed on time.
  const grant = parseDuration(duration);
  const ms = grant.ok ? grant.ms : 0;
  clock.advance(ms);
  await sandbox.settle();
  clock.advance(24 * 3_600_000 - ms);
  await sandbox.settle();
  return number;
}

/** Two requests granted and expired one after the other: a clean history of eight records. */
export async function twoFinishedRequests(sandbox: Sandbox, clock: ManualClock): Promise<[number, number]> {
  return [await grantedAndExpired(sandbox, clock), await grantedAndExpired(sandbox, clock, "30m")];
}

/** The app's comments on a request whose record is of this event. */
export function recordComment(sandbox: Sandbox, number: number, event: string): { id: number; body: string } {
  const comment = sandbox.github.comments(REPO, number).find((c) => c.viaApp && c.body.includes(`"event":"${event}"`));
  if (!comment) throw new Error(`no "${event}" record on ${REPO}#${number}`);
  return comment;
}
