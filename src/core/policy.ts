import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { core } from "zod";
import { parseDuration } from "./duration.js";
import { policyFileSchema, type TeamPolicyInput } from "./policy-schema.js";

/** A team's policy, durations in milliseconds. */
export interface TeamPolicy {
  team: string;
  file: string;
  description?: string;
  maxDurationMs: number;
  defaultDurationMs?: number;
  requesters?: { users: string[]; teams: string[] };
  approvers: { users: string[]; teams: string[] };
  approvals: number;
  selfApproval: boolean;
  /** Each approval must come from a different approver team (users listed by name form one group). */
  distinctTeams?: boolean;
  /** A label whose addition by an eligible approver is an approval. */
  approvalLabel?: string;
  /** A request not approved within this time ends as timed out. */
  pendingTimeoutMs?: number;
  /** After this long without enough approvals, these people and teams are mentioned, once. */
  escalation?: { afterMs: number; notify: { users: string[]; teams: string[] } };
}

export interface Policies {
  /** Identifies the policy files used (their content hashes), recorded in each decision. */
  ref: string;
  teams: Map<string, TeamPolicy>;
}

export interface PolicyProblem {
  file: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

/** What loading policies can come to; the four failures stay distinct. */
export type PolicyLoad =
  | { kind: "ok"; policies: Policies }
  | { kind: "missing"; message: string }
  | { kind: "unreadable"; problems: PolicyProblem[] }
  | { kind: "invalid"; problems: PolicyProblem[] };

export interface PolicySource {
  path: string;
  text: string;
}

/**
 * Parses and merges policy files. A team defined in two files is an error
 * naming both; any problem in any file makes the whole set invalid, so a
 * broken policy never grants anything.
 *
 * @example
 * const load = parsePolicies([{ path: "policies/a.yml", text: "version: 1\nteams: {}" }], "abc123");
 * load.kind; // "ok"
 */
export function parsePolicies(sources: readonly PolicySource[], ref: string): PolicyLoad {
  const problems: PolicyProblem[] = [];
  const teams = new Map<string, TeamPolicy>();
  for (const source of sources) {
    const counter = new LineCounter();
    const doc = parseDocument(source.text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const at = counter.linePos(error.pos[0]);
        problems.push({ file: source.path, line: at.line, column: at.col, message: `invalid YAML: ${error.message.split("\n")[0]}` });
      }
      continue;
    }
    const parsed = policyFileSchema.safeParse(doc.toJS());
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(locate(source.path, doc, counter, issue));
      continue;
    }
    for (const [slug, input] of Object.entries(parsed.data.teams ?? {})) {
      const earlier = teams.get(slug);
      if (earlier) {
        problems.push({ file: source.path, path: `teams.${slug}`, ...position(doc, counter, ["teams", slug]), message: `team "${slug}" is also defined in ${earlier.file}; define each team in one file only` });
        continue;
      }
      const team = toTeamPolicy(slug, source.path, input);
      if ("message" in team) problems.push({ file: source.path, path: `teams.${slug}`, ...position(doc, counter, ["teams", slug]), message: team.message });
      else teams.set(slug, team);
    }
  }
  if (problems.length > 0) {
    const yamlBroken = problems.every((p) => p.message.startsWith("invalid YAML"));
    return yamlBroken ? { kind: "unreadable", problems } : { kind: "invalid", problems };
  }
  return { kind: "ok", policies: { ref, teams } };
}

/**
 * Renders a problem as `file:line:column: path: message`.
 *
 * @example
 * formatProblem({ file: "policies/a.yml", line: 3, column: 5, path: "teams.x.approvals", message: "must be ≥ 1" });
 * // "policies/a.yml:3:5: teams.x.approvals: must be ≥ 1"
 */
export function formatProblem(problem: PolicyProblem): string {
  const where = [problem.file, problem.line, problem.column].filter((p) => p !== undefined).join(":");
  return `${where}: ${problem.path ? `${problem.path}: ` : ""}${problem.message}`;
}

function toTeamPolicy(team: string, file: string, input: TeamPolicyInput): TeamPolicy | { message: string } {
  const maxDurationMs = ms(input.max_duration);
  const policy: TeamPolicy = {
    team,
    file,
    maxDurationMs,
    approvers: { users: input.approvers.users ?? [], teams: input.approvers.teams ?? [] },
    approvals: input.approvals,
    selfApproval: input.self_approval,
  };
  if (policy.approvers.users.length + policy.approvers.teams.length === 0) {
    return { message: "approvers names nobody: list at least one user or team under approvers" };
  }
  if (policy.approvers.teams.length === 0 && new Set(policy.approvers.users.map((u) => u.toLowerCase())).size < policy.approvals) {
    return { message: `approvals is ${policy.approvals} but approvers lists only ${policy.approvers.users.length} user(s) and no team; lower approvals or add approvers` };
  }
  if (input.description !== undefined) policy.description = input.description;
  if (input.default_duration !== undefined) {
    policy.defaultDurationMs = ms(input.default_duration);
    if (policy.defaultDurationMs > maxDurationMs) {
      return { message: `default_duration ${input.default_duration} is longer than max_duration ${input.max_duration}` };
    }
  }
  if (input.requesters) policy.requesters = { users: input.requesters.users ?? [], teams: input.requesters.teams ?? [] };
  return policy;
}

function ms(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`unreachable: schema accepted ${text}`);
  return parsed.ms;
}

function locate(file: string, doc: Document, counter: LineCounter, issue: core.$ZodIssue): PolicyProblem {
  const path = issue.path.map(String);
  const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
  const target = keys.length > 0 ? [...path, keys[0] ?? ""] : path;
  const where = position(doc, counter, target);
  const message = issue.code === "unrecognized_keys"
    ? `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}: check the spelling against docs/policies.md`
    : issue.message;
  return { file, path: target.join("."), ...where, message };
}

/** Line and column of the key (or value) at `path`, as far down as the path exists. */
function position(doc: Document, counter: LineCounter, path: string[]): { line?: number; column?: number } {
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as { range?: [number] } | null)?.range?.[0];
  for (const key of path) {
    if (!isMap(node)) break;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (!pair) break;
    offset = (pair.key as { range?: [number] }).range?.[0] ?? offset;
    node = pair.value;
  }
  if (offset === undefined) return {};
  const at = counter.linePos(offset);
  return { line: at.line, column: at.col };
}
