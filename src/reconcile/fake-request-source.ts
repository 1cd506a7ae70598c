import type { Account, IssueFacts, IssueRef, ListedIssue, TimelineEntry } from "../github/client.js";
import { GitHubError } from "../github/errors.js";
import type { RequestSource, TeamMembershipState } from "./request-source.js";

/** One issue as the fake holds it: the facts a read returns, its timeline, and when it was last touched. */
export interface FakeIssue {
  issue: IssueFacts;
  entries: TimelineEntry[];
}

/**
 * The request source as plain data, like policy-bot's `pulltest.Context`:
 * issues with their timelines, memberships, organisation members and
 * account dates, held in maps a test fills and changes between reads. Every
 * question asked is noted in `asked`, so a test can say which look-ups a
 * reconcile made. A missing issue answers 404, as GitHub does.
 *
 * @example
 * const source = new FakeRequestSource();
 * source.issues.set("acme/access#7", { issue, entries: [] });
 * source.teams.set("acme/ops/jane", "active");
 * await source.teamMembership("acme", "ops", "jane"); // "active"
 */
export class FakeRequestSource implements RequestSource {
  /** "owner/repo#number" → the issue. */
  readonly issues = new Map<string, FakeIssue>();
  /** "org/team/login" (lower case) → membership; absent: none. */
  readonly teams = new Map<string, TeamMembershipState>();
  /** "org/login" (lower case) of active organisation members. */
  readonly orgMembers = new Set<string>();
  /** login (lower case) → the account's numeric id, for look-ups by id. */
  readonly ids = new Map<string, number>();
  /** login (lower case) → when the account was created. */
  readonly accounts = new Map<string, number>();
  /** "org/team" (lower case) → the team under that slug now, its id and creation; absent: team 1, made long before any policy. */
  readonly teamsNow = new Map<string, { id: number; createdAt?: number }>();
  /** Every question, in order: "read acme/access#7", "team acme/ops/jane", … */
  readonly asked: string[] = [];

  async readRequest(ref: IssueRef): Promise<{ issue: IssueFacts; entries: TimelineEntry[] }> {
    const name = issueName(ref);
    this.asked.push(`read ${name}`);
    const found = this.issues.get(name);
    if (!found) throw new GitHubError(`GitHub has no issue ${name}`, 404, "POST /graphql");
    return structuredClone(found);
  }

  async isOrgMember(org: string, login: string): Promise<boolean> {
    this.asked.push(`org ${org}/${login}`);
    return this.orgMembers.has(`${org}/${login}`.toLowerCase());
  }

  /** The account of a login in {@link ids}, with its creation time when {@link accounts} holds one. */
  async account(login: string): Promise<Account | undefined> {
    this.asked.push(`account ${login}`);
    const id = this.ids.get(login.toLowerCase());
    const createdAt = this.accounts.get(login.toLowerCase());
    if (id === undefined) return undefined;
    return createdAt === undefined ? { id } : { id, createdAt };
  }

  async teamNow(org: string, team: string): Promise<{ id: number; createdAt?: number } | undefined> {
    this.asked.push(`team-now ${org}/${team}`);
    return this.teamsNow.get(`${org}/${team}`.toLowerCase()) ?? { id: 1, createdAt: 0 };
  }

  async teamMembership(org: string, team: string, login: string): Promise<TeamMembershipState> {
    this.asked.push(`team ${org}/${team}/${login}`);
    return this.teams.get(`${org}/${team}/${login}`.toLowerCase()) ?? "none";
  }

  async teamMemberLogin(org: string, team: string, id: number): Promise<string | undefined> {
    this.asked.push(`member ${org}/${team}#${id}`);
    const prefix = `${org}/${team}/`.toLowerCase();
    for (const [key, state] of this.teams) {
      const login = key.slice(prefix.length);
      if (key.startsWith(prefix) && state === "active" && this.ids.get(login) === id) return login;
    }
    return undefined;
  }

  async listRepositories(): Promise<{ owner: string; repo: string }[]> {
    this.asked.push("repositories");
    const names = new Set([...this.issues.keys()].map((name) => name.slice(0, name.indexOf("#"))));
    return [...names].map((name) => {
      const [owner, repo] = name.split("/") as [string, string];
      return { owner, repo };
    });
  }

  async listAllIssues(owner: string, repo: string, query: { state: "open" | "closed" | "all"; since?: string; creator?: string }): Promise<ListedIssue[]> {
    this.asked.push(`issues ${owner}/${repo}`);
    const listed: ListedIssue[] = [];
    for (const [name, { issue }] of this.issues) {
      const [where, number] = name.split("#") as [string, string];
      if (where !== `${owner}/${repo}`) continue;
      if (query.state !== "all" && issue.state !== query.state) continue;
      if (query.creator !== undefined && issue.author.login.toLowerCase() !== query.creator.toLowerCase()) continue;
      if (query.since !== undefined && issue.updatedAt < query.since) continue;
      listed.push({ number: Number(number), updated_at: issue.updatedAt, state: issue.state, user: { login: issue.author.login, ...(issue.author.id === undefined ? {} : { id: issue.author.id }) } });
    }
    return listed;
  }

  async listTimeline(ref: IssueRef): Promise<TimelineEntry[]> {
    const name = issueName(ref);
    this.asked.push(`timeline ${name}`);
    const found = this.issues.get(name);
    if (!found) throw new GitHubError(`GitHub has no issue ${name}`, 404, `GET /repos/${ref.owner}/${ref.repo}/issues/${ref.number}/timeline`);
    return structuredClone(found.entries);
  }
}

function issueName(ref: IssueRef): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`;
}
