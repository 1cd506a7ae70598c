import type { Logger } from "pino";
import type { AuditSink } from "../audit/file-sink.js";
import { verifyChain } from "../audit/verify-chain.js";
import { decide, planLookups, type Decision } from "../core/decide.js";
import { foldHistory } from "../core/history.js";
import type { DecisionInput, Directory } from "../core/input.js";
import { parseRequestBody } from "../core/request-form.js";
import type { GitHubClient, IssueRef } from "../github/client.js";
import { MembershipRefusedError } from "../github/errors.js";
import type { PolicyLoader } from "../github/load-policies.js";
import type { Masker } from "../masking/index.js";
import { applyEffects } from "./apply-effects.js";
import { person, readTimeline, type AppIdentity } from "./read-timeline.js";

export interface ReconcileDeps {
  github(installationId: number): Promise<GitHubClient>;
  identity(): Promise<AppIdentity>;
  policies: PolicyLoader;
  masker: Masker;
  signingKey: string;
  requestLabel: string;
  now(): number;
  log: Logger;
  /** The write-once copy of every record (AUDIT_LOG_FILE), when configured. */
  auditSink?: AuditSink | undefined;
}

/**
 * Brings one request to the state its history calls for: reads the issue,
 * its timeline and the policies, asks the core what should be true, and
 * applies the difference. Safe to run any number of times, in any order.
 * Returns undefined when the issue is not an access request.
 *
 * @example
 * const decision = await reconcile({ installationId, owner: "acme", repo: "access", number: 7 }, deps);
 * decision?.wakeAt; // when to look again
 */
export async function reconcile(ref: IssueRef, deps: ReconcileDeps, grantRefused?: string): Promise<Decision | undefined> {
  const key = `${ref.owner}/${ref.repo}#${ref.number}`;
  const log = deps.log.child({ request: key });
  const github = await deps.github(ref.installationId);
  const [issue, entries, identity] = await Promise.all([github.getIssue(ref), github.listTimeline(ref), deps.identity()]);
  const { timeline, comments } = readTimeline(entries, identity);
  const chain = verifyChain(comments, key, deps.signingKey);
  const isRequest = issue.labels.includes(deps.requestLabel);
  if (!isRequest && chain.records.length === 0 && chain.findings.length === 0) return undefined;

  const policy = await deps.policies.load(github, ref.installationId, ref.owner, ref.repo);
  const history = foldHistory(chain.records);
  const request = { ref: key, author: person(issue.author), body: issue.body, state: issue.state, labels: issue.labels };
  const parsed = parseRequestBody(issue.body);
  const team = history.approved?.data.team ?? (parsed.ok ? parsed.fields.team : undefined);
  const teamPolicy = policy.kind === "ok" && team !== undefined ? policy.policies.teams.get(team) : undefined;

  const lookups = planLookups({ request, timeline }, teamPolicy);
  const directory: Directory = { org: {}, teams: {} };
  await Promise.all([
    ...lookups.org.map(async (login) => {
      directory.org[login] = await github.isOrgMember(ref.owner, login);
    }),
    ...lookups.teams.map(async ({ team: slug, login }) => {
      const state = await github.teamMembership(ref.owner, slug, login);
      (directory.teams[slug] ??= {})[login] = state === "active";
    }),
  ]);
  const needsMembership = !history.approved && teamPolicy !== undefined && !history.terminal;
  const membership = needsMembership && team !== undefined ? await github.teamMembership(ref.owner, team, issue.author.login) : "none";

  const input: DecisionInput = {
    now: deps.now(),
    request,
    timeline,
    records: chain.records,
    findings: chain.findings,
    policy,
    directory,
    membership,
    appLogin: `${identity.slug}[bot]`,
  };
  if (grantRefused !== undefined) input.grantRefused = grantRefused;
  const decision = decide(input);
  log.info({ state: decision.state, effects: decision.effects.map((e) => e.kind) }, "reconciled");
  try {
    await applyEffects(decision.effects, { github, ref, masker: deps.masker, signingKey: deps.signingKey, now: deps.now, lastHash: chain.lastHash, trail: chain.records, auditSink: deps.auditSink, log });
  } catch (error) {
    if (error instanceof MembershipRefusedError && grantRefused === undefined) {
      log.warn({ reason: error.reason }, "GitHub refused the membership");
      return reconcile(ref, deps, error.reason);
    }
    throw error;
  }
  return decision;
}
