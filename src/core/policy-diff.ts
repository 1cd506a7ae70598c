import { formatDuration } from "./duration.js";
import { numberFor } from "./pinned-account.js";
import type { Policies, Principals, Settings, TeamPolicy } from "./policy.js";

/** Whether a change lets more people get access (wider), fewer (narrower), or neither. */
type Direction = "wider" | "narrower" | "neutral";

interface Detail {
  direction: Direction;
  text: string;
}

/** What a change does to one team. A team with any widening counts as widened. */
export interface TeamChange {
  team: string;
  details: string[];
}

export interface PolicyDiff {
  added: TeamChange[];
  removed: TeamChange[];
  widened: TeamChange[];
  narrowed: TeamChange[];
  changed: TeamChange[];
  settings: string[];
  /** Those of `settings` that let more people keep access (the drift guard weakened). */
  settingsWidened: string[];
}

/**
 * What a change to the policies does, in the terms a reviewer cares about:
 * teams added and removed, and for the others whether more people can get
 * access (more approvers or requesters, fewer approvals, longer access,
 * self-approval, a ticket no longer required…) or fewer.
 *
 * @example
 * diffPolicies(base, head).widened; // [{ team: "ops", details: ["approvals lowered from 2 to 1"] }]
 */
export function diffPolicies(before: Policies | undefined, after: Policies): PolicyDiff {
  const diff: PolicyDiff = { added: [], removed: [], widened: [], narrowed: [], changed: [], settings: [], settingsWidened: [] };
  const old = before?.teams ?? new Map<string, TeamPolicy>();
  for (const [team, policy] of [...after.teams].sort(([a], [b]) => a.localeCompare(b))) {
    const earlier = old.get(team);
    if (!earlier) {
      diff.added.push({ team, details: [summarise(policy)] });
      continue;
    }
    const details = compareTeams(earlier, policy);
    if (details.length === 0) continue;
    const change = { team, details: details.map((d) => d.text) };
    if (details.some((d) => d.direction === "wider")) diff.widened.push(change);
    else if (details.some((d) => d.direction === "narrower")) diff.narrowed.push(change);
    else diff.changed.push(change);
  }
  for (const team of [...old.keys()].sort()) if (!after.teams.has(team)) diff.removed.push({ team, details: [] });
  ({ all: diff.settings, widened: diff.settingsWidened } = compareSettings(before?.settings, after.settings));
  return diff;
}

/**
 * One line that says what a team's policy allows.
 *
 * @example
 * summarise(policy); // "up to 2h, 1 approval from @alice or members of team `leads`"
 */
export function summarise(policy: TeamPolicy): string {
  const approvals = `${policy.approvals} approval${policy.approvals === 1 ? "" : "s"}`;
  return `up to ${formatDuration(policy.maxDurationMs)}, ${approvals} from ${names(policy.approvers, " or ")}${policy.requesters ? `, requested by ${names(policy.requesters, " or ")}` : ""}`;
}

