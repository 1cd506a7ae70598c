import { isAfter } from "./approvals.js";
import { snapshotSince } from "./pending-window.js";
import { parseCommand } from "./commands.js";
import { formatDuration } from "./duration.js";
import { describe, isListed } from "./evaluate-request.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput, Person, TimelineItem } from "./input.js";
import { numberFor, pinnedAccountProblem } from "./pinned-account.js";
import { inCountedTeam, takenTeamProblem } from "./team-age.js";
import type { Principals, TeamPolicy } from "./policy.js";
import type { BreakGlassGrant, RecordData } from "./records.js";

type CommentItem = Extract<TimelineItem, { kind: "comment" }>;

/** How break-glass was asked for on a request. */
export type BreakGlassAsk = { via: "form" } | { via: "comment"; comment: CommentItem };

/**
 * Why break-glass cannot grant this request now, or undefined when it can.
 * The person must be listed under the team's `break_glass.requesters` (an
 * active member now), the duration within `break_glass.max_duration`, and
 * hold no other live grant of the team: break-glass never adds to access one
 * already has, so grants cannot be chained past the maximum without an
 * approval. The form's Emergency box counts only when the description was
 * never edited (GitHub's edit history for the body is empty): whoever ticks
 * the box must be the requester as they open it, and an edit, even their own,
 * cannot show when the box was ticked; an unread history fails closed.
 *
 * @example
 * breakGlassProblem(input, policy, 3_600_000, { via: "form" });
 * // "the policy for `ops` allows no break-glass"
 */
export function breakGlassProblem(input: DecisionInput, policy: TeamPolicy, durationMs: number, ask: BreakGlassAsk | "recorded"): string | undefined {
  const requester = input.request.author;
  // "recorded": the ask was accepted before (its record says so) and is checked again before granting.
  if (ask !== "recorded" && ask.via === "comment") {
    if (ask.comment.author.login.toLowerCase() !== requester.login.toLowerCase()) {
      return `only the requester, @${requester.login}, can declare an emergency on their own request; open your own request to break the glass, or approve this one with \`/approve\``;
    }
    if (ask.comment.edited) return "a `/break-glass` comment that was edited does not count; post a new one";
  } else if (ask !== "recorded" && (input.request.bodyEdits === undefined || input.request.bodyEdits.count > 0 || input.request.bodyEdits.last !== undefined)) {
    const edits = input.request.bodyEdits;
    return edits === undefined
      ? "jit-access could not tell whether the request's description was edited, so the Emergency box does not count; comment `/break-glass` on a line of its own instead"
      : `the Emergency box counts only when ticked by the requester as the request was opened, and the description has been edited since${edits.last ? ` (last by @${edits.last.by})` : ""}; comment \`/break-glass\` on a line of its own instead`;
  }
  const glass = policy.breakGlass;
  if (!glass) return `the policy for \`${policy.team}\` allows no break-glass; an approver must approve the request`;
  if (!isListed(requester.login, glass.requesters, input.directory)) {
    const taken = takenTeamProblem(requester.login, glass.requesters, input.directory, "break_glass.requesters.teams");
    return `@${requester.login} may not break the glass for \`${policy.team}\`: ${taken === undefined ? "" : `${taken}; `}its policy allows ${describe(glass.requesters)}; an approver must approve the request`;
  }
  const reclaimed = reclaimedRequester(requester, glass.requesters, input.directory);
  if (reclaimed) return `${reclaimed}; an approver must approve the request`;
  if (durationMs > glass.maxDurationMs) {
    return `the Duration ${formatDuration(durationMs)} is longer than the break-glass maximum for \`${policy.team}\`, ${formatDuration(glass.maxDurationMs)}: change the Duration to ${formatDuration(glass.maxDurationMs)} or less, or wait for an approval`;
  }
  const live = (input.otherGrants ?? []).find((g) => g.expiresAt > input.now && g.ref !== input.request.ref);
  if (live) {
    return `@${requester.login} already holds \`${policy.team}\` through ${live.ref} until ${new Date(live.expiresAt).toISOString()}; break-glass never adds to a live grant, so more time needs an approval: comment \`/extend <duration>\` there`;
  }
  return undefined;
}

/**
 * The `/break-glass` comments on a pending request that are not judged yet:
 * posted where approvals count (after the snapshot's record, or before a
 * first record of a body never edited: see snapshotSince) and not answered.
 *
 * @example
 * breakGlassComments(input, history).map((c) => c.id); // [104]
 */
