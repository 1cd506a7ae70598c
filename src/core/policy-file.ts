import type { core } from "zod";
import { allowedKeysAt } from "./policy-json-schema.js";
import { formatPath, unknownKey } from "./policy-messages.js";
import { loginOf, msOf, policyFileSchema, slugOf, type SettingsInput, type TeamEntry, type TeamPolicyInput, type UserEntry } from "./policy-schema.js";
import { readYaml, type Position, type ValueBudget } from "./policy-yaml.js";
import type { Principals, PolicyProblem, PolicySource, Settings, TeamPolicy } from "./policy.js";

/** One file, checked on its own; merging with the others comes after. */
export interface CheckedFile {
  path: string;
  outcome: "ok" | "unreadable" | "invalid-yaml" | "invalid";
  problems: PolicyProblem[];
  teams: TeamPolicy[];
  /** Every team slug the file defines, valid or not, so a team defined twice is found even while one definition is broken. */
  slugs: string[];
  /** Whether the file has a settings key, valid or not. */
  hasSettings: boolean;
  settings?: Settings;
  /** Where a path of this file is, for problems found when merging. */
  locate(path: readonly PropertyKey[], at?: "key" | "value"): Position;
}

/**
 * Reads one policy file: its YAML, then the schema, then the conversion to
 * the policy the core uses (durations in milliseconds, lists never absent).
 *
 * @example
 * checkFile({ path: "policies/a.yml", text: "version: 1\nteams: {}\n" }).outcome; // "ok"
 */
export function checkFile(source: PolicySource, budget?: ValueBudget): CheckedFile {
  const nowhere = () => ({});
  const failed = (outcome: CheckedFile["outcome"], problem: Omit<PolicyProblem, "file">): CheckedFile => ({
    path: source.path,
    outcome,
    problems: [{ file: source.path, ...problem }],
    teams: [],
    slugs: [],
    hasSettings: false,
    locate: nowhere,
  });
  if ("unreadable" in source) return failed("unreadable", { message: `cannot be read: ${source.unreadable}` });
  if (source.text.trim() === "") return failed("invalid", { line: 1, column: 1, message: "the file is empty; start it with version: 1, then teams, settings or both" });
  const read = readYaml(source.text, budget);
  if (!read.ok) return failed("invalid-yaml", { ...read.position, message: `invalid YAML: ${read.message}` });

  const { file } = read;
  const data = file.data as { teams?: unknown; settings?: unknown } | null;
  const slugs = typeof data?.teams === "object" && data.teams !== null && !Array.isArray(data.teams) ? Object.keys(data.teams) : [];
  const shape = { path: source.path, slugs, hasSettings: data?.settings !== undefined, locate: file.locate };
  const parsed = policyFileSchema.safeParse(file.data);
  if (!parsed.success) {
    // The first problems, each located; a file of thousands says how many more, not each one.
    const problems = parsed.error.issues.flatMap((issue) => toProblems(source.path, issue, file.locate, MAX_PROBLEMS + 1)).slice(0, MAX_PROBLEMS + 1);
    const more = countProblems(parsed.error.issues) - MAX_PROBLEMS;
    if (more > 0) problems.splice(MAX_PROBLEMS, 1, { file: source.path, message: `and ${more.toLocaleString("en")} more problems like these` });
    return { ...shape, outcome: "invalid", problems, teams: [] };
  }
  const teams = Object.entries(parsed.data.teams ?? {}).map(([slug, input]) => toTeamPolicy(slug, source.path, file.locate(["teams", slug], "key").line, input));
  const checked: CheckedFile = { ...shape, outcome: "ok", problems: [], teams };
  if (parsed.data.settings) checked.settings = toSettings(source.path, parsed.data.settings);
  return checked;
}

/** How many problems of one file are told one by one (each with its place; GitHub takes fifty annotations a request, sent in batches). */
const MAX_PROBLEMS = 200;

function countProblems(issues: readonly core.$ZodIssue[]): number {
  return issues.reduce((n, issue) => n + (issue.code === "unrecognized_keys" ? issue.keys.length : 1), 0);
}

function toProblems(file: string, issue: core.$ZodIssue, locate: CheckedFile["locate"], most: number): PolicyProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.slice(0, most).map((key) => {
      const path = [...issue.path, key];
      return { file, ...locate(path, "key"), path: formatPath(path), message: unknownKey(key, allowedKeysAt(issue.path)) };
    });
  }
  const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return [{ file, ...locate(issue.path, issue.code === "invalid_key" ? "key" : "value"), ...(issue.path.length > 0 ? { path: formatPath(issue.path) } : {}), message }];
}

function toTeamPolicy(team: string, file: string, line: number | undefined, input: TeamPolicyInput): TeamPolicy {
  const policy: TeamPolicy = {
    team,
    file,
    maxDurationMs: msOf(input.max_duration),
    approvers: principals(input.approvers),
    approvals: input.approvals,
    distinctTeams: input.distinct_teams,
    selfApproval: input.self_approval,
  };
  if (line !== undefined) policy.line = line;
  if (input.description !== undefined) policy.description = input.description;
  if (input.default_duration !== undefined) policy.defaultDurationMs = msOf(input.default_duration);
  if (input.requesters) policy.requesters = principals(input.requesters);
  if (input.ticket) policy.ticket = input.ticket.pattern === undefined ? { required: input.ticket.required } : { required: input.ticket.required, pattern: input.ticket.pattern };
  if (input.pending_timeout !== undefined) policy.pendingTimeoutMs = msOf(input.pending_timeout);
  if (input.escalation) policy.escalation = { afterMs: msOf(input.escalation.after), notify: principals(input.escalation.notify) };
  if (input.approval_label !== undefined) policy.approvalLabel = input.approval_label;
  const glass = input.break_glass;
  if (glass) policy.breakGlass = { requesters: principals(glass.requesters), maxDurationMs: msOf(glass.max_duration), notify: principals(glass.notify), reviewWithinMs: msOf(glass.review_within) };
  if (input.standing) policy.standing = principals(input.standing);
  return policy;
}

function toSettings(file: string, input: SettingsInput): Settings {
  const settings: Settings = { file, masking: { patterns: input.masking?.patterns ?? [] } };
  if (input.request_label !== undefined) settings.requestLabel = input.request_label;
  if (input.masking?.emails !== undefined) settings.masking.emails = input.masking.emails;
  if (input.drift !== undefined) settings.drift = input.drift;
  if (input.revert_child_teams !== undefined) settings.revertChildTeams = input.revert_child_teams;
  return settings;
}

function principals(input: { users?: UserEntry[] | undefined; teams?: TeamEntry[] | undefined }): Principals {
  const who: Principals = { users: (input.users ?? []).map(loginOf), teams: (input.teams ?? []).map(slugOf) };
  const pinned = (input.users ?? []).filter((u) => typeof u !== "string");
  if (pinned.length > 0) who.ids = Object.fromEntries(pinned.map((u) => [u.login.toLowerCase(), u.id]));
  const pinnedTeams = (input.teams ?? []).filter((t) => typeof t !== "string");
  if (pinnedTeams.length > 0) who.teamIds = Object.fromEntries(pinnedTeams.map((t) => [t.slug, t.id]));
  return who;
}