function compareTeams(a: TeamPolicy, b: TeamPolicy): Detail[] {
  const details: Detail[] = [];
  const add = (direction: Direction, text: string) => details.push({ direction, text });
  if (a.requesters && !b.requesters) add("wider", `any organisation member may now request (was ${names(a.requesters, " or ")})`);
  else if (!a.requesters && b.requesters) add("narrower", `only ${names(b.requesters, " or ")} may now request (was any organisation member)`);
  else if (a.requesters && b.requesters) comparePrincipals("requesters", a.requesters, b.requesters, add);
  comparePrincipals("approvers", a.approvers, b.approvers, add);
  compareNumber("approvals", a.approvals, b.approvals, String, "narrower", add);
  compareNumber("max_duration", a.maxDurationMs, b.maxDurationMs, formatDuration, "wider", add);
  compareOptionalDuration("default_duration", a.defaultDurationMs, b.defaultDurationMs, "wider", add);
  compareFlag("self_approval", a.selfApproval, b.selfApproval, "wider", add);
  compareFlag("distinct_teams", a.distinctTeams, b.distinctTeams, "narrower", add);
  compareFlag("ticket.required", a.ticket?.required ?? false, b.ticket?.required ?? false, "narrower", add);
  const [pa, pb] = [a.ticket?.pattern, b.ticket?.pattern];
  if (pa !== pb) {
    if (pb === undefined) add("wider", `ticket.pattern \`${pa}\` removed`);
    else if (pa === undefined) add("narrower", `ticket.pattern \`${pb}\` added`);
    // Whether one pattern accepts what the other refuses is not worked out: told as a widening, for a reviewer to judge.
    else add("wider", `ticket.pattern changed from \`${pa}\` to \`${pb}\` (it may accept tickets the old one refused)`);
  }
  // A longer wait, or none (waits until closed), lets approvals come later: a request that timed out may now be granted.
  if (a.pendingTimeoutMs !== b.pendingTimeoutMs) {
    if (b.pendingTimeoutMs === undefined) add("wider", `pending_timeout ${formatDuration(a.pendingTimeoutMs ?? 0)} removed: requests wait until closed`);
    else if (a.pendingTimeoutMs === undefined) add("narrower", `pending_timeout ${formatDuration(b.pendingTimeoutMs)} added`);
    else compareNumber("pending_timeout", a.pendingTimeoutMs, b.pendingTimeoutMs, formatDuration, "wider", add);
  }
  if (JSON.stringify(a.escalation) !== JSON.stringify(b.escalation)) add("neutral", "escalation changed");
  if (a.approvalLabel !== b.approvalLabel) {
    if (a.approvalLabel === undefined) add("wider", `approval_label \`${b.approvalLabel}\` now approves requests`);
    else if (b.approvalLabel === undefined) add("narrower", `approval_label \`${a.approvalLabel}\` removed`);
    // Another label now approves: whoever may add it is a new way to approve, for a reviewer to judge.
    else add("wider", `approval_label changed from \`${a.approvalLabel}\` to \`${b.approvalLabel}\`: the new label now approves requests`);
  }
  compareBreakGlass(a.breakGlass, b.breakGlass, add);
  compareStanding(a.standing, b.standing, add);
  if (a.description !== b.description) add("neutral", "description changed");
  if (a.file !== b.file) add("neutral", `moved from ${a.file} to ${b.file}`);
  return details;
}

/** Break-glass bypasses approval: turning it on, or letting more people or more time through it, widens access. */
function compareBreakGlass(a: TeamPolicy["breakGlass"], b: TeamPolicy["breakGlass"], add: (d: Direction, t: string) => void): void {
  if (!a && !b) return;
  if (!a && b) return add("wider", `break_glass added: ${names(b.requesters, " or ")} may grant themselves up to ${formatDuration(b.maxDurationMs)} without approval`);
  if (a && !b) return add("narrower", "break_glass removed");
  if (!a || !b) return;
  comparePrincipals("break_glass.requesters", a.requesters, b.requesters, add);
  compareNumber("break_glass.max_duration", a.maxDurationMs, b.maxDurationMs, formatDuration, "wider", add);
  compareNumber("break_glass.review_within", a.reviewWithinMs, b.reviewWithinMs, formatDuration, "wider", add);
  if (JSON.stringify(a.notify) !== JSON.stringify(b.notify)) add("neutral", "break_glass.notify changed");
}

function comparePrincipals(field: string, a: Principals, b: Principals, add: (d: Direction, t: string) => void): void {
  const gained = minus(b, a);
  const lost = minus(a, b);
  if (gained.users.length + gained.teams.length > 0) add("wider", `${field} gain ${names(gained, " and ")}`);
  if (lost.users.length + lost.teams.length > 0) add("narrower", `${field} lose ${names(lost, " and ")}`);
  // A pin names the account behind a login: moving it names another person, dropping it lets any account holding the login in.
  for (const user of b.users) {
    const lower = user.toLowerCase();
    if (a.users.some((u) => u.toLowerCase() === lower)) comparePin(field, `@${user}`, "account", numberFor(a.ids, lower), numberFor(b.ids, lower), add);
  }
  // A team pin names the team behind a slug, in the same way.
  for (const team of b.teams) if (a.teams.includes(team)) comparePin(field, `team ${team}`, "team", numberFor(a.teamIds, team), numberFor(b.teamIds, team), add);
}

/** How the pin of one name (`@alice`, `team leads`) moved in `field`: one added narrows, one dropped or moved widens. */
function comparePin(field: string, name: string, kind: "account" | "team", before: number | undefined, after: number | undefined, add: (d: Direction, t: string) => void): void {
  if (before === after) return;
  if (before === undefined) add("narrower", `${field} pin ${name} to the ${kind} with id ${after}`);
  else if (after === undefined) add("wider", `${field} no longer pin ${name} to ${kind === "account" ? "an account" : "a team"} (it was id ${before})`);
  else add("wider", `${field} pin ${name} to another ${kind}: id ${after}, was ${before}`);
}

