import { Kind, parse } from "graphql";
import { afterEach, expect } from "vitest";
import { startSandbox, type Sandbox, type SandboxOptions } from "github-emulator/sandbox/start-sandbox.js";
import { manualClock, type ManualClock } from "./manual-clock.js";

export const REPO = "acme/access";
export const ORG = "acme";
export const TEAM = "platform-admins";
export const ADDRESS = "jane.doe@example.com";
export const HOUR = 3_600_000;

export const POLICY = `version: 1
teams:
  platform-admins:
    max_duration: 2h
    default_duration: 1h
    approvers:
      users: [alice]
      teams: [platform-leads]
    approvals: 1
`;

export function requestBody(fields: { team?: string; duration?: string; justification?: string } = {}): string {
  return [
    "### Team", "", fields.team ?? TEAM, "",
    "### Duration", "", fields.duration ?? "1h", "",
    "### Justification", "", fields.justification ?? `INC-4711, contact ${ADDRESS}`, "",
    "### Ticket", "", "_No response_",
  ].join("\r\n");
}

/**
 * Opens a request from the form as `who`, labelled as the form labels it.
 *
 * @example
 * const n = openRequest(sandbox, "jane", { duration: "2h" });
 */
export function openRequest(sandbox: Sandbox, who = "jane", fields: Parameters<typeof requestBody>[0] = {}): number {
  return sandbox.github.as(who).openIssue(REPO, { title: "Access request", body: requestBody(fields), labels: ["access-request"] });
}

/**
 * jane's request for an hour, opened, then an `/approve` by whoever holds the
 * login `approver` (alice) now, each step settled: granted unless something
 * refuses it. Returns the request's number.
 *
 * @example
 * const n = await openedAndApproved(sandbox);
 */
export async function openedAndApproved(sandbox: Sandbox, approver = "alice"): Promise<number> {
  const n = openRequest(sandbox);
  await sandbox.settle();
  sandbox.github.as(approver).comment(REPO, n, "/approve");
  await sandbox.settle();
  return n;
}

/**
 * A second repository, acme/zz-other (listed after acme/access), whose
 * policy manages team other-admins with nobody standing, under
 * `drift: revert`; settled.
 */
export async function otherAdminsUnderRevert(s: Sandbox): Promise<void> {
  s.github.addRepo("acme/zz-other", { defaultBranch: "main", private: true });
  s.github.addTeam(ORG, "other-admins");
  s.github.putFile("acme/zz-other", "policies/other.yml", `${POLICY.replaceAll("platform-admins", "other-admins").replace("    approvals: 1", "    approvals: 1\n    standing: { users: [] }")}settings:\n  drift: revert\n`);
  s.github.install(ORG);
  await s.settle();
}

/** A sandbox with an org, people, teams, a repository with a policy, and the app installed. */
export async function world(options: Omit<SandboxOptions, "clock"> = {}): Promise<{ sandbox: Sandbox; clock: ManualClock }> {
  const clock = manualClock(Date.parse("2026-11-02T09:00:00Z"));
  const sandbox = await startSandbox({ clock, logLevel: "debug", ...options });
  const github = sandbox.github;
  github.addOrg(ORG);
  for (const login of ["jane", "alice", "bob", "carol"]) github.addUser(login, { orgs: { [ORG]: "active" } });
  github.addUser("outsider");
  github.addTeam(ORG, TEAM);
  github.addTeam(ORG, "platform-leads");
  github.setTeamMember(ORG, "platform-leads", "carol", "active");
  github.addRepo(REPO, { defaultBranch: "main", private: true });
  github.putFile(REPO, "policies/platform.yml", POLICY);
  github.install(ORG);
  return { sandbox, clock };
}

/**
 * The app's writes to GitHub, as "METHOD path", a GraphQL mutation as
 * "POST /graphql {field, field}" with its fields' aliases in order
 * (installation tokens and GraphQL queries, which are reads, left out).
 */
export function writes(sandbox: Sandbox, since = 0): string[] {
  return sandbox.github.requests
    .slice(since)
    .filter((r) => r.method !== "GET" && !r.path.endsWith("/access_tokens") && (r.path !== "/graphql" || mutationFields(r.requestBody).length > 0))
    .map((r) => (r.path === "/graphql" ? `POST /graphql {${mutationFields(r.requestBody).join(", ")}}` : `${r.method} ${decodeURIComponent(r.path)}`));
}

