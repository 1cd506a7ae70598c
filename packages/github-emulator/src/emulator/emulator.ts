import { randomBytes } from "node:crypto";
import type { Actor } from "./actor.js";
import { actorFor } from "./actor.js";
import type { FaultMatch, FaultReply } from "./fault-rules.js";
import { commitChange } from "./git-store.js";
import { ensureLabel, updateLabel } from "./issue-actions.js";
import type { BranchProtectionRecord, MembershipState } from "./model.js";
import type { RecordedRequest } from "./rest-server.js";
import { RestServer } from "./rest-server.js";
import type { SecondaryLimitOptions } from "./secondary-limits.js";
import { GITHUB_SECONDARY_LIMITS, SecondaryLimits } from "./secondary-limits.js";
import { graphqlRoutes, routes } from "./routes/index.js";
import type { CheckRunView, CommentView, IssueView } from "./views.js";
import { checkRunView, commentView, issueView } from "./views.js";
import type { Delivery } from "./webhook-queue.js";
import { WebhookQueue } from "./webhook-queue.js";
import { World } from "./world.js";

export interface EmulatorOptions {
  /** Epoch ms; default Date.now. Every timestamp GitHub would report comes from it. */
  clock?: () => number;
  app: {
    id: number;
    slug: string;
    name?: string;
    webhookSecret: string;
    /** PEM; when set, app JWTs must be RS256-signed by the matching private key. */
    publicKey?: string;
    /** The account that registered the app; default "github-emulator". */
    owner?: string;
  };
  /** Where webhooks are POSTed; may be set later with setWebhookUrl. */
  webhookUrl?: string;
  /** GitHub's secondary rate limits from the start (default off: tests that count exactly); see limitSecondary. */
  secondaryLimits?: boolean | Partial<SecondaryLimitOptions>;
}

/** How long settle() waits for quiet before it believes the app is done. */
const SETTLE_QUIET_MS = 5;
/** More webhooks than this in one settle() means the app and the emulator feed each other. */
const SETTLE_MAX_DELIVERIES = 1000;

/**
 * An in-memory GitHub on 127.0.0.1: a REST server the app reaches with
 * Octokit (`baseUrl: emulator.url`) and a sender of signed webhooks, including
 * those caused by the app's own writes.
 *
 * @example
 * const gh = await GitHubEmulator.start({ app: { id: 1, slug: "jit-access", webhookSecret: "s" } });
 * gh.addOrg("acme");
 * gh.addUser("alice", { orgs: { acme: "active" } });
 * gh.addRepo("acme/access");
 * gh.install("acme");
 * gh.setWebhookUrl("http://127.0.0.1:3000/api/github/webhooks");
 * gh.as("alice").openIssue("acme/access", { title: "Access", body: "…", labels: ["access-request"] });
 * await gh.settle();
 * await gh.stop();
 */
export class GitHubEmulator {
  private constructor(
    private readonly world: World,
    private readonly server: RestServer,
    private readonly queue: WebhookQueue,
  ) {}

  static async start(options: EmulatorOptions): Promise<GitHubEmulator> {
    const clock = options.clock ?? Date.now;
    const { app } = options;
    const world = new World(clock, {
      id: app.id,
      slug: app.slug,
      name: app.name ?? app.slug,
      owner: app.owner ?? "github-emulator",
      webhookSecret: app.webhookSecret,
      publicKey: app.publicKey,
      createdAt: clock(),
    });
    const queue = new WebhookQueue({ secret: app.webhookSecret, clock, appId: app.id });
    world.sink = (event, payload) => void queue.enqueue(event, payload);
    // REST routes (each checked against GitHub's OpenAPI description) and the GraphQL endpoint.
    const server = new RestServer(world, [...routes, ...graphqlRoutes]);
    world.apiUrl = await server.listen();
    if (options.webhookUrl !== undefined) queue.setUrl(options.webhookUrl);
    const emulator = new GitHubEmulator(world, server, queue);
    if (options.secondaryLimits) emulator.limitSecondary(options.secondaryLimits === true ? {} : options.secondaryLimits);
    return emulator;
  }

  /** The REST base URL, for Octokit's `baseUrl`. */
  get url(): string {
    return this.world.apiUrl;
  }

