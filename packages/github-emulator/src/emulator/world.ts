import { notFound } from "./http-error.js";
import { cachedFragment } from "./json-fragment.js";
import { nodeId } from "./time.js";
import type {
  CheckRunRecord,
  CommentRecord,
  InstallationRecord,
  IssueRecord,
  OrgRecord,
  RepoRecord,
  TeamRecord,
  TokenRecord,
  UserRecord,
} from "./model.js";

export interface AppIdentity {
  id: number;
  slug: string;
  name: string;
  /** The account that registered the app. */
  owner: string;
  webhookSecret: string;
  publicKey: string | undefined;
  createdAt: number;
}

/**
 * Receives every webhook the world wants sent; the payload already names its
 * installation. Values may be `JsonFragment`s (see `serialisePayload`).
 */
export type WebhookSink = (event: string, payload: Record<string, unknown>) => void;

const key = (login: string): string => login.toLowerCase();

/**
 * All of the emulated GitHub's state, with look-ups that fail the way GitHub
 * does (404). Logins, repository names and team slugs are matched
 * case-insensitively, as on GitHub.
 *
 * @example
 * const world = new World(Date.now, { id: 1, slug: "jit", name: "jit", owner: "acme", webhookSecret: "s", publicKey: undefined, createdAt: 0 });
 * world.addUser("alice", "User");
 * world.user("ALICE").login; // "alice"
 */
export class World {
  apiUrl = "http://127.0.0.1";
  /** Accounts by lower-case login; a renamed account moves to its new key. */
  readonly users = new Map<string, UserRecord>();
  readonly usersById = new Map<number, UserRecord>();
  readonly orgs = new Map<string, OrgRecord>();
  readonly teams = new Map<string, TeamRecord>();
  readonly repos = new Map<string, RepoRecord>();
  /** Old lower-case full names of renamed repositories -> the repository's id: GitHub redirects them until a repository takes the name. */
  readonly repoRedirects = new Map<string, number>();
  readonly comments = new Map<number, CommentRecord>();
  readonly checkRuns = new Map<number, CheckRunRecord>();
  readonly installations = new Map<number, InstallationRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  /** Personal access tokens of people (token -> login), for the few routes GitHub does not open to apps. */
  readonly userTokens = new Map<string, string>();
  /** Codes GitHub hands the browser after "Create GitHub App from manifest", each with its manifest; used once. */
  readonly manifestCodes = new Map<string, Record<string, unknown>>();
  /** Further public keys of the app (GitHub allows several): the key a manifest conversion generated. */
  readonly extraPublicKeys: string[] = [];
  /** The manifest the app was last registered from, as converted. */
  registeredManifest: Record<string, unknown> | undefined;
  readonly botLogin: string;
  sink: WebhookSink = () => undefined;
  /**
   * How long after its creation a new comment's REST `updated_at` reads,
   * though nobody edited it. github.com does this for some comments
   * (palantir/policy-bot#459); by default every other comment here gets a
   * second, so code that takes `updated_at` for an edit fails in tests.
   */
  updateLagMs: (comment: { id: number }) => number = (comment) => (comment.id % 2 === 0 ? 1000 : 0);
  private lastId = 1000;
  private lastSeq = 0;

  constructor(
    readonly clock: () => number,
    readonly app: AppIdentity,
  ) {
    this.botLogin = `${app.slug}[bot]`;
    this.addUser(this.botLogin, "Bot");
    this.addUser(app.owner, "Organization");
  }

  /** Where `html_url`s point: a path of this server that stands in for github.com. */
  get htmlUrl(): string {
    return `${this.apiUrl}/html`;
  }

  now(): number {
    return this.clock();
  }

  nextId(): number {
    return ++this.lastId;
  }

  /** A global order for timeline items, since several may share one clock millisecond. */
  nextSeq(): number {
    return ++this.lastSeq;
  }

  addUser(login: string, type: UserRecord["type"]): UserRecord {
    const existing = this.users.get(key(login));
    if (existing) return existing;
    const user: UserRecord = { id: this.nextId(), login, type, createdAt: this.now() };
    this.users.set(key(login), user);
    this.usersById.set(user.id, user);
    return user;
  }

