import type { DriftMode } from "./policy-drift-schema.js";
import { checkFile, type CheckedFile } from "./policy-file.js";
import { MAX_EXPANDED_VALUES, type ValueBudget } from "./policy-yaml.js";
import { mergePolicies } from "./policy-merge.js";

/** People named in a policy: logins and team slugs. */
export interface Principals {
  users: string[];
  teams: string[];
  /**
   * Lower-case login → the numeric id of the GitHub account the policy pins
   * that login to (`{ login: alice, id: 1234 }` in `users`): whoever holds
   * the login must be that account. Absent when nothing is pinned.
   */
  ids?: Readonly<Record<string, number>>;
  /**
   * Team slug → the numeric id of the team the policy pins that slug to
   * (`{ slug: platform-leads, id: 4217 }` in `teams`): the team holding the
   * slug must be that team. Absent when no team is pinned.
   */
  teamIds?: Readonly<Record<string, number>>;
}

/** A team's policy, durations in milliseconds. */
export interface TeamPolicy {
  team: string;
  /** The file that defines the team, and the line of its key there. */
  file: string;
  line?: number;
  description?: string;
  maxDurationMs: number;
  defaultDurationMs?: number;
  /** Absent: any active member of the organisation may request. */
  requesters?: Principals;
  approvers: Principals;
  approvals: number;
  /** Each counted approval from a different approver group: each team in approvers.teams, and the users listed by name together. */
  distinctTeams: boolean;
  selfApproval: boolean;
  /** The whole Ticket must match `pattern` (anchors implied; see `checkTicket`). */
  ticket?: { required: boolean; pattern?: string };
  /** A request not approved within this time ends as timed out. */
  pendingTimeoutMs?: number;
  /** After this long without enough approvals, these people and teams are mentioned, once. */
  escalation?: { afterMs: number; notify: Principals };
  /** A label whose addition by an eligible approver is an approval. */
  approvalLabel?: string;
  /** Emergency self-grant without approval, reviewed after the fact (see break-glass.ts). */
  breakGlass?: BreakGlassPolicy;
  /** Who may stay a member permanently. Absent: the members found when the policy first loads (the recorded baseline). */
  standing?: Principals;
}

/** Who may break the glass, for how long, who hears of it, and by when an approver must review it. */
export interface BreakGlassPolicy {
  requesters: Principals;
  maxDurationMs: number;
  notify: Principals;
  reviewWithinMs: number;
}

export type EmailMasking = "partial" | "full" | "hash";

/** Organisation-wide settings from the one file that sets them; a field left out falls back to the operator's configuration. */
export interface Settings {
  file: string;
  requestLabel?: string;
  masking: { emails?: EmailMasking; patterns: string[] };
  /** Absent: report. */
  drift?: DriftMode;
  /** Under `revert`, child teams nested under a managed team are detached too. */
  revertChildTeams?: boolean;
}

export interface Policies {
  /** The commit of the default branch whose policies these are, recorded in each decision. */
  ref: string;
  teams: Map<string, TeamPolicy>;
  /** Absent when no policy file sets `settings`. */
  settings?: Settings;
}

