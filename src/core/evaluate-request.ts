import { formatDuration } from "./duration.js";
import type { Directory, Person } from "./input.js";
import { formatProblem, type PolicyLoad, type TeamPolicy } from "./policy.js";
import type { RecordedRequest } from "./records.js";
import { parseRequestBody } from "./request-form.js";

export type Evaluation =
  | { ok: true; request: RecordedRequest & { durationMs: number }; policy: TeamPolicy; policyRef: string }
  | { ok: false; problems: string[]; policyRef?: string };

/**
 * Checks a request body against the policies: a form that parses, a team a
 * policy names, a requester the policy allows and the organisation counts as
 * a member, and a duration within the policy's maximum (never silently
 * shortened). Every problem says what to change.
 *
 * @example
 * evaluateRequest(body, author, policyLoad, directory).ok;
 */
export function evaluateRequest(body: string, requester: Person, load: PolicyLoad, directory: Directory): Evaluation {
  if (load.kind === "missing") return { ok: false, problems: [`no policy can be read: ${load.message}`] };
  if (load.kind !== "ok") {
    return { ok: false, problems: ["the access policies are invalid, so nothing can be granted until they are fixed:", ...load.problems.map(formatProblem)] };
  }
  const policyRef = load.policies.ref;
  const parsed = parseRequestBody(body);
  if (!parsed.ok) {
    return { ok: false, policyRef, problems: parsed.problems.map((p) => (p.field === "form" ? p.message : `**${p.field}** ${p.message}`)) };
  }
  const { fields } = parsed;
  const policy = load.policies.teams.get(fields.team);
  if (!policy) {
    const known = [...load.policies.teams.keys()].sort();
    return {
      ok: false,
      policyRef,
      problems: [`**Team** \`${fields.team}\` is not named by any policy; teams you can request: ${known.length > 0 ? known.map((t) => `\`${t}\``).join(", ") : "none (no policy names a team yet)"}`],
    };
  }
  const problems: string[] = [];
  const login = requester.login.toLowerCase();
  if (requester.bot) problems.push("requests must come from a person, not a bot");
  if (directory.org[login] !== true) {
    problems.push(`@${requester.login} is not an active member of the organisation; jit-access grants team membership to members only and never sends invitations`);
  }
  if (policy.requesters && !isListed(login, policy.requesters, directory)) {
    problems.push(`@${requester.login} may not request \`${policy.team}\`: the policy allows ${describe(policy.requesters)}`);
  }
  const durationMs = fields.durationMs ?? policy.defaultDurationMs;
  if (durationMs === undefined) {
    problems.push(`**Duration** is empty and the policy for \`${policy.team}\` sets no default_duration: give a duration of at most ${formatDuration(policy.maxDurationMs)}`);
  } else if (durationMs > policy.maxDurationMs) {
    problems.push(`**Duration** ${fields.durationText ?? formatDuration(durationMs)} is longer than the maximum for \`${policy.team}\`, ${formatDuration(policy.maxDurationMs)}: ask for ${formatDuration(policy.maxDurationMs)} or less`);
  }
  if (problems.length > 0 || durationMs === undefined) return { ok: false, policyRef, problems };
  const request: RecordedRequest & { durationMs: number } = { team: fields.team, durationMs, justification: fields.justification };
  if (fields.ticket !== undefined) request.ticket = fields.ticket;
  return { ok: true, request, policy, policyRef };
}

/** Whether a login is listed by name or is an active member of a listed team. */
export function isListed(login: string, who: { users: string[]; teams: string[] }, directory: Directory): boolean {
  const lower = login.toLowerCase();
  return who.users.some((u) => u.toLowerCase() === lower) || who.teams.some((t) => directory.teams[t]?.[lower] === true);
}

/** "@alice, @bob or members of @org/ops", for messages. */
export function describe(who: { users: string[]; teams: string[] }): string {
  const names = [...who.users.map((u) => `@${u}`), ...who.teams.map((t) => `members of team \`${t}\``)];
  if (names.length <= 1) return names[0] ?? "nobody";
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