  /**
   * Gives an account a new login. Its id stays, so everything it did shows
   * the new login; the old login is free for someone else to claim.
   */
  renameUser(from: string, to: string): UserRecord {
    const user = this.user(from);
    if (user.type !== "User") throw new Error(`renameUser: ${user.login} is a ${user.type}; only personal accounts are renamed here`);
    const taken = this.findUser(to);
    if (taken && taken !== user) throw new Error(`renameUser: the login ${to} is taken`);
    const owned = [...this.repos.values()].find((repo) => key(repo.owner) === key(user.login));
    if (owned) throw new Error(`renameUser: ${user.login} owns ${owned.fullName}; renaming repository owners is not modelled`);
    this.users.delete(key(user.login));
    user.login = to;
    this.users.set(key(to), user);
    return user;
  }

  /** The account with this id; it exists for as long as anything refers to it. */
  userById(id: number): UserRecord {
    const user = this.usersById.get(id);
    if (!user) throw notFound(`user id ${id}`);
    return user;
  }

  /** Whether the account is the app's own bot (the identity installation tokens act as). */
  isBot(user: UserRecord): boolean {
    return key(user.login) === key(this.botLogin);
  }

  findUser(login: string): UserRecord | undefined {
    return this.users.get(key(login));
  }

  user(login: string): UserRecord {
    const user = this.findUser(login);
    if (!user) throw notFound(`user ${login} (add it with addUser first)`);
    return user;
  }

  org(login: string): OrgRecord {
    const org = this.orgs.get(key(login));
    if (!org) throw notFound(`organization ${login}`);
    return org;
  }

  team(org: string, slug: string): TeamRecord {
    const team = this.teams.get(key(`${org}/${slug}`));
    if (!team) throw notFound(`team ${org}/${slug}`);
    return team;
  }

  teamsOf(org: string): TeamRecord[] {
    return [...this.teams.values()].filter((team) => key(team.org) === key(org));
  }

  /** The repository with this id, under whatever name it has now. */
  repoById(id: number): RepoRecord | undefined {
    for (const repo of this.repos.values()) if (repo.id === id) return repo;
    return undefined;
  }

  repo(fullName: string): RepoRecord {
    const repo = this.repos.get(key(fullName));
    if (!repo) throw notFound(`repository ${fullName}`);
    return repo;
  }

  issue(fullName: string, n: number): IssueRecord {
    const issue = this.repo(fullName).issues.get(n);
    if (!issue) throw notFound(`issue ${fullName}#${n}`);
    return issue;
  }

  pull(fullName: string, n: number): IssueRecord & { pull: NonNullable<IssueRecord["pull"]> } {
    const issue = this.issue(fullName, n);
    if (!issue.pull) throw notFound(`pull request ${fullName}#${n}`);
    return issue as IssueRecord & { pull: NonNullable<IssueRecord["pull"]> };
  }

  comment(fullName: string, id: number): CommentRecord {
    const comment = this.comments.get(id);
    if (!comment || key(comment.repo) !== key(fullName)) throw notFound(`comment ${id} in ${fullName}`);
    return comment;
  }

  isOrgMember(org: string, login: string): boolean {
    const user = this.findUser(login);
    return user !== undefined && this.orgs.get(key(org))?.members.get(user.id) === "active";
  }

  installationForOrg(org: string): InstallationRecord | undefined {
    return [...this.installations.values()].find((installation) => key(installation.org) === key(org));
  }

  /**
   * Hands a webhook to the sink, as GitHub does only for organizations where
   * the app is installed.
   */
  emit(org: string, event: string, payload: Record<string, unknown>): void {
    const installation = this.installationForOrg(org);
    if (!installation) return;
    const shape = () => ({ id: installation.id, node_id: nodeId("IntegrationInstallation", installation.id) });
    this.sink(event, { ...payload, installation: cachedFragment(installation, String(installation.id), shape) });
  }
}

