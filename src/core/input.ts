import type { PolicyLoad } from "./policy.js";
import type { TrustedRecord } from "./records.js";
import type { TeamIds } from "./team-ids.js";

export interface Person {
  login: string;
  bot: boolean;
  /**
   * GitHub's numeric user id, when known. Logins can be renamed and a freed
   * login claimed by someone else; the id stays with the account.
   */
  id?: number;
}

/** A body's edit history, reduced to what the rules need. */
export interface BodyEdits {
  /** Entries in GitHub's edit history (it never shrinks: a deleted revision stays, marked deleted). */
  count: number;
  /** The last edit: GitHub's time, to the second, and the editor's login. */
  last?: { at: number; by: string };
}

/** What people did on the request, in timeline order; the app's own comments are not here. */
export type TimelineItem =
  /** `editedBy`: who edited it last, when GitHub's edit history says. */
  | { kind: "comment"; seq: number; id: number; author: Person; body: string; at: number; edited: boolean; editedBy?: string }
  /**
   * `renamed`: GitHub shows the label as it is now, and it was renamed or
   * otherwise edited after this event, so the name it had then is not known.
   */
  | { kind: "labeled" | "unlabeled"; seq: number; id: number; label: string; actor: Person; at: number; renamed?: true }
  | { kind: "closed" | "reopened"; seq: number; actor: Person; at: number }
  /** `body`: the review's own text (not its line comments), where a command may be written and is not read (review-commands.ts). */
  | { kind: "review"; seq: number; id: number; author: Person; state: ReviewState; at: number; body?: string };

/** Review states in lower case, as the timeline and webhooks spell them. */
export type ReviewState = "approved" | "changes_requested" | "commented" | "dismissed";

export interface OtherGrant {
  /** "owner/repo#number" */
  ref: string;
  expiresAt: number;
  standing: boolean;
  /** Its team's ids, when its record keeps them: a grant of another team under the same slug keeps nothing (team-ids.ts, sameTeam). */
  teamIds?: TeamIds;
}

/** Something wrong with the app's own records, found by the shell's verification. */
export interface TamperFinding {
  kind: "forged" | "edited" | "missing";
  commentId?: number;
  detail: string;
}

/** Answers to the membership look-ups the core asked for (logins in lower case). */
export interface Directory {
  /** login → active member of the organisation. */
  org: Record<string, boolean>;
  /** team slug → login → active member of the team (child teams included, as GitHub answers). */
  teams: Record<string, Record<string, boolean>>;
  /**
   * login → when the account that holds it now was created (GitHub's
   * `created_at`), for approvers a policy lists by name and who acted.
   */
  accounts?: Record<string, number>;
  /**
   * login → the numeric id of the account that holds it now, for logins a
   * policy pins to an account (`{ login, id }`) who acted or requested.
   */
  accountIds?: Record<string, number>;
  /**
   * team slug → the team now under that slug: its id, and when it was
   * created (GitHub's `created_at`), for the teams a policy lists that
   * someone looked up is a member of (team-age.ts).
   */
  teamsNow?: Record<string, { id: number; createdAt?: number }>;
  /** When the commit of the policies in force was made (undefined: not known). */
  policyCommittedAt?: number;
}

export interface DecisionInput {
  now: number;
  request: {
    /** "owner/repo#number", for messages. */
    ref: string;
    author: Person;
    body: string;
    state: "open" | "closed";
    labels: string[];
    /** Conversation locked (a finished request is locked so its trail cannot grow). */
    locked?: boolean;
    /**
     * The body's edit history as GitHub keeps it (GraphQL's
     * `userContentEdits` and `lastEditedAt`): how many entries it holds, and
     * the last edit by a person (absent: never edited). Undefined when not
     * read; then no act placed before a record can be known to be for it.
     */
    bodyEdits?: BodyEdits;
  };
  timeline: TimelineItem[];
  records: TrustedRecord[];
  findings: TamperFinding[];
  policy: PolicyLoad;
  directory: Directory;
  /**
   * An observation: while the grant was live, the requester's membership was
   * found gone, removed by someone other than the app — `by` names who when a
   * `membership` webhook said, absent when it was found gone with no webhook;
   * `at` is when it was seen. The shell sets it only after reading the
   * membership as gone.
   */
  membershipRemoved?: { by?: string; at: number };
  /**
   * An observation: the app itself already removed this grant's membership at
   * its expiry (a run still waiting to write its records when the time came
   * did it, and GitHub answered); the end is recorded as a removal without
   * sending the `DELETE` again. The shell sets it only for the expiry the
   * removal was made at.
   */
  removedAtExpiry?: number;
  /**
   * The live grant this process knows the request holds (made by it, or read
   * from the request's trail while the trail verified): when the trail no
   * longer shows it (its records deleted), the request's end still ends this
   * grant, of this team, rather than whatever the editable body names now.
   */
  heldGrant?: { team: string; teamIds?: TeamIds; standing: boolean };
  /** The requester's membership of the requested team as GitHub reports it now. */
  membership: "active" | "pending" | "none" | "unknown";
  /**
   * The request label in force for the repository. Once the app has recorded
   * a request it stays a request whatever happens to its labels: a removed
   * request label is put back.
   */
  requestLabel?: string;
  /** The app's own bot login (`<slug>[bot]`): its label changes are the app's, not approvals. */
  appLogin?: string;
  /** Set when GitHub refused the membership change the last plan asked for. */
  grantRefused?: string;
  /** Set when removing the membership failed; the removal is retried and the trail says so once. */
  removalFailed?: string;
  /**
   * Live grants of the same team to the same person on other requests
   * (undefined: not looked up). Membership goes only when the last ends, and
   * a membership held through another grant is not mistaken for standing.
   */
  otherGrants?: OtherGrant[];
}