  /**
   * What GitHub does when someone submits an app manifest in the browser: it
   * remembers the manifest and returns the one-time code the browser is
   * redirected with (`…/probot/setup?code=…`).
   */
  offerManifest(manifest: Record<string, unknown>): string {
    const code = randomBytes(10).toString("hex");
    this.world.manifestCodes.set(code, manifest);
    return code;
  }

  /** The manifest the app was last registered from through the conversion route. */
  get registeredManifest(): Record<string, unknown> | undefined {
    return this.world.registeredManifest;
  }

  setWebhookUrl(url: string): void {
    this.queue.setUrl(url);
  }

  /** Where webhooks are POSTed, once set. */
  get webhookUrl(): string | undefined {
    return this.queue.url;
  }

  async stop(): Promise<void> {
    this.queue.close();
    await this.server.close();
  }

  // --- world set-up: changes state without sending webhooks ---

  addOrg(login: string): void {
    if (this.world.orgs.has(login.toLowerCase())) return;
    const user = this.world.addUser(login, "Organization");
    this.world.orgs.set(login.toLowerCase(), { id: user.id, login, createdAt: this.world.now(), members: new Map() });
  }

  /**
   * Adds an account (a login already in use names the existing one). After
   * renameUser freed a login, this creates a different account, with a new
   * id, that claims it.
   */
  addUser(login: string, opts: { type?: "User" | "Bot"; orgs?: Record<string, MembershipState> } = {}): void {
    const user = this.world.addUser(login, opts.type ?? "User");
    for (const [org, state] of Object.entries(opts.orgs ?? {})) this.world.org(org).members.set(user.id, state);
  }

  /**
   * Renames a personal account, as its owner can on GitHub. The account keeps
   * its id; everything it did and every membership it holds shows the new
   * login; the old login answers 404 until someone claims it.
   */
  renameUser(from: string, to: string): void {
    this.world.renameUser(from, to);
  }

  /** The account's numeric id, which survives renames. */
  userId(login: string): number {
    return this.world.user(login).id;
  }

