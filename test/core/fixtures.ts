import type { DecisionInput, Person, ReviewState, TimelineItem } from "../../src/core/input.js";
import { parsePolicies, type PolicyLoad, type TeamPolicy } from "../../src/core/policy.js";
import type { RecordData, TrustedRecord } from "../../src/core/records.js";

export const T0 = Date.parse("2026-11-02T09:00:00Z");
export const HOUR = 3_600_000;

export const POLICY_YAML = `version: 1
teams:
  platform-admins:
    description: Production admin for the platform
    max_duration: 4h
    default_duration: 1h
    approvers:
      users: [alice]
      teams: [platform-leads]
    approvals: 1
`;

export const policy = parsePolicies([{ path: "policies/platform.yml", text: POLICY_YAML }], "policies@test");

/**
 * A request body exactly as GitHub renders the access-request issue form.
 *
 * @example
 * formBody({ team: "platform-admins", duration: "2h" });
 */
export function formBody(fields: { team?: string; duration?: string; justification?: string; ticket?: string } = {}): string {
  const value = (v: string | undefined) => (v === undefined || v === "" ? "_No response_" : v);
  return [
    "### Team", "", value(fields.team ?? "platform-admins"), "",
    "### Duration", "", value(fields.duration ?? "2h"), "",
    "### Justification", "", value(fields.justification ?? "Investigating INC-42 for jane.doe@example.com"), "",
    "### Ticket", "", value(fields.ticket),
  ].join("\n");
}

/**
 * The fixture policy with the platform-admins team changed.
 *
 * @example
 * withTeam({ approvalLabel: "access-approved" });
 */
export function withTeam(changes: Partial<TeamPolicy>): PolicyLoad {
  if (policy.kind !== "ok") throw new Error("fixture policy is invalid");
  const team = { ...policy.policies.teams.get("platform-admins")!, ...changes };
  return { kind: "ok", policies: { ref: policy.policies.ref, teams: new Map([["platform-admins", team]]) } };
}

/**
 * A request body with the form's Emergency checkbox, ticked or not, as GitHub renders it.
 *
 * @example
 * emergencyBody({ duration: "1h" });
 */
export function emergencyBody(fields: Parameters<typeof formBody>[0] = {}, ticked = "X"): string {
  return `${formBody(fields)}\n\n### Emergency\n\n- [${ticked}] This is an emergency: grant at once without approval (break-glass, reviewed afterwards)`;
}

/** Break-glass for platform-admins: members of platform-oncall, up to 2h, reviewed within a day. */
export const BREAK_GLASS = { requesters: { users: [], teams: ["platform-oncall"] }, maxDurationMs: 2 * HOUR, notify: { users: ["bob"], teams: ["security-oncall"] }, reviewWithinMs: 24 * HOUR };
export const glassPolicy = withTeam({ breakGlass: BREAK_GLASS });
/** The fixture directory with jane on call. */
export const onCall = { org: { jane: true, alice: true, bob: true, carol: true }, teams: { "platform-leads": { carol: true }, "platform-oncall": { jane: true } } };

export const jane: Person = { login: "jane", bot: false };
export const alice: Person = { login: "alice", bot: false };

/** A scripted history: people's actions and the app's records, numbered in timeline order. */
export class Story {
  private seq = 0;
  private nextId = 100;
  timeline: TimelineItem[] = [];
  records: TrustedRecord[] = [];

  comment(author: Person, body: string, options: { edited?: boolean; at?: number } = {}): number {
    const id = this.nextId++;
    this.timeline.push({ kind: "comment", seq: this.seq++, id, author, body, at: options.at ?? T0, edited: options.edited ?? false });
    return id;
  }

  /** A label added or removed; `renamed`: GitHub shows a label renamed or edited since (see TimelineItem). */
  label(actor: Person, label: string, kind: "labeled" | "unlabeled" = "labeled", options: { renamed?: true } = {}): number {
    const id = this.nextId++;
    this.timeline.push({ kind, seq: this.seq++, id, label, actor, at: T0, ...options });
    return id;
  }

  /** A review; with `body`, the text written in it. */
  review(author: Person, state: ReviewState, options: { body?: string; at?: number } = {}): number {
    const id = this.nextId++;
    this.timeline.push({ kind: "review", seq: this.seq++, id, author, state, at: options.at ?? T0, ...(options.body === undefined ? {} : { body: options.body }) });
    return id;
  }

  closed(actor: Person): void {
    this.timeline.push({ kind: "closed", seq: this.seq++, actor, at: T0 });
  }

  reopened(actor: Person): void {
    this.timeline.push({ kind: "reopened", seq: this.seq++, actor, at: T0 });
  }

  record(data: RecordData, at = T0): void {
    this.records.push({ seq: this.seq++, commentId: this.nextId++, at, data });
  }

  /** Applies a decision's records, as the shell would after writing them. */
  apply(effects: readonly { kind: string; data?: RecordData }[], at = T0): void {
    for (const effect of effects) if (effect.kind === "record" && effect.data) this.record(effect.data, at);
  }

  input(overrides: Partial<DecisionInput> = {}): DecisionInput {
    return {
      now: T0,
      request: { ref: "acme/access#1", author: jane, body: formBody(), state: "open", labels: ["access-request"] },
      timeline: this.timeline,
      records: this.records,
      findings: [],
      policy,
      directory: { org: { jane: true, alice: true, bob: true, carol: true }, teams: { "platform-leads": { carol: true } } },
      membership: "none",
      ...overrides,
    };
  }
}
