import { formatDuration } from "./duration.js";
import { compileLinearPattern } from "./linear-pattern.js";
import { inCountedTeam, takenTeamProblem } from "./team-age.js";
import type { Directory, Person } from "./input.js";
import { pinnedAccountProblem } from "./pinned-account.js";
import { describeFailure, type PolicyLoad, type TeamPolicy } from "./policy.js";
import { TICKET_MAX_LENGTH } from "./policy-schema.js";
import type { RecordedRequest } from "./records.js";
import { parseRequestBody } from "./request-form.js";
import { quotedValue } from "./code-span.js";

export type Evaluation =
  | { ok: true; request: RecordedRequest & { durationMs: number }; policy: TeamPolicy; policyRef: string }
  | { ok: false; problems: string[]; policyRef?: string };

/**
 * Why `requester` may not request `policy`'s team now, if anything: a bot,
 * no active member of the organisation, or not among the policy's
 * requesters (a login pinned to another account included). Asked of a new
 * request and of an `/extend`, which asks for more of the same access.
 *
 * @example
 * requesterProblems(jane, policy, directory); // [] when jane may request
 */
export function requesterProblems(requester: Person, policy: TeamPolicy, directory: Directory): string[] {
  const problems: string[] = [];
  const login = requester.login.toLowerCase();
  if (requester.bot) problems.push("requests must come from a person, not a bot");
  if (directory.org[login] !== true) {
    problems.push(`@${requester.login} is not an active member of the organisation; jit-access grants team membership to members only and never sends invitations`);
  }
  if (policy.requesters && !isListed(login, policy.requesters, directory)) {
    const taken = takenTeamProblem(requester.login, policy.requesters, directory, "requesters.teams");
    problems.push(`@${requester.login} may not request \`${policy.team}\`: ${taken === undefined ? "" : `${taken}; `}the policy allows ${describe(policy.requesters)}`);
  } else if (policy.requesters && !inCountedTeam(login, policy.requesters, directory)) {
    // Listed by name only: a login pinned to an account counts only while that account holds it.
    const pinned = pinnedAccountProblem(requester, policy.requesters, directory, "requesters.users");
    if (pinned !== undefined) problems.push(`${pinned}, so @${requester.login} may not request \`${policy.team}\`; a maintainer must pin the login to the right account in the policy`);
  }
  return problems;
}

/**
 * Checks a request body against the policies: a form that parses, a team a
 * policy names, a requester the policy allows and the organisation counts as
 * a member, a duration within the policy's maximum (never silently
 * shortened), and a ticket when the policy asks for one. Every problem says
 * what to change.
 *
 * A team written under an organisation (`@acme/platform-admins`) must be
 * written under the request's own (`org`, when given): the app grants that
 * organisation's teams only, and a reader of `@partner/platform-admins` would
 * take it for another team than the one granted.
 *
 * @example
 * evaluateRequest(body, author, policyLoad, directory, "acme").ok;
 */
