import { diffPolicies, type PolicyDiff, type TeamChange } from "../core/policy-diff.js";
import { describeFailure, type PolicyLoad } from "../core/policy.js";
import type { CheckAnnotation } from "../github/client.js";

/** The name the check run has on every pull request that changes policies. */
export const CHECK_NAME = "jit-access policies";
/** GitHub's limit for a check run's summary. */
const MAX_SUMMARY = 65_000;

export interface PolicyCheckResult {
  conclusion: "success" | "failure";
  title: string;
  summary: string;
  /** Every annotation; the shell sends them in batches GitHub accepts. */
  annotations: CheckAnnotation[];
}

const TITLES: Record<Exclude<PolicyLoad["kind"], "ok">, string> = {
  missing: "No policy files",
  unreadable: "A policy file cannot be read",
  "invalid-yaml": "Invalid YAML in a policy file",
  invalid: "Invalid policy",
};

/**
 * The check run for a change to the policies: failure with one annotation
 * per problem, on its line, when the policies at the pull request's head
 * are not valid; otherwise success with what the change does compared with
 * the default branch.
 *
 * @example
 * policyCheckResult(headLoad, baseLoad).conclusion; // "failure"
 */
export function policyCheckResult(head: PolicyLoad, base: PolicyLoad): PolicyCheckResult {
  if (head.kind !== "ok") {
    const problems = head.kind === "missing" ? [] : head.problems;
    const annotations = problems.map((problem): CheckAnnotation => ({
      path: problem.file,
      start_line: problem.line ?? 1,
      end_line: problem.line ?? 1,
      ...(problem.line !== undefined && problem.column !== undefined ? { start_column: problem.column, end_column: problem.column } : {}),
      annotation_level: "failure",
      title: TITLES[head.kind],
      message: `${problem.path ? `${problem.path}: ` : ""}${problem.message}`,
    }));
    const [headline, ...lines] = describeFailure(head);
    const summary = [headline ?? "", "", ...lines.map((line) => `- ${line}`), "", "Merged like this, the policies would grant nothing until they are fixed."].join("\n");
    const count = problems.length;
    const title = count === 0 ? TITLES[head.kind] : `${count} problem${count === 1 ? "" : "s"} in the policy files`;
    return { conclusion: "failure", title, summary: cap(summary), annotations };
  }
  const baseline = base.kind === "ok" ? base.policies : undefined;
  const diff = diffPolicies(baseline, head.policies);
  const intro = baseline
    ? `The policies are valid. Compared with the default branch (${baseline.ref.slice(0, 7)}):`
    : `The policies are valid. The default branch has no valid policies now (${base.kind}), so every team counts as added:`;
  return { conclusion: "success", title: titleOf(diff), summary: cap([intro, "", ...render(diff)].join("\n")), annotations: [] };
}

function titleOf(diff: PolicyDiff): string {
  const parts = [
    [diff.added.length, "added"],
    [diff.removed.length, "removed"],
    [diff.widened.length, "widened"],
    [diff.narrowed.length, "narrowed"],
    [diff.changed.length, "changed"],
  ].filter(([n]) => Number(n) > 0).map(([n, what]) => `${n} team${n === 1 ? "" : "s"} ${what}`);
  if (diff.settingsWidened.length > 0) parts.push("settings widened");
  else if (diff.settings.length > 0) parts.push("settings changed");
  return parts.length > 0 ? `Policies valid: ${parts.join(", ")}` : "Policies valid: no change to who can get access";
}

function render(diff: PolicyDiff): string[] {
  const section = (heading: string, changes: TeamChange[]): string[] =>
    changes.length === 0 ? [] : [`**${heading}**`, ...changes.map((c) => `- \`${c.team}\`${c.details.length > 0 ? `: ${c.details.join("; ")}` : ""}`), ""];
  const lines = [
    ...section("Widened — more people can get access, or for longer", diff.widened),
    ...section("Added", diff.added),
    ...section("Removed", diff.removed),
    ...section("Narrowed", diff.narrowed),
    ...section("Changed", diff.changed),
    ...(diff.settings.length > 0 ? ["**Settings**", ...diff.settings.map((s) => `- ${s}`), ""] : []),
  ];
  return lines.length > 0 ? lines : ["No team's access rules change."];
}

function cap(text: string): string {
  return text.length <= MAX_SUMMARY ? text : `${text.slice(0, MAX_SUMMARY)}\n\n… (cut; see the annotations or run \`jit-access validate\`)`;
}
