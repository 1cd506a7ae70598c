import { createAppAuth } from "@octokit/auth-app";
import { ProbotOctokit } from "probot";
import { GitHubClient } from "../../src/github/client.js";
import { createMasker } from "../../src/masking/index.js";
import { afterEach, beforeEach } from "vitest";
import { APP_ID, keys, startWorld, type World } from "../emulator/harness.js";

/**
 * A GitHubClient on Probot's own Octokit against the emulator, as the app
 * builds it, with the retry plugin on (waiting a millisecond instead of a
 * second): what a write must survive being sent through.
 *
 * @example
 * const github = retryingClient(w);
 */
export function retryingClient(w: World): GitHubClient {
  const octokit = new ProbotOctokit({
    baseUrl: w.gh.url,
    authStrategy: createAppAuth,
    auth: { appId: APP_ID, privateKey: keys.privateKey, installationId: w.installationId },
    retry: { enabled: true, retryAfterBaseValue: 1 },
    throttle: { enabled: false },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  return new GitHubClient(octokit, createMasker());
}

/**
 * For one test file: a fresh emulator world per test, handed to `use`, stopped after the test.
 *
 * @example
 * let w: World;
 * worldPerTest((world) => (w = world));
 */
export function worldPerTest(use: (world: World) => void): void {
  let current: World | undefined;
  beforeEach(async () => {
    current = await startWorld();
    use(current);
  });
  afterEach(async () => {
    await current?.gh.stop();
  });
}