  addTeam(org: string, slug: string, opts: { name?: string; parent?: string; idpSynced?: boolean } = {}): void {
    const owner = this.world.org(org);
    if (opts.parent !== undefined) this.world.team(owner.login, opts.parent);
    const now = this.world.now();
    this.world.teams.set(`${owner.login}/${slug}`.toLowerCase(), {
      id: this.world.nextId(),
      org: owner.login,
      slug,
      name: opts.name ?? slug,
      parent: opts.parent,
      idpSynced: opts.idpSynced ?? false,
      members: new Map(),
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Sets (or, with null, removes) a direct team membership; the user must exist. */
  setTeamMember(org: string, slug: string, login: string, state: MembershipState | null): void {
    const team = this.world.team(org, slug);
    const user = this.world.user(login);
    if (state === null) team.members.delete(user.id);
    else team.members.set(user.id, state);
  }

  /** Creates a repository with one commit (a README) on its default branch. */
  addRepo(fullName: string, opts: { defaultBranch?: string; private?: boolean } = {}): void {
    const [ownerName, name, ...rest] = fullName.split("/");
    if (!ownerName || !name || rest.length) throw new Error(`addRepo: "${fullName}" is not "owner/name"`);
    const owner = this.world.user(ownerName);
    const now = this.world.now();
    const repo = {
      id: this.world.nextId(),
      owner: owner.login,
      name,
      fullName: `${owner.login}/${name}`,
      private: opts.private ?? false,
      defaultBranch: opts.defaultBranch ?? "main",
      branches: new Map<string, string>(),
      commits: new Map(),
      labels: new Map(),
      issues: new Map(),
      movedIssues: new Map(),
      nextNumber: 1,
      createdAt: now,
      pushedAt: now,
    };
    this.world.repos.set(repo.fullName.toLowerCase(), repo);
    // A repository created under a renamed one's old name takes it over: GitHub stops redirecting it.
    this.world.repoRedirects.delete(repo.fullName.toLowerCase());
    commitChange(repo, repo.defaultBranch, { "README.md": `# ${name}\n` }, "Initial commit", now);
  }

  /** Adds a classic branch protection rule to a branch; by default it requires nothing but existing. */
  protectBranch(fullName: string, branch: string, rule: Partial<BranchProtectionRecord> = {}): void {
    const repo = this.world.repo(fullName);
    (repo.protectedBranches ??= new Map()).set(branch, { requiredReviews: undefined, codeOwnerReviews: false, enforceAdmins: false, requiredChecks: [], ...rule });
  }

  /** A personal access token of a person (as an organisation owner would make for `gh api`), for routes GitHub does not open to apps. */
  userToken(login: string): string {
    const user = this.world.user(login);
    const token = `ghp_${randomBytes(18).toString("hex")}`;
    this.world.userTokens.set(token, user.login);
    return token;
  }

  /** Adds a ruleset rule (GitHub's `repository-rule`, such as `{ type: "pull_request", parameters: {…} }`) that applies to a branch. */
  addBranchRule(fullName: string, branch: string, rule: Record<string, unknown>): void {
    const repo = this.world.repo(fullName);
    const rules = (repo.branchRules ??= new Map()).get(branch) ?? [];
    repo.branchRules.set(branch, [...rules, rule]);
  }

  /** Creates a repository label, as `gh label create` does. */
  addLabel(fullName: string, name: string): void {
    ensureLabel(this.world, this.world.repo(fullName), name);
  }

  /** Renames a repository label, as `gh label edit <name> --name <new>` does (anyone with write access may). */
  renameLabel(fullName: string, from: string, to: string): void {
    updateLabel(this.world, this.world.repo(fullName), from, { newName: to });
  }

  /** Commits a file to a branch (default: the default branch); returns the commit sha. */
  putFile(fullName: string, path: string, content: string, opts: { branch?: string } = {}): string {
    const repo = this.world.repo(fullName);
    return commitChange(repo, opts.branch ?? repo.defaultBranch, { [path]: content }, `Update ${path}`, this.world.now()).sha;
  }

  /** Commits a symbolic link to `target` (relative to the link's folder, as git stores it); returns the commit sha. */
  putSymlink(fullName: string, path: string, target: string, opts: { branch?: string } = {}): string {
    const repo = this.world.repo(fullName);
    return commitChange(repo, opts.branch ?? repo.defaultBranch, { [path]: { kind: "symlink", target } }, `Link ${path}`, this.world.now()).sha;
  }

  /** Commits a submodule of the repository at `url`, at commit `sha`; returns the commit sha. */
  putSubmodule(fullName: string, path: string, url: string, sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"): string {
    const repo = this.world.repo(fullName);
    return commitChange(repo, repo.defaultBranch, { [path]: { kind: "submodule", url, sha } }, `Add submodule ${path}`, this.world.now()).sha;
  }

  /** Deletes a file in a new commit; returns the commit sha. */
  deleteFile(fullName: string, path: string, opts: { branch?: string } = {}): string {
    const repo = this.world.repo(fullName);
    return commitChange(repo, opts.branch ?? repo.defaultBranch, { [path]: null }, `Delete ${path}`, this.world.now()).sha;
  }

  /**
   * What an installation grants from now on, as when an owner accepts an
   * app's new permissions or the app was installed before it asked for them;
   * tokens made before keep working with the new permissions, as GitHub
   * checks them at each call.
   */
  setPermissions(installationId: number, permissions: Record<string, string>): void {
    const record = this.world.installations.get(installationId);
    if (!record) throw new Error(`no installation ${installationId}`);
    record.permissions = { ...permissions };
  }

  /** Installs the app on an organization (all its repositories); returns the installation id. */
  install(org: string, opts: { permissions?: Record<string, string> } = {}): number {
    const owner = this.world.org(org);
    const existing = this.world.installationForOrg(owner.login);
    if (existing) return existing.id;
    const id = this.world.nextId();
    this.world.installations.set(id, { id, org: owner.login, createdAt: this.world.now(), ...(opts.permissions ? { permissions: opts.permissions } : {}) });
    return id;
  }

  /** Uninstalls the app (an owner's action): the installation is listed no more, and its tokens are refused. */
  uninstall(installationId: number): void {
    if (!this.world.installations.delete(installationId)) throw new Error(`no installation ${installationId}`);
  }

  // --- people acting ---

  /** The actions of an existing user; each queues the webhook(s) GitHub would send. */
  as(login: string): Actor {
    return actorFor(this.world, login);
  }

  // --- inspection ---

  issue(fullName: string, n: number): IssueView {
    return issueView(this.world, this.world.issue(fullName, n));
  }

  /**
   * How long after its creation each new comment's REST `updated_at` reads
   * (github.com sometimes a second later, though nobody edited it); by
   * default every other comment gets a second.
   */
  setUpdateLag(lagMs: (comment: { id: number }) => number): void {
    this.world.updateLagMs = lagMs;
  }

  comments(fullName: string, n: number): CommentView[] {
    return this.world
      .issue(fullName, n)
      .commentIds.flatMap((id) => {
        const comment = this.world.comments.get(id);
        return comment ? [commentView(this.world, comment)] : [];
      });
  }

  /** The repository's numeric id, which survives renames and transfers. */
  repoId(fullName: string): number {
    return this.world.repo(fullName).id;
  }

  /** The team's numeric id, which survives renames. */
  teamId(org: string, slug: string): number {
    return this.world.team(org, slug).id;
  }

  /**
   * The path of a team membership in GitHub's id form, which a grant's
   * removal uses: `/organizations/{org_id}/team/{team_id}/memberships/{login}`.
   */
  membershipPathById(org: string, slug: string, login: string): string {
    return `/organizations/${this.world.org(org).id}/team/${this.world.team(org, slug).id}/memberships/${login}`;
  }

  /** Direct members only (child teams' members are not listed). */
  teamMembers(org: string, slug: string): { login: string; state: MembershipState }[] {
    return [...this.world.team(org, slug).members].map(([id, state]) => ({ login: this.world.userById(id).login, state }));
  }

  checkRuns(fullName: string): CheckRunView[] {
    const repo = this.world.repo(fullName);
    return [...this.world.checkRuns.values()].filter((run) => run.repo === repo.fullName).map(checkRunView);
  }

  /** Every REST request, in order of completion. */
  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  /** Requests to routes the emulator does not serve (answered 404). */
  get unhandled(): RecordedRequest[] {
    return this.server.unhandled;
  }

  /** Every webhook, queued, sent or dropped, in order. */
  get deliveries(): Delivery[] {
    return this.queue.deliveries;
  }

  /**
   * Resolves once no webhook is queued or in flight, no REST request is
   * being served, and that stays so for a moment — so webhooks caused by the
   * app's writes during its handlers are delivered too. Webhooks held back
   * by pauseWebhooks() (or by a missing webhook URL) are not waited for.
   */
  async settle(): Promise<void> {
    const start = this.queue.deliveries.length;
    for (;;) {
      await this.queue.whenIdle();
      const mark = this.activity();
      await new Promise((resolve) => setTimeout(resolve, SETTLE_QUIET_MS));
      if (this.queue.isIdle() && !this.server.busy && this.activity() === mark) return;
      if (this.queue.deliveries.length - start > SETTLE_MAX_DELIVERIES) {
        throw new Error(`settle(): ${SETTLE_MAX_DELIVERIES} webhooks without the app going quiet; does it react to its own writes?`);
      }
    }
  }

  // --- webhook control ---

  pauseWebhooks(): void {
    this.queue.pause();
  }

  resumeWebhooks(): void {
    this.queue.resume();
  }

  /** The next n webhooks are recorded (with `dropped: true`) but never sent. */
  dropNextWebhooks(n: number): void {
    this.queue.dropNext(n);
  }

  /** Webhooks are sent again from now on, however many dropNextWebhooks() still had to drop. */
  stopDroppingWebhooks(): void {
    this.queue.stopDropping();
  }

  /** Reverses the order of the webhooks held by pauseWebhooks(). */
  reverseHeldWebhooks(): void {
    this.queue.reverse();
  }

  /** Sends an earlier webhook again (same delivery id). */
  redeliver(deliveryId: string): void {
    this.queue.redeliver(deliveryId);
  }

  // --- fault injection ---

  /**
   * Switches GitHub's secondary rate limits on (GitHub's published figures,
   * any of them overridden, on real time unless a clock is given), with
   * empty windows, or off with `false`. Off, every request is served, so
   * tests count calls exactly.
   */
  limitSecondary(options: Partial<SecondaryLimitOptions> | false): void {
    this.server.secondary = options === false ? undefined : new SecondaryLimits({ ...GITHUB_SECONDARY_LIMITS, clock: Date.now, ...options });
  }

  /**
   * The next matching request(s) (`times`, default 1) get this reply instead
   * of being served; `path` is tested against the URL path without query.
   */
  failNext(match: FaultMatch, reply: FaultReply): void {
    this.server.faults.add(match, reply);
  }

  /** Drops every failure set with {@link failNext} and not yet spent: an outage ends. */
  clearFaults(): void {
    this.server.faults.clear();
  }

  private activity(): number {
    return this.server.requests.length + this.queue.deliveries.length;
  }
}