export interface PolicyProblem {
  file: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

/**
 * What loading policies can come to. The four failures stay distinct
 * because each needs a different fix: add the folder, make the file
 * readable, fix the YAML, or fix the policy.
 */
export type PolicyLoad =
  | { kind: "ok"; policies: Policies }
  /**
   * `pinMismatch`: JIT_ACCESS_REPOSITORIES pins the name to another repository (a fault of configuration or a squatter,
   * not an empty folder). `unlisted`: the repository is not one JIT_ACCESS_REPOSITORIES names.
   */
  | { kind: "missing"; message: string; pinMismatch?: true; unlisted?: true }
  | { kind: "unreadable"; problems: PolicyProblem[] }
  | { kind: "invalid-yaml"; problems: PolicyProblem[] }
  | { kind: "invalid"; problems: PolicyProblem[] };

/** A policy file's text, or why it could not be read. */
export type PolicySource = { path: string; text: string } | { path: string; unreadable: string };

/**
 * Parses, checks and merges policy files. Any problem in any file makes the
 * whole set fail, so a broken policy never grants anything; every problem
 * is reported at once. A team defined in two files, or settings set in two,
 * is an error naming both. `requestLabel` is the operator's request label
 * (JIT_ACCESS_REQUEST_LABEL), which no team's approval label may be unless
 * the policies set their own.
 *
 * @example
 * const load = parsePolicies([{ path: "policies/a.yml", text: "version: 1\nteams: {}" }], "3f2a…");
 * load.kind; // "ok"
 */
export function parsePolicies(sources: readonly PolicySource[], ref: string, requestLabel?: string): PolicyLoad {
  const tooMuch = oversized(sources);
  if (tooMuch) return { kind: "invalid", problems: [tooMuch] };
  // One bound on the values all the files stand for (aliases expanded), not one each: see MAX_EXPANDED_VALUES.
  const budget: ValueBudget = { left: MAX_EXPANDED_VALUES };
  const files: CheckedFile[] = sources.map((source) => checkFile(source, budget));
  const merged = mergePolicies(files, requestLabel);
  const problems = [...files.flatMap((f) => f.problems), ...merged.problems];
  if (files.some((f) => f.outcome === "unreadable")) return { kind: "unreadable", problems: sortProblems(problems) };
  if (files.some((f) => f.outcome === "invalid-yaml")) return { kind: "invalid-yaml", problems: sortProblems(problems) };
  if (problems.length > 0) return { kind: "invalid", problems: sortProblems(problems) };
  const policies: Policies = { ref, teams: merged.teams };
  if (merged.settings) policies.settings = merged.settings;
  return { kind: "ok", policies };
}

/** The most policy files, and bytes of them, one load reads: reading is not free, and a pull request's head is anyone's. */
export const MAX_POLICY_FILES = 200;
export const MAX_POLICY_BYTES = 256 * 1024;

/** A problem when the files are more, or larger together, than one load reads. */
function oversized(sources: readonly PolicySource[]): PolicyProblem | undefined {
  const file = sources[0]?.path ?? "policies";
  if (sources.length > MAX_POLICY_FILES) return { file, message: `there are ${sources.length} policy files, more than the ${MAX_POLICY_FILES} jit-access reads: merge them` };
  const bytes = sources.reduce((n, s) => n + ("text" in s ? s.text.length : 0), 0);
  if (bytes > MAX_POLICY_BYTES) return { file, message: `the policy files hold ${Math.ceil(bytes / 1024).toLocaleString("en")} KB together, more than the ${MAX_POLICY_BYTES / 1024} KB jit-access reads: share long approver lists as approver teams (\`approvers.teams\`)` };
  return undefined;
}

/**
 * Renders a problem as `file:line:column: path: message`.
 *
 * @example
 * formatProblem({ file: "policies/a.yml", line: 3, column: 5, path: "teams.x.approvals", message: "found 0; expected a whole number from 1 to 10" });
 * // "policies/a.yml:3:5: teams.x.approvals: found 0; expected a whole number from 1 to 10"
 */
export function formatProblem(problem: PolicyProblem): string {
  const where = [problem.file, problem.line, problem.column].filter((p) => p !== undefined).join(":");
  return `${where}: ${problem.path ? `${problem.path}: ` : ""}${problem.message}`;
}

/**
 * What a failed load means, in words: one headline per kind of failure,
 * then each problem as `file:line:column: path: message`. The request
 * comment, the check run and `jit-access validate` all say the same.
 *
 * @example
 * describeFailure({ kind: "invalid", problems: [problem] });
 * // ["The access policies are invalid, so nothing can be granted until they are fixed:", "policies/a.yml:3:5: …"]
 */
export function describeFailure(load: Exclude<PolicyLoad, { kind: "ok" }>): string[] {
  switch (load.kind) {
    case "missing":
      return [`No policy was found, so nothing can be granted: ${load.message}`];
    case "unreadable":
      return ["A policy file could not be read, so nothing can be granted until it can:", ...load.problems.map(formatProblem)];
    case "invalid-yaml":
      return ["A policy file is not valid YAML, so nothing can be granted until it is fixed:", ...load.problems.map(formatProblem)];
    case "invalid":
      return ["The access policies are invalid, so nothing can be granted until they are fixed:", ...load.problems.map(formatProblem)];
  }
}

function sortProblems(problems: PolicyProblem[]): PolicyProblem[] {
  const order = [...new Set(problems.map((p) => p.file))];
  return [...problems].sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
