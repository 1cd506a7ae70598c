import { decide, needsOtherGrants, type Decision } from "./decide.js";
import { foldHistory } from "./history.js";
import type { DecisionInput, OtherGrant } from "./input.js";
import type { TrustedRecord } from "./records.js";
import { teamIdsOf, type TeamIds } from "./team-ids.js";

/** A team and a person: whose grants a look-up is about (the shell decides them one at a time). */
export interface GrantSubject {
  team: string;
  login: string;
}

/** Answers the shell fetched because an earlier step asked for them. */
export interface Lookups {
  /** Fixed by the first step that needed grant look-ups: later passes stay on the same team and person. */
  subject?: GrantSubject;
  /** The requester's membership of the team, read under the lock, just before a grant is made. */
  membership?: "active" | "pending" | "none";
  /** The person's other live grants of the team (known to this process, and found in their other requests). */
  otherGrants?: OtherGrant[];
}

/** GitHub's answers to the effects of an earlier pass, for the next one. */
export interface Observations {
  /** GitHub refused the membership (not an organisation member, a team synced from an identity provider). */
  grantRefused?: string;
  /** Removing the membership failed; the removal is retried and the trail says so once. */
  removalFailed?: string;
}

/** What the core decides on: the request as read, the look-ups answered so far, and what GitHub answered to earlier effects. */
export interface Snapshot {
  input: DecisionInput;
  lookups: Lookups;
  observations: Observations;
}

/** A look-up the core still needs before it can decide. */
export type Need =
  | { kind: "membership"; team: string; login: string }
  /**
   * `knownOnly`: a person who is not a member holds no membership through
   * another grant, so only the grants this process knows of are needed.
   * `forEnd`: the answer only decides whether ending a grant removes the
   * membership (see findOtherGrants).
   */
  | { kind: "other-grants"; team: string; knownOnly: boolean; forEnd: boolean };

/** Either the look-ups still needed (about one team and person) or the decision, with the input it was made on. */
export type Step = { kind: "needs"; subject: GrantSubject; need: Need } | { kind: "decided"; decision: Decision; input: DecisionInput };

/**
 * The core's one entry point for the shell: decides on what it has, and if
 * the decision adds or removes a membership (or writes the records of a live
 * grant whose removal the run must be able to arm), asks first for the
 * person's membership (only when a grant is about to be made) and their
 * other grants of the team. The shell fetches what is asked for, adds it to
 * the snapshot's look-ups, and asks again; it never edits the input.
 *
 * @example
 * let step = nextStep({ input, lookups: {}, observations: {} });
 * if (step.kind === "needs") step = nextStep({ input, lookups: { subject: step.subject, membership: "none" }, observations: {} });
 */
export function nextStep(snapshot: Snapshot): Step {
  const { lookups, observations } = snapshot;
  const input: DecisionInput = {
    ...snapshot.input,
    membership: lookups.membership ?? snapshot.input.membership,
    ...(lookups.otherGrants === undefined ? {} : { otherGrants: lookups.otherGrants }),
    ...(observations.grantRefused === undefined ? {} : { grantRefused: observations.grantRefused }),
    ...(observations.removalFailed === undefined ? {} : { removalFailed: observations.removalFailed }),
  };
  const decision = decide(input);
  const history = foldHistory(input.records);
  // A grant refused after its approval was recorded ends the request, and a membership is removed only where GitHub
  // shows one (see decide): it is read after the refusal (the shell forgets one read before), whatever else is known.
  const approved = history.approved?.data;
  if (input.grantRefused !== undefined && approved && !history.granted && lookups.membership === undefined) {
    const subject = lookups.subject ?? { team: approved.team, login: input.request.author.login };
    return { kind: "needs", subject, need: { kind: "membership", team: subject.team, login: input.request.author.login } };
  }
  if (lookups.otherGrants !== undefined) return { kind: "decided", decision, input };
  const subject = lookups.subject ?? needsOtherGrants(decision) ?? liveGrantWriting(input.records, decision);
  if (!subject) return { kind: "decided", decision, input };
  // Only a grant about to be made needs the person's membership now (standing or not).
  const granting = !history.granted && !history.approved;
  if (granting && lookups.membership === undefined) return { kind: "needs", subject, need: { kind: "membership", team: subject.team, login: input.request.author.login } };
  return { kind: "needs", subject, need: { kind: "other-grants", team: subject.team, knownOnly: granting && input.membership !== "active", forEnd: history.granted !== undefined } };
}

/**
 * A live grant whose run writes records (they can wait behind a burst of
 * other requests' writes) is decided with the other grants looked up, so
 * that its removal can be armed for the run.
 */
function liveGrantWriting(records: readonly TrustedRecord[], decision: Decision): GrantSubject | undefined {
  const grant = foldHistory(records).granted?.data;
  if (decision.state !== "granted" || !grant || grant.standing || !decision.effects.some((e) => e.kind === "record")) return undefined;
  return { team: grant.team, login: grant.requester };
}

/** The grant a request holds after a run, as the in-process index keeps it; undefined when it holds none. */
export interface HeldGrant {
  team: string;
  /** The team's ids, when the grant record keeps them. */
  teamIds?: TeamIds;
  requester: string;
  standing: boolean;
  expiresAt: number;
  /** Still live after the run (granted, or its removal failed and is retried). */
  live: boolean;
}

/**
 * The grant a run leaves the request holding: from its records and the
 * records the run wrote (a grant's real expiry is dated from GitHub's answer
 * to the membership `PUT`, so pass the effects as applied).
 *
 * @example
 * heldGrant(records, { state: "granted", effects: applied }); // { team: "ops", requester: "jane", standing: false, expiresAt, live: true }
 */
export function heldGrant(records: readonly TrustedRecord[], decision: Pick<Decision, "state" | "effects">): HeldGrant | undefined {
  const history = foldHistory(records);
  let grant: { team: string; teamIds?: TeamIds; requester: string; standing: boolean } | undefined = history.granted?.data;
  let expiresAt = history.expiresAt;
  for (const effect of decision.effects) {
    if (effect.kind !== "record") continue;
    if (effect.data.event === "granted") {
      grant = effect.data;
      expiresAt = effect.data.expiresAt;
    } else if (effect.data.event === "extended") {
      expiresAt = effect.data.expiresAt;
    }
  }
  if (!grant || expiresAt === undefined) return undefined;
  return { team: grant.team, ...teamIdsOf(grant), requester: grant.requester, standing: grant.standing, expiresAt, live: decision.state === "granted" || decision.state === "revoke-failed" };
}
