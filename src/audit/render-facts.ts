import { formatDuration } from "../core/duration.js";
import { APP_ACTOR, type RecordFacts } from "./record-facts.js";

/** Others' text on one line (core/code-span.ts), for the stories that quote it as it is. */
export { oneLine } from "../core/code-span.js";

/** The facts block of an audit comment: what a reader needs from every record, in one place. */
export interface FactsLine {
  why: string;
  facts: RecordFacts;
  /** ISO time the record was written. */
  at?: string;
}

/**
 * The facts block under every audit comment, in the order an auditor asks:
 * who, which team, how long and until when, why, who acted, under which
 * policy, when. Fields the record does not know are left out, never guessed.
 *
 * @example
 * renderFacts({ why: "approved by @alice", facts: { requester: "jane", team: "ops", durationMs: 3600000 } });
 * // "- **Requester:** @jane\n- **Team:** `ops`\n- **Duration:** 1h\n- **Why:** approved by @alice"
 */
export function renderFacts({ why, facts, at }: FactsLine): string {
  const lines: string[] = [];
  if (facts.requester) lines.push(`- **Requester:** @${facts.requester}`);
  if (facts.team) lines.push(`- **Team:** \`${facts.team}\``);
  const duration = [
    ...(facts.durationMs !== undefined ? [formatDuration(facts.durationMs)] : []),
    ...(facts.expiresAt !== undefined ? [`until ${readableTime(facts.expiresAt)}`] : []),
  ];
  if (duration.length > 0) lines.push(`- **Duration:** ${duration.join(", ")}`);
  lines.push(`- **Why:** ${why}`);
  if (facts.actor) lines.push(`- **By:** ${facts.actor === APP_ACTOR ? "jit-access, automatically" : `@${facts.actor}`}`);
  if (facts.policyRef) lines.push(`- **Policy:** \`${facts.policyRef}\``);
  if (at) lines.push(`- **Recorded:** ${readableTime(Date.parse(at))}`);
  return lines.join("\n");
}

/**
 * A time as people read it, in UTC so every reader sees the same.
 *
 * @example
 * readableTime(Date.parse("2026-11-02T10:00:05.123Z")); // "2026-11-02 10:00:05 UTC"
 */
export function readableTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/**
 * "@a, @b and @c", for messages.
 *
 * @example
 * people(["alice", "carol"]); // "@alice and @carol"
 */
export function people(logins: readonly string[]): string {
  const names = logins.map((l) => `@${l}`);
  if (names.length <= 1) return names[0] ?? "nobody";
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}


/**
 * Mentions of people and teams to notify: teams as `@org/team`, the
 * organisation taken from the request's "owner/repo#n".
 *
 * @example
 * mentions({ users: ["carol"], teams: ["security-oncall"] }, "acme/access#7"); // "@carol @acme/security-oncall"
 */
export function mentions(notify: { users: string[]; teams: string[] }, issue: string | undefined): string {
  const org = issue?.split("/")[0] ?? "";
  return [...notify.users.map((u) => `@${u}`), ...notify.teams.map((t) => `@${org}/${t}`)].join(" ");
}