export function breakGlassComments(input: DecisionInput, history: History): CommentItem[] {
  const from = snapshotSince(input, history);
  return openBreakGlass(input, history).filter((item) => isAfter(item, from));
}

/**
 * Answers to the `/break-glass` comments placed before the snapshot's
 * record, after the place before it (made while the trail showed earlier
 * terms, or while the record waited its turn), that no count takes up: each
 * is asked again, once.
 *
 * @example
 * breakGlassBeforeRecord(input, history); // [{ event: "attempt-refused", command: "/break-glass", … }]
 */
export function breakGlassBeforeRecord(input: DecisionInput, history: History): RecordData[] {
  const from = snapshotSince(input, history);
  return openBreakGlass(input, history)
    .filter((item) => !isAfter(item, from) && item.seq > (from.floor ?? -1))
    .map((item) => ({ event: "attempt-refused", source: "comment", sourceId: item.id, actor: item.author.login, command: "/break-glass", reason: "it was made before jit-access read the request recorded above, so it cannot be known to be for this version of it; post `/break-glass` again" }));
}

/**
 * Every `/break-glass` comment neither answered nor taken up by an approval:
 * what a decision that ends the request (a `/deny`) answers.
 *
 * @example
 * openBreakGlass(input, history).map((c) => c.id); // [104]
 */
export function openBreakGlass(input: DecisionInput, history: History): CommentItem[] {
  return input.timeline.filter((item): item is CommentItem => {
    if (item.kind !== "comment" || item.author.bot) return false;
    const key = sourceKey("comment", item.id);
    if (history.answered.has(key) || history.glassTaken.has(key)) return false;
    const parsed = parseCommand(item.body);
    return parsed.kind === "command" && parsed.command.name === "break-glass";
  });
}

/**
 * The break-glass part of an approval record: how it was asked for, who is
 * told, and when the review is due.
 *
 * @example
 * breakGlassGrant(input, policy, { via: "form" }).reviewDueAt; // now + review_within
 */
export function breakGlassGrant(input: DecisionInput, policy: TeamPolicy, ask: BreakGlassAsk): BreakGlassGrant {
  const glass = policy.breakGlass!;
  const grant: BreakGlassGrant = { via: ask.via, notify: glass.notify, reviewDueAt: input.now + glass.reviewWithinMs };
  if (ask.via === "comment") grant.sourceId = ask.comment.id;
  return grant;
}

/**
 * A refusal of a `/break-glass` comment, answered once.
 *
 * @example
 * refuseBreakGlass(comment, "the policy for `ops` allows no break-glass; …").command; // "/break-glass"
 */
export function refuseBreakGlass(comment: CommentItem, reason: string): RecordData {
  return { event: "attempt-refused", source: "comment", sourceId: comment.id, actor: comment.author.login, command: "/break-glass", reason };
}

/**
 * Why a break-glass requester listed only by login may not be the person the
 * policy meant: the account holding the login was created after the
 * policies' commit (renamed away and claimed by someone else), or its
 * creation could not be read while that commit's date is known. Break-glass
 * grants without any approval, so it fails closed where an approver check
 * would not need to. A member of a listed team is judged by that membership.
 */
function reclaimedRequester(requester: Person, who: Principals, directory: DecisionInput["directory"]): string | undefined {
  const { login } = requester;
  const lower = login.toLowerCase();
  if (!who.users.some((u) => u.toLowerCase() === lower) || inCountedTeam(lower, who, directory)) return undefined;
  // A pinned login is judged by its account id alone, which is exact.
  if (numberFor(who.ids, lower) !== undefined) return pinnedAccountProblem(requester, who, directory, "break_glass.requesters.users");
  const committed = directory.policyCommittedAt;
  if (committed === undefined) return undefined;
  const created = numberFor(directory.accounts, lower);
  if (created === undefined) return `jit-access could not read when the account @${login} was created, so it cannot tell that it is the person \`break_glass.requesters\` names`;
  if (created <= committed) return undefined;
  return `@${login} is listed in \`break_glass.requesters\`, but the account now holding that login was created on ${new Date(created).toISOString()}, after the policy naming it was committed (${new Date(committed).toISOString()}): the login was renamed and claimed by someone else; a maintainer must confirm the person in the policy again (commit it anew)`;
}
