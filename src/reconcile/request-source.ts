import type { TeamIds } from "../core/team-ids.js";
import type { Account, IssueFacts, IssueRef, ListedIssue, TimelineEntry } from "../github/client.js";

/** A person's membership of a team as GitHub reports it (child teams' members included). */
export type TeamMembershipState = "active" | "pending" | "none";

/**
 * Everything a reconcile reads, and nothing it writes: the request with its
 * edit history and trail, memberships, accounts, and the person's other
 * requests (where other grants of the same team are recorded). One narrow
 * port, like policy-bot's `pull.Context`: the REST implementation
 * (src/github/rest-request-source.ts) and an in-memory fake
 * (fake-request-source.ts) stand behind it, and a GraphQL reader would be
 * one more. A missing issue is an error whose `status` is 404 or 410.
 *
 * Policies are not read here: PolicyLoader keeps its own conditional cache
 * across reconciles.
 */
export interface RequestSource {
  /** The issue (or pull request) and its whole timeline: comments, label events, reviews, closes. */
  readRequest(ref: IssueRef): Promise<{ issue: IssueFacts; entries: TimelineEntry[] }>;
  /** Whether a person is an active member of the organisation. */
  isOrgMember(org: string, login: string): Promise<boolean>;
  /** The account that holds a login now (its id, and when it was created); undefined when no account holds it. */
  account(login: string): Promise<Account | undefined>;
  /** The team the slug names now, its id and creation; undefined when it names none (TeamReads.teamNow). */
  teamNow(org: string, team: string): Promise<{ id: number; createdAt?: number } | undefined>;
  /** A person's membership of a team; with a grant's team ids, of the team with those ids whatever its slug now (TeamReads.teamMembership). */
  teamMembership(org: string, team: string, login: string, ids?: TeamIds): Promise<TeamMembershipState>;
  /**
   * The login the team's member with this numeric user id goes by now (child
   * teams' members included); undefined when no member has that id. A renamed
   * account is the same id under a new login, and a freed login may be held
   * by someone else. With a grant's team ids, the team with those ids,
   * whatever its slug now; undefined when no team has them (deleted).
   */
  teamMemberLogin(org: string, team: string, id: number, ids?: TeamIds): Promise<string | undefined>;
  /** The installation's repositories: where a person's other requests can be. */
  listRepositories(): Promise<{ owner: string; repo: string }[]>;
  /** Issues of a repository, every page, as a listing shows them. */
  listAllIssues(owner: string, repo: string, query: { state: "open" | "closed" | "all"; since?: string; creator?: string; label?: string }): Promise<ListedIssue[]>;
  /** One issue's timeline only (another request's trail). */
  listTimeline(ref: IssueRef): Promise<TimelineEntry[]>;
}

/** A source whose answers last for one reconcile; `refresh` forgets what the app's own writes can change. */
export interface CachedRequestSource extends RequestSource {
  /**
   * Forgets the request and trail reads (the app just wrote, or another run
   * did): the next read asks again. Membership answers are kept.
   */
  refresh(): void;
}

/**
 * Wraps a source so that each question is asked once for the life of one
 * reconcile: the passes of a reconcile (decide, look up, decide again) and
 * its search for other grants read each thing once. A failed answer is not
 * kept.
 *
 * @example
 * const source = cachedSource(new RestRequestSource(github));
 * await source.teamMembership("acme", "ops", "jane"); // asks GitHub
 * await source.teamMembership("acme", "ops", "jane"); // answered from the cache
 */
export function cachedSource(source: RequestSource): CachedRequestSource {
  const answers = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, ask: () => Promise<T>): Promise<T> => {
    const known = answers.get(key);
    if (known) return known as Promise<T>;
    const asked = ask();
    answers.set(key, asked);
    asked.catch(() => answers.delete(key));
    return asked;
  };
  const issue = (ref: IssueRef) => `${ref.owner}/${ref.repo}#${ref.number}`.toLowerCase();
  return {
    readRequest: (ref) => once(`request:${issue(ref)}`, () => source.readRequest(ref)),
    isOrgMember: (org, login) => once(`org:${org}/${login}`.toLowerCase(), () => source.isOrgMember(org, login)),
    account: (login) => once(`account:${login}`.toLowerCase(), () => source.account(login)),
    teamNow: (org, team) => once(`team-now:${org}/${team}`.toLowerCase(), () => source.teamNow(org, team)),
    teamMembership: (org, team, login, ids) => once(`team:${org}/${team}/${login}/${ids?.org ?? ""}/${ids?.team ?? ""}`.toLowerCase(), () => source.teamMembership(org, team, login, ids)),
    teamMemberLogin: (org, team, id, ids) => once(`member:${org}/${team}/${ids?.org ?? ""}/${ids?.team ?? ""}#${id}`.toLowerCase(), () => source.teamMemberLogin(org, team, id, ids)),
    listRepositories: () => once("repositories", () => source.listRepositories()),
    listAllIssues: (owner, repo, query) => once(`issues:${owner}/${repo}:${JSON.stringify(query)}`.toLowerCase(), () => source.listAllIssues(owner, repo, query)),
    listTimeline: (ref) => once(`timeline:${issue(ref)}`, () => source.listTimeline(ref)),
    refresh() {
      for (const key of [...answers.keys()]) if (key.startsWith("request:") || key.startsWith("timeline:") || key.startsWith("issues:")) answers.delete(key);
    },
  };
}
