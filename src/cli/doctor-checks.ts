import type { Probot } from "probot";
import { isListed, type Config } from "../config.js";
import { grantOverlaps } from "../core/policy-overlap.js";
import { describeFailure, type TeamPolicy } from "../core/policy.js";
import { statusLabel, type RequestState } from "../core/records.js";
import { repoInstallation } from "../github/app-client.js";
import { GitHubClient, type Octokit } from "../github/client.js";
import { labelNames, repoNow, teamExists, teamParent } from "../github/doctor-reads.js";
import { PolicyLoader } from "../github/load-policies.js";
import type { Masker } from "../masking/index.js";
import { authenticateApp } from "./connect.js";
import { protectionFindings } from "./doctor-protection.js";
import { reclaimedLoginFindings, takenTeamFindings } from "./doctor-reclaimed.js";
import { teamSyncFindings, type NamedTeam } from "./doctor-team-sync.js";

/** One thing the doctor found: blocking ones stop the app from working or leave access unguarded, and exit 1; others are advice. */
export interface Finding {
  ok: boolean;
  blocking: boolean;
  message: string;
}

export interface DoctorOptions {
  /** An organisation owner's token (JIT_ACCESS_DOCTOR_TOKEN), for what GitHub does not let the app read: team sync, branch protection's rules. */
  ownerToken?: Octokit;
}

/** What the app needs of each installation, from app.yml; the order of levels is none < read < write. */
export const REQUIRED_PERMISSIONS: Record<string, "read" | "write"> = {
  members: "write",
  issues: "write",
  checks: "write",
  contents: "read",
  pull_requests: "write",
  metadata: "read",
};
const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

const ok = (message: string): Finding => ({ ok: true, blocking: false, message });
const blocking = (message: string): Finding => ({ ok: false, blocking: true, message });

/**
 * Checks, against GitHub, what an operator gets wrong most: the key, the
 * installation and its permissions, the request label, the policies, the
 * approvers they list by login (renamed and claimed by someone else), the
 * teams they name (and whether an identity provider syncs them), and the
 * protection of the policy folder. Stops at the first finding that makes the
 * rest unknowable.
 *
 * @example
 * const findings = await checkInstallation(probot, config, masker, { owner: "acme", repo: "access" });
 */
export async function checkInstallation(probot: Probot, config: Config, masker: Masker, target: { owner: string; repo: string }, options: DoctorOptions = {}): Promise<Finding[]> {
  const where = `${target.owner}/${target.repo}`;
  const app = await authenticateApp(await probot.auth());
  const findings = [ok(`the private key authenticates as the app "${app.slug}" (id ${app.id})`)];
  const installation = await repoInstallation(await probot.auth(), target.owner, target.repo);
  if (!installation) {
    return [...findings, blocking(`not installed on ${where} (or no such repository): install the app on the organisation and give it access to ${where}, where requests are opened`)];
  }
  findings.push(ok(`installed on ${where} (installation ${installation.id})`), ...(await repositoryListFindings(probot, config, target)), ...permissionFindings(installation.permissions));
  const octokit = await probot.auth(installation.id);
  findings.push(...(await labelFindings(octokit, target, config.requestLabel)));
  const github = new GitHubClient(octokit, masker);
  const loader = new PolicyLoader(config.policyPath, config.repositories, config.repositoryIds, config.requestLabel);
  const load = await loader.load(github, installation.id, target.owner, target.repo);
  if (load.kind !== "ok") return [...findings, blocking(`the policies in ${where}:${config.policyPath} do not load, so nothing can be granted: ${describeFailure(load).join("; ")}`)];
  findings.push(ok(`policies load: ${load.policies.teams.size} team(s)`));
  const committedAt = loader.committedAt(installation.id, target.owner, target.repo);
  findings.push(...(await reclaimedLoginFindings(github, load.policies, committedAt)), ...(await takenTeamFindings(github, target.owner, load.policies, committedAt)));
  const named = new Set<string>();
  for (const policy of load.policies.teams.values()) for (const team of [policy.team, ...policy.approvers.teams, ...(policy.requesters?.teams ?? [])]) named.add(team);
  const existing = new Set<string>();
  for (const team of [...named].sort()) {
    const finding = await teamFinding(octokit, target.owner, team);
    if (finding.ok) existing.add(team);
    findings.push(finding);
  }
  findings.push(...(await overlapFindings(octokit, target.owner, [...load.policies.teams.values()].map((p) => p.team).filter((t) => existing.has(t)), load.policies.teams.values())));
  // Requester teams only say who may ask; a synced one changes nothing the app does.
  const roles = new Map<string, NamedTeam["role"]>();
  for (const policy of load.policies.teams.values()) {
    for (const team of policy.approvers.teams) if (!roles.has(team)) roles.set(team, "approver");
    roles.set(policy.team, "managed");
  }
  const synced = [...roles].filter(([slug]) => existing.has(slug)).sort(([a], [b]) => a.localeCompare(b)).map(([slug, role]) => ({ slug, role }));
  const reader = options.ownerToken ?? octokit;
  findings.push(...(await teamSyncFindings(reader, target.owner, synced, options.ownerToken !== undefined)));
  findings.push(...(await protectionFindings(octokit, reader, target, config.policyPath, app.id)));
  return findings;
}