/**
 * Standing members keep access with no request at all, so each one gained
 * widens access. A first list in place of the recorded baseline widens it
 * too, as far as this change can tell: anyone listed who was not in the
 * baseline may now be added by hand and stays (the baseline lives on its
 * drift issue, not in the policies compared).
 */
function compareStanding(a: Principals | undefined, b: Principals | undefined, add: (d: Direction, t: string) => void): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) add("wider", `standing members now listed (${names(b ?? { users: [], teams: [] }, " and ")}) instead of the recorded baseline: whoever of them was not in it may now be added by hand and stay`);
  else if (b === undefined) add("wider", "standing list removed: the members the team has now become its baseline");
  else comparePrincipals("standing", a, b, add);
}

/** `larger` says which way a larger value moves access. */
function compareNumber(field: string, a: number, b: number, show: (n: number) => string, larger: Direction, add: (d: Direction, t: string) => void): void {
  if (a === b) return;
  const direction = b > a ? larger : larger === "wider" ? "narrower" : "wider";
  add(direction, `${field} ${b > a ? "raised" : "lowered"} from ${show(a)} to ${show(b)}`);
}

function compareOptionalDuration(field: string, a: number | undefined, b: number | undefined, larger: Direction, add: (d: Direction, t: string) => void): void {
  if (a === b) return;
  if (a === undefined) add(larger, `${field} ${formatDuration(b ?? 0)} added`);
  else if (b === undefined) add(larger === "wider" ? "narrower" : larger, `${field} ${formatDuration(a)} removed`);
  else compareNumber(field, a, b, formatDuration, larger, add);
}

/** `on` says which way turning the flag on moves access. */
function compareFlag(field: string, a: boolean, b: boolean, on: Direction, add: (d: Direction, t: string) => void): void {
  if (a === b) return;
  add(b ? on : on === "wider" ? "narrower" : "wider", `${field} turned ${b ? "on" : "off"}`);
}

/** Settings changes, and those among them that widen: a drift guard that no longer reverts lets hand-added members stay. */
function compareSettings(a: Settings | undefined, b: Settings | undefined): { all: string[]; widened: string[] } {
  const out: string[] = [];
  const widened: string[] = [];
  if (a?.requestLabel !== b?.requestLabel) out.push(`request_label is now ${b?.requestLabel === undefined ? "the operator's default" : `\`${b.requestLabel}\``}`);
  const emails = (s: Settings | undefined) => s?.masking.emails ?? "the operator's default";
  if (emails(a) !== emails(b)) out.push(`masking.emails changed from ${emails(a)} to ${emails(b)}`);
  const before = new Set(a?.masking.patterns ?? []);
  const after = new Set(b?.masking.patterns ?? []);
  const removed = [...before].filter((p) => !after.has(p));
  const added = [...after].filter((p) => !before.has(p));
  if (removed.length > 0) out.push(`masking.patterns no longer mask ${removed.map((p) => `\`${p}\``).join(", ")}`);
  if (added.length > 0) out.push(`masking.patterns now also mask ${added.map((p) => `\`${p}\``).join(", ")}`);
  const drift = (s: Settings | undefined) => s?.drift ?? "report";
  const note = (text: string, widens: string | undefined) => {
    out.push(widens === undefined ? text : `${text}: ${widens}`);
    if (widens !== undefined) widened.push(out.at(-1)!);
  };
  if (drift(a) !== drift(b)) note(`drift changed from ${drift(a)} to ${drift(b)}`, drift(b) === "report" ? "members added by hand now stay" : undefined);
  const children = (s: Settings | undefined) => s?.revertChildTeams ?? false;
  if (children(a) !== children(b)) note(`revert_child_teams turned ${children(b) ? "on" : "off"}`, !children(b) && drift(b) === "revert" ? "a team nested under a managed one now stays, with its members" : undefined);
  return { all: out, widened };
}

function minus(a: Principals, b: Principals): Principals {
  const has = (list: string[], name: string) => list.some((x) => x.toLowerCase() === name.toLowerCase());
  return { users: a.users.filter((u) => !has(b.users, u)), teams: a.teams.filter((t) => !has(b.teams, t)) };
}

function names(who: Principals, last: string): string {
  const list = [...who.users.map((u) => `@${u}`), ...who.teams.map((t) => `team \`${t}\``)];
  if (list.length <= 1) return list[0] ?? "nobody";
  return `${list.slice(0, -1).join(", ")}${last}${list.at(-1)}`;
}