export function evaluateRequest(body: string, requester: Person, load: PolicyLoad, directory: Directory, org?: string): Evaluation {
  if (load.kind !== "ok") return { ok: false, problems: describeFailure(load) };
  const policyRef = load.policies.ref;
  const parsed = parseRequestBody(body);
  if (!parsed.ok) {
    return { ok: false, policyRef, problems: parsed.problems.map((p) => (p.field === "form" ? p.message : `**${p.field}** ${p.message}`)) };
  }
  const { fields } = parsed;
  if (fields.teamOrg !== undefined && org !== undefined && fields.teamOrg.toLowerCase() !== org.toLowerCase()) {
    return { ok: false, policyRef, problems: [`**Team** names the organisation ${quotedValue(fields.teamOrg)}; jit-access grants teams of \`${org}\` only: write the team's slug (\`${fields.team}\`) or \`@${org}/${fields.team}\``] };
  }
  const policy = load.policies.teams.get(fields.team);
  if (!policy) {
    const known = [...load.policies.teams.keys()].sort();
    return {
      ok: false,
      policyRef,
      problems: [`**Team** \`${fields.team}\` is not named by any policy; teams you can request: ${known.length > 0 ? known.map((t) => `\`${t}\``).join(", ") : "none (no policy names a team yet)"}`],
    };
  }
  const problems = requesterProblems(requester, policy, directory);
  const durationMs = fields.durationMs ?? policy.defaultDurationMs;
  if (durationMs === undefined) {
    problems.push(`**Duration** is empty and the policy for \`${policy.team}\` sets no default_duration: give a duration of at most ${formatDuration(policy.maxDurationMs)}`);
  } else if (durationMs > policy.maxDurationMs) {
    problems.push(`**Duration** ${fields.durationText ?? formatDuration(durationMs)} is longer than the maximum for \`${policy.team}\`, ${formatDuration(policy.maxDurationMs)}: ask for ${formatDuration(policy.maxDurationMs)} or less`);
  }
  const ticketProblem = checkTicket(fields.ticket, policy);
  if (ticketProblem) problems.push(ticketProblem);
  if (problems.length > 0 || durationMs === undefined) return { ok: false, policyRef, problems };
  const request: RecordedRequest & { durationMs: number } = { team: fields.team, durationMs, justification: fields.justification };
  if (fields.ticket !== undefined) request.ticket = fields.ticket;
  if (fields.emergency) request.emergency = true;
  return { ok: true, request, policy, policyRef };
}

/**
 * Whether a Ticket satisfies the team's ticket rules; undefined when it
 * does, else what to change. A pattern must match the whole value.
 *
 * @example
 * checkTicket("INC-12", policy); // undefined
 * checkTicket(undefined, policy); // "**Ticket** is required for `ops`: …"
 */
export function checkTicket(ticket: string | undefined, policy: TeamPolicy): string | undefined {
  const rule = policy.ticket;
  if (!rule) return undefined;
  const pattern = rule.pattern === undefined ? "" : `, matching \`${rule.pattern}\``;
  if (ticket === undefined || ticket === "") {
    return rule.required ? `**Ticket** is required for \`${policy.team}\`: give the ticket this access is for${pattern}` : undefined;
  }
  if (ticket.length > TICKET_MAX_LENGTH) {
    return `**Ticket** is longer than ${TICKET_MAX_LENGTH} characters: give only the ticket's identifier${pattern}`;
  }
  if (rule.pattern === undefined) return undefined;
  // RE2 (linear time); `matches` holds the whole Ticket to the pattern. Validation compiled it already.
  const compiled = compileLinearPattern(rule.pattern);
  if (!compiled.ok) {
    return `the policy for \`${policy.team}\` has a ticket pattern that cannot be used (${compiled.message}): ask the policy's owners to fix ticket.pattern`;
  }
  if (!compiled.re.matches(ticket)) {
    return `**Ticket** ${quotedValue(ticket)} does not match the pattern \`${rule.pattern}\` that the policy for \`${policy.team}\` requires: give a ticket that matches it`;
  }
  return undefined;
}

/**
 * Whether a login is listed by name and an active member of the
 * organisation now, or is an active member of a listed team (team members
 * are organisation members: GitHub removes people from its teams when they
 * leave). A name on a list is not enough: accounts outlive employment.
 *
 * @example
 * isListed("alice", { users: ["alice"], teams: [] }, { org: { alice: true }, teams: {} }); // true
 * isListed("alice", { users: ["alice"], teams: [] }, { org: {}, teams: {} });              // false
 */
export function isListed(login: string, who: { users: string[]; teams: string[]; teamIds?: Readonly<Record<string, number>> }, directory: Directory): boolean {
  const lower = login.toLowerCase();
  const byName = who.users.some((u) => u.toLowerCase() === lower) && directory.org[lower] === true;
  return byName || inCountedTeam(lower, who, directory);
}

/** "@alice, @bob or members of @org/ops", for messages. */
export function describe(who: { users: string[]; teams: string[] }): string {
  const names = [...who.users.map((u) => `@${u}`), ...who.teams.map((t) => `members of team \`${t}\``)];
  if (names.length <= 1) return names[0] ?? "nobody";
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