/**
 * JIT_ACCESS_REPOSITORIES as this run reads it: the repository checked is
 * among them, and each names a repository the app is installed on (a listed
 * name nobody holds is obeyed once someone creates it), held by the
 * repository its pin names. Unset, advice: `npm start` and the sweep refuse
 * to run without it; a name without a pin, advice with the pin.
 */
async function repositoryListFindings(probot: Probot, config: Pick<Config, "repositories" | "repositoryIds">, target: { owner: string; repo: string }): Promise<Finding[]> {
  const where = `${target.owner}/${target.repo}`;
  const listed = config.repositories;
  if (listed === undefined) {
    return [{ ok: false, blocking: false, message: `JIT_ACCESS_REPOSITORIES is not set here; \`npm start\` and \`jit-access sweep\` refuse to run without it: set it to the repositories whose policies count (such as ${where}), here and where the app runs` }];
  }
  const findings: Finding[] = [];
  if (!isListed(listed, target.owner, target.repo)) findings.push(blocking(`${where} is not in JIT_ACCESS_REPOSITORIES (${listed.join(", ")}), so the app obeys no policy in it: add it there, or check a listed repository`));
  const app = await probot.auth();
  for (const name of listed) {
    const [owner, repo] = name.split("/") as [string, string];
    const installation = await repoInstallation(app, owner, repo);
    const pin = config.repositoryIds?.get(name);
    if (installation === undefined) {
      const risk = pin === undefined ? "a listed name nobody holds would be obeyed once someone creates it" : "the app obeys no policy under it";
      findings.push(blocking(`JIT_ACCESS_REPOSITORIES names ${name}, which does not exist or the app is not installed on: ${risk}; fix the list or install the app there`));
      continue;
    }
    // GitHub redirects a renamed or transferred repository's old name, so the installation above may be the new one's.
    const now = await repoNow(await probot.auth(installation.id), { owner, repo });
    if (now.fullName.toLowerCase() !== name.toLowerCase()) {
      const instead = pin === undefined || pin === now.id ? `list ${now.fullName}@${now.id} instead` : `it is not the pinned repository either (id ${now.id}, pinned ${pin}): list the one meant by its name now`;
      findings.push(blocking(`JIT_ACCESS_REPOSITORIES names ${name}, which is now ${now.fullName} (renamed or transferred; GitHub redirects the old name): the app obeys no policy in ${now.fullName}${pin === undefined ? `, and a repository created as ${name} would be obeyed` : ""}; ${instead}`));
    } else if (pin !== undefined && pin !== now.id) {
      findings.push(blocking(`JIT_ACCESS_REPOSITORIES pins ${name} to the repository with id ${pin}, but the repository under that name has id ${now.id}, so the app obeys no policy in it: if it is the one meant, pin it as ${name}@${now.id}; if the pinned one was renamed or transferred, list it by its name now`));
    } else if (pin === undefined) {
      findings.push({ ok: false, blocking: false, message: `JIT_ACCESS_REPOSITORIES names ${name} without its id: pin it as ${name}@${now.id}, so that a repository someone creates under the name after a rename or transfer is not obeyed` });
    }
  }
  if (findings.length === 0) findings.push(ok(`JIT_ACCESS_REPOSITORIES names ${listed.join(", ")}, each a repository the app is installed on, pinned to its id`));
  return findings;
}

