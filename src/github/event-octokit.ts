import type { Octokit } from "./client.js";

type AuthOptions = { type?: unknown } & Record<string, unknown>;
type Auth = (options?: AuthOptions) => Promise<unknown>;

const NOT_BUILT =
  "jit-access builds no Octokit per webhook: context.octokit is not available. " +
  "Read and write GitHub through the installation's GitHubClient (deps.github(installationId)), which is counted and paced.";

// Probot's Context adds a request hook to the event's Octokit (the delivery id header); nothing else of it is touched.
const HOOK = { before() {}, after() {}, error() {}, wrap() {} };

/**
 * The stand-in each webhook's `context.octokit` gets: the hook Probot's
 * Context registers on, and a clear error for any other use. Symbols and
 * `then` read as absent, so that it can be awaited and marked.
 */
const STAND_IN: object = new Proxy(Object.create(null) as object, {
  get(target, name) {
    if (name === "hook") return HOOK;
    if (typeof name === "symbol" || name === "then" || name === "toJSON") return Reflect.get(target, name);
    throw new Error(`${NOT_BUILT} (it was asked for "${name}")`);
  },
});

/**
 * Stops Probot from building an authenticated Octokit for every handler of
 * every webhook. Probot's webhook transform asks the app's Octokit for an
 * "event-octokit" each time a handler runs (the app's `onAny` for every
 * webhook; the policy check's and the drift guard's for their few events);
 * building one costs about as much as
 * the rest of an ignored webhook's handling, and jit-access never uses it:
 * every call goes through the installation's GitHubClient. Those requests
 * get a stand-in that fails loudly if anything ever uses it; every other
 * kind of authentication (the app, an installation) is passed on unchanged.
 * The webhook's signature is still checked by Probot before any of this.
 *
 * @example
 * skipEventOctokits(await probot.auth()); // the app's Octokit, once at load
 */
export function skipEventOctokits(appOctokit: Octokit): void {
  const holder = appOctokit as unknown as { auth: Auth };
  const auth = holder.auth;
  holder.auth = (options?: AuthOptions) => (options?.type === "event-octokit" ? Promise.resolve(STAND_IN) : auth(options));
}