/** The root fields of a GraphQL mutation, by alias (none for a query). */
function mutationFields(body: unknown): string[] {
  const query = (body as { query?: unknown } | undefined)?.query;
  if (typeof query !== "string") return [];
  return parse(query).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.operation === "mutation" ? d.selectionSet.selections.flatMap((f) => (f.kind === Kind.FIELD ? [f.alias?.value ?? f.name.value] : [])) : []));
}

export function appComments(sandbox: Sandbox, number: number): string[] {
  return sandbox.github.comments(REPO, number).filter((c) => c.viaApp).map((c) => c.body);
}

/** Someone with write access (carol) deletes every record of the app on a request but its first. */
export function deleteRecordsButFirst(sandbox: Sandbox, n: number): void {
  for (const comment of sandbox.github.comments(REPO, n).filter((c) => c.viaApp).slice(1)) sandbox.github.as("carol").deleteComment(REPO, comment.id);
}

/** The members of the requested team, by login. */
export const members = (sandbox: Sandbox): string[] => sandbox.github.teamMembers(ORG, TEAM).map((m) => m.login);

/** The events of the app's records on a request, in order. */
export const events = (sandbox: Sandbox, number: number): (string | undefined)[] => appComments(sandbox, number).map((b) => /"event":"([a-z-]+)"/.exec(b)?.[1]);

/**
 * For one test file: opens a world per test and stops it after the test,
 * checking that no request went unhandled.
 *
 * @example
 * const fresh = worldPerTest();
 * const { sandbox } = await fresh();
 */
export function worldPerTest(): (options?: Parameters<typeof world>[0]) => Promise<Awaited<ReturnType<typeof world>>> {
  let current: Sandbox | undefined;
  afterEach(async () => {
    expect(current?.github.unhandled ?? []).toEqual([]);
    await current?.stop();
    current = undefined;
  });
  return async (options) => {
    const opened = await world(options);
    current = opened.sandbox;
    return opened;
  };
}

/** Time passes (the clock moves), then a sweep, then quiet. */
export async function passThenSweep(s: Sandbox, clock: { advance(ms: number): void }, ms: number): Promise<void> {
  clock.advance(ms);
  await s.jit.sweeper.sweep();
  await s.settle();
}

/** Drift issues the app opened, with the events of its signed records. */
export function driftIssues(s: Sandbox, repo = REPO): { title: string; events: (string | undefined)[]; text: string }[] {
  const out: { title: string; events: (string | undefined)[]; text: string }[] = [];
  for (let n = 1; ; n++) {
    let issue;
    try {
      issue = s.github.issue(repo, n);
    } catch {
      return out;
    }
    if (!issue.labels.includes("access:drift")) continue;
    const bodies = s.github.comments(repo, n).filter((c) => c.viaApp).map((c) => c.body);
    out.push({ title: issue.title, events: bodies.map((b) => /"event":"([a-z-]+)"/.exec(b)?.[1]), text: bodies.join("\n") });
  }
}

/**
 * Two organisations on one emulator: globex installs the app first (so its
 * installation is listed before acme's), then acme as world() has it, with
 * `people` as acme's members. Returns both installation ids.
 */
export function plantTwoOrgs(github: Sandbox["github"], people: readonly string[]): { globex: number; acme: number } {
  github.addOrg("globex");
  github.addUser("gina", { orgs: { globex: "active" } });
  github.addTeam("globex", TEAM);
  github.addRepo("globex/access", { defaultBranch: "main", private: true });
  github.putFile("globex/access", "policies/platform.yml", POLICY.replace("users: [alice]", "users: [gina]"));
  const globex = github.install("globex");
  github.addOrg(ORG);
  for (const login of people) github.addUser(login, { orgs: { [ORG]: "active" } });
  github.addTeam(ORG, TEAM);
  github.addTeam(ORG, "platform-leads");
  github.addRepo(REPO, { defaultBranch: "main", private: true });
  github.putFile(REPO, "policies/platform.yml", POLICY);
  return { globex, acme: github.install(ORG) };
}