function permissionFindings(granted: Record<string, string | undefined>): Finding[] {
  const short = Object.entries(REQUIRED_PERMISSIONS).filter(([name, level]) => (LEVEL[granted[name] ?? "none"] ?? 0) < (LEVEL[level] ?? 0));
  if (short.length === 0) return [ok(`the installation holds every permission it needs (${Object.entries(REQUIRED_PERMISSIONS).map(([n, l]) => `${n}: ${l}`).join(", ")})`)];
  return short.map(([name, level]) =>
    blocking(`the installation lacks ${name}: ${level} (has ${granted[name] ?? "none"}): an organisation owner accepts the app's requested permissions under Settings → GitHub Apps → the app → Configure (or update the app's permissions from app.yml)`),
  );
}

// The status labels DESIGN names; the app creates each the first time it sets it.
const STATUS_LABELS = (["pending", "granted", "expired", "revoked", "denied", "timed-out", "withdrawn", "tampered"] as const satisfies readonly RequestState[]).map(statusLabel);

async function labelFindings(octokit: Octokit, target: { owner: string; repo: string }, label: string): Promise<Finding[]> {
  const has = new Set((await labelNames(octokit, target)).map((name) => name.toLowerCase()));
  const missing = STATUS_LABELS.filter((name) => !has.has(name));
  const status = ok(missing.length === 0 ? `the status labels exist (${STATUS_LABELS.join(", ")})` : `${STATUS_LABELS.length - missing.length} of ${STATUS_LABELS.length} status labels exist; the app creates ${missing.join(", ")} the first time it sets each (create them beforehand only to choose their colours)`);
  if (has.has(label.toLowerCase())) return [ok(`the request label "${label}" exists`), status];
  return [blocking(`the request label "${label}" does not exist in ${target.owner}/${target.repo}, so the issue form cannot apply it: gh label create ${label} --repo ${target.owner}/${target.repo}`), status];
}

async function teamFinding(octokit: Octokit, org: string, team: string): Promise<Finding> {
  if (await teamExists(octokit, org, team)) return ok(`team ${org}/${team} exists`);
  return blocking(`team ${org}/${team}, named in the policies, does not exist (or the app cannot see it): create it or fix the slug in the policy`);
}

/** Advice where a grant confers approval or more (see grantOverlaps), with the teams each granted team is nested under read from GitHub. */
async function overlapFindings(octokit: Octokit, org: string, granted: string[], policies: Iterable<TeamPolicy>): Promise<Finding[]> {
  const ancestors = new Map<string, string[]>();
  for (const team of granted) {
    const chain: string[] = [];
    for (let parent = await teamParent(octokit, org, team); parent !== undefined && !chain.includes(parent) && chain.length < 10; parent = await teamParent(octokit, org, parent)) chain.push(parent);
    ancestors.set(team, chain);
  }
  return grantOverlaps(policies, (slug) => ancestors.get(slug) ?? []).map((message) => ({ ok: false, blocking: false, message }));
}
