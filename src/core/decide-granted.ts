import { isAfter, isApp, lastLabelAdded, since, tallyApprovals } from "./approvals.js";
import { parseCommand } from "./commands.js";
import { closedBy, finish, labelled, records, type Decision, type Effect } from "./decision.js";
import { formatDuration } from "./duration.js";
import { samePerson } from "./drift.js";
import { approverProblem } from "./eligibility.js";
import { endGrant, unreadExtends } from "./end-grant.js";
import { requesterProblems } from "./evaluate-request.js";
import { sourceKey, type History } from "./history.js";
import type { DecisionInput } from "./input.js";
import type { TeamPolicy } from "./policy.js";
import type { RecordData } from "./records.js";

type Granted = Extract<RecordData, { event: "granted" }>;

/**
 * A live grant: end it when its time is up or the request is closed, on
 * `/revoke` by the requester or an approver; handle `/extend`, which needs approval like the request did and,
 * once approved, moves the expiry without a gap in membership.
 *
 * @example
 * granted(input, history, grant).state; // "granted" | "expired" | "revoked" | "revoke-failed"
 */
export function granted(input: DecisionInput, history: History, grant: Granted): Decision {
  const { requester, team } = grant;
  const expiresAt = history.expiresAt ?? grant.expiresAt;
  const closed = closedBy(input);
  if (closed) {
    const by = closed.by ?? requester;
    return endGrant(input, history, grant, (removed, keptFor) => ({ event: "revoked", requester, team, by, reason: "the request was closed", removed, ...(keptFor ? { keptFor } : {}) }), "revoked", "completed");
  }
  const removal = input.membershipRemoved;
  // Someone else removed the membership before the grant's end and after it was granted: the grant is
  // over. It is recorded, not undone: nothing is removed (it is gone) and nothing is added again.
  if (removal && removal.at < expiresAt && removal.at >= (history.granted?.at ?? 0)) {
    const data: RecordData = { event: "removed-early", requester, team, ...(removal.by === undefined ? {} : { by: removal.by }) };
    return finish(input, "revoked", [{ kind: "record", data }], "completed");
  }
  const policy = input.policy.kind === "ok" ? input.policy.policies.teams.get(team) : undefined;
  if (input.now >= expiresAt) {
    // An extension approved before the time was up, read only now (its webhook late, or the app busy): it stands.
    const late = history.extension && policy ? extendedInTime(input, history, policy, expiresAt) : undefined;
    const removedAlready = input.removedAtExpiry !== undefined && input.removedAtExpiry <= input.now;
    if (late !== undefined && !removedAlready) return labelled(input, "granted", late.effects, late.expiresAt);
    const ended = endGrant(input, history, grant, (removed, keptFor) => ({ event: "expired", requester, team, removed, ...(keptFor ? { keptFor } : {}) }), "expired", "completed");
    if (ended.state !== "expired") return ended;
    if (late === undefined) return { ...ended, effects: [...records(unreadExtends(input, history, expiresAt)), ...ended.effects] };
    // The app removed the membership at the end before it read the approval (its run still writing, or reads failing): the
    // extension would need the person added again, which nobody approved after the end: refused, saying why.
    const reason = `the extension was approved before the grant's end, but jit-access read the approval only after that end, when it had already removed @${requester} from \`${team}\`; it does not add anyone back: open a new request`;
    return { ...ended, effects: [{ kind: "record", data: { event: "extension-denied", requester, by: input.appLogin ?? "jit-access", reason } }, ...ended.effects] };
  }
  const effects: Effect[] = [];
  let extension = history.extension;
  // Commands count from the request's snapshot: a `/revoke` posted while the grant's records waited their turn is not
  // lost. Commands the pending decisions saw were counted (approvals) or answered: only what came unanswered is acted on.
  const from = since(history.snapshot ?? history.approved ?? history.granted);
  // Approvals and denials of an extension already approved or denied were judged then: not answered again.
  const settled = lastSettledExtension(input);
  for (const item of input.timeline) {
    if (item.kind !== "comment" || !isAfter(item, from)) continue;
    const key = sourceKey("comment", item.id);
    if (history.answered.has(key) || history.extendsTaken.has(key)) continue;
    // A break-glass review's `/approve` was answered by the review; it counts on only for an extension asked before it.
    if (history.reviewApprovals.has(key) && !(extension && item.seq > askedAt(input, extension))) continue;
    const parsed = parseCommand(item.body);
    if (parsed.kind === "none") continue;
    // Placed before the approval's record, after it only by the read's time: the granting decision may have counted it (an
    // approval) or it came while the records queued. Only what ends or extends the grant is acted on from there.
    const beforeRecords = history.approved !== undefined && item.seq < history.approved.seq;
    const refuse = (reason: string, command = parsed.kind === "command" ? `/${parsed.command.name}` : "command") =>
      effects.push({ kind: "record", data: { event: "attempt-refused", source: "comment", sourceId: item.id, actor: item.author.login, command, reason } });
    if (beforeRecords && parsed.kind === "command" && (parsed.command.name === "approve" || parsed.command.name === "deny") && extension && item.seq > askedAt(input, extension) && !countedForGrant(history, item.author.login)) {
      // Placed after an `/extend` but before the grant's records: it may have been meant for the pending
      // request, so it does not count for the extension (see judgeExtension); its author is told to act again.
      refuse(`this \`/${parsed.command.name}\` came before jit-access had recorded the grant, so it is not counted for the extension; to ${parsed.command.name === "approve" ? "approve" : "refuse"} the extension, comment \`/${parsed.command.name}\` again`);
      continue;
    }
    if (beforeRecords && !(parsed.kind === "command" && (parsed.command.name === "revoke" || parsed.command.name === "extend"))) continue;
    if (parsed.kind === "invalid") {
      refuse(parsed.message);
      continue;
    }
    const { command } = parsed;
    const author = item.author;
    const isRequester = samePerson(author, input.request.author); // the issue's author, as an account (renamed, still them)
    if (command.name === "revoke") {
      const problem = isRequester ? undefined : policy ? approverProblem(author, input.request.author, policy, input.directory) : revokeWithoutPolicy(author, history, policyGone(input, team));
      if (problem === undefined && !item.edited) {
        return endGrant(input, history, grant, (removed, keptFor) => ({ event: "revoked", requester, team, by: author.login, reason: "`/revoke`", removed, ...(keptFor ? { keptFor } : {}) }), "revoked", "completed");
      }
      refuse(problem ?? "a `/revoke` comment that was edited does not count; post a new one");
    } else if (command.name === "extend") {
      let ineligible: string | undefined;
      const problem = !isRequester
        ? "only the requester can ask for more time"
        : item.edited
          ? "an `/extend` comment that was edited does not count; post a new one"
          : extension
            ? "an extension is already waiting for approval"
            : !policy
              ? `no extension can be asked for while ${policyGone(input, team)}`
              : (ineligible = extensionIneligible(input, policy)) !== undefined
                ? ineligible
                : expiresAt + command.durationMs - input.now > policy.maxDurationMs
                ? `with ${command.durationText} more, the grant would run ${formatDuration(expiresAt + command.durationMs - input.now)} from now, longer than the maximum for \`${team}\`, ${formatDuration(policy.maxDurationMs)}: ${roomToExtend(input.now, expiresAt, policy.maxDurationMs)}`
                : undefined;
      if (problem !== undefined || !policy) {
        refuse(problem ?? "the policy cannot be read");
        continue;
      }
      const data: Extract<RecordData, { event: "extension-requested" }> = { event: "extension-requested", requester, team, durationMs: command.durationMs, sourceId: item.id, approvalsNeeded: policy.approvals };
      effects.push({ kind: "record", data });
      extension = { seq: Infinity, commentId: 0, at: input.now, data };
    } else if (settled !== undefined && item.seq < settled) {
      continue;
    } else if (!extension || item.seq <= askedAt(input, extension) || (command.name !== "approve" && command.name !== "deny")) {
      refuse(command.name === "deny"
        ? "access is already granted; use `/revoke` to end it early"
        : `access is already granted until ${new Date(expiresAt).toISOString()}; to ask for more time the requester comments \`/extend <duration>\``);
    }
  }

  let expiry = expiresAt;
  if (history.extension && policy) {
    const outcome = extensionEdited(input, history, expiresAt) ?? judgeExtension(input, history, policy, expiresAt);
    effects.push(...outcome.effects);
    expiry = outcome.expiresAt;
  }
  // No notice before the end: the grant record names the expiry and how to extend (docs/decisions.md, "One record per grant").
  return labelled(input, "granted", effects, expiry);
}

/** Whether the granting decision counted an approval by this login (the `approved` record names each approver). */
function countedForGrant(history: History, login: string): boolean {
  const lower = login.toLowerCase();
  return history.approved?.data.approvers.some((a) => a.toLowerCase() === lower) ?? false;
}

/** The timeline place of the last extension's settlement (its `extended` or `extension-denied` record), if any. */
function lastSettledExtension(input: DecisionInput): number | undefined {
  return input.records.filter((r) => r.data.event === "extended" || r.data.event === "extension-denied").at(-1)?.seq;
}

/**
 * Who may `/revoke` someone else's grant while its team's policy cannot be
 * read (taken out, not loading, the request moved where no policy applies):
 * an approver this grant's `approved` record names, as the signed trail
 * keeps them. Ending access early is the safe direction, and taking a team
 * out of the policies must not take from its approvers the way to end a
 * grant they gave. Undefined when `author` may; otherwise why not.
 *
 * @example
 * revokeWithoutPolicy({ login: "alice", bot: false }, history, "the policies no longer define `ops`"); // undefined
 */
function revokeWithoutPolicy(author: { login: string; bot: boolean }, history: History, gone: string): string | undefined {
  const approvers = history.approved?.data.approvers ?? [];
  if (!author.bot && approvers.some((a) => a.toLowerCase() === author.login.toLowerCase())) return undefined;
  const who = approvers.length === 0 ? "the requester" : `the requester or an approver of this grant (${approvers.map((a) => `@${a}`).join(", ")})`;
  return `only ${who} can revoke while ${gone}`;
}

/**
 * What an `/extend` longer than the policy's maximum allows instead: at
 * most the time left under it, or nothing when the grant already runs to
 * within a minute of it (the maximum was lowered, or nearly all of it asked
 * for): then it ends as planned, and more needs a new request.
 *
 * @example
 * roomToExtend(now, now + 90 * 60_000, 2 * 3_600_000); // "ask for at most 30m"
 */
function roomToExtend(now: number, expiresAt: number, maxDurationMs: number): string {
  // Whole minutes, rounded down: what is asked for must fit.
  const room = Math.floor((now + maxDurationMs - expiresAt) / 60_000) * 60_000;
  if (room > 0) return `ask for at most ${formatDuration(room)}`;
  return `it already runs ${formatDuration(expiresAt - now)} from now, so it cannot be extended under that maximum; it ends as planned, and more time needs a new request once it has ended`;
}

/**
 * The timeline place of the `/extend` comment an extension was recorded for
 * (its record's, if the comment is gone): approvals of the extension count
 * from there.
 *
 * @example
 * askedAt(input, history.extension); // 12
 */
export function askedAt(input: DecisionInput, extension: { seq: number; data: { sourceId: number } }): number {
  return input.timeline.find((item) => item.kind === "comment" && item.id === extension.data.sourceId)?.seq ?? extension.seq;
}

/**
 * At or after the expiry, the pending extension judged on what was posted
 * before the expiry alone (GitHub dates each comment, label and review): the
 * extension it approved, undefined when that left it unapproved or its new
 * expiry has passed too.
 */
function extendedInTime(input: DecisionInput, history: History, policy: TeamPolicy, expiresAt: number): { effects: Effect[]; expiresAt: number } | undefined {
  if (extensionEdited(input, history, expiresAt) !== undefined) return undefined;
  const before: DecisionInput = { ...input, now: expiresAt - 1, timeline: input.timeline.filter((item) => item.at < expiresAt) };
  const outcome = judgeExtension(before, history, policy, expiresAt);
  return outcome.expiresAt > input.now ? outcome : undefined;
}

/**
 * A recorded `/extend` whose comment was edited since: approvals would not be
 * of what was asked (the record keeps the first duration), so the extension
 * is refused and a new `/extend` is needed.
 */
function extensionEdited(input: DecisionInput, history: History, expiresAt: number): { effects: Effect[]; expiresAt: number } | undefined {
  const extension = history.extension!;
  const asked = input.timeline.find((item) => item.kind === "comment" && item.id === extension.data.sourceId);
  if (asked?.kind !== "comment" || !asked.edited) return undefined;
  const by = asked.editedBy ?? asked.author.login;
  const reason = `the \`/extend\` comment was edited${asked.editedBy ? ` by @${asked.editedBy}` : ""} after it was recorded, so approvals could not tell what they approve; the requester posts a new \`/extend\``;
  const data: RecordData = { event: "extension-denied", requester: input.request.author.login, by, reason };
  return { effects: [{ kind: "record", data }], expiresAt };
}

/**
 * The approval label added after an `/extend` but before the grant's own
 * records (which queued): it may have been meant for the pending request,
 * so it does not count for the extension, as an `/approve` placed there does
 * not; it is taken off and its adder told to add it again.
 */
function labelsBeforeGrantRecords(input: DecisionInput, history: History, policy: TeamPolicy, asked: number, granted: number): Effect[] {
  const label = policy.approvalLabel?.toLowerCase();
  if (label === undefined || !input.request.labels.some((l) => l.toLowerCase() === label)) return [];
  const effects: Effect[] = [];
  // Only the add the label on the issue comes from.
  const last = lastLabelAdded(input, label);
  for (const item of input.timeline) {
    if (item.kind !== "labeled" || item.seq !== last || item.seq <= asked || item.seq >= granted || item.label.toLowerCase() !== label) continue;
    if (isApp(item.actor.login, input) || countedForGrant(history, item.actor.login)) continue;
    // Taken off until it is gone (a removal is best effort), answered once.
    if (!effects.some((e) => e.kind === "remove-label")) effects.push({ kind: "remove-label", label: item.label });
    if (history.answered.has(sourceKey("label", item.id))) continue;
    effects.push({ kind: "record", data: { event: "attempt-refused", source: "label", sourceId: item.id, actor: item.actor.login, command: `label ${item.label}`, reason: "this label came before jit-access had recorded the grant, so it is not counted for the extension; the label was removed: to approve the extension, add it again" } });
  }
  return effects;
}

/** Why the requester may not be given more time now (as a new request would be refused), or undefined. */
function extensionIneligible(input: DecisionInput, policy: TeamPolicy): string | undefined {
  const problems = requesterProblems(input.request.author, policy, input.directory);
  return problems.length === 0 ? undefined : `${problems.join("; ")}; more time needs the policy to allow the request now, as a new request would`;
}

/** Approvals of a pending extension, judged like the request's: since the extension was recorded. */
function judgeExtension(input: DecisionInput, history: History, policy: TeamPolicy, expiresAt: number): { effects: Effect[]; expiresAt: number } {
  const extension = history.extension!;
  const requester = input.request.author.login;
  // Approvals count from the `/extend` comment itself, not its record (one made while the record queued counts), but
  // never from before the grant's own records: an `/extend` placed there would take the request's approval for its own.
  const granted = history.granted?.seq ?? history.approved?.seq ?? -1;
  const tally = tallyApprovals(input, policy, { seq: Math.max(askedAt(input, extension), granted) }, history, "extension");
  const effects: Effect[] = [...records(tally.records), ...labelsBeforeGrantRecords(input, history, policy, askedAt(input, extension), granted)];
  for (const label of tally.labelsToRemove) effects.push({ kind: "remove-label", label });
  if (tally.deny) {
    effects.push({ kind: "record", data: { event: "extension-denied", requester, by: tally.deny.by, reason: tally.deny.reason } });
    return { effects, expiresAt };
  }
  const ineligible = tally.count >= policy.approvals ? extensionIneligible(input, policy) : undefined;
  if (ineligible !== undefined) {
    effects.push({ kind: "record", data: { event: "extension-denied", requester, by: input.appLogin ?? "jit-access", reason: ineligible } });
    return { effects, expiresAt };
  }
  if (tally.count >= policy.approvals) {
    // Never more than the policy's maximum from the moment it is approved.
    const next = Math.min(expiresAt + extension.data.durationMs, input.now + policy.maxDurationMs);
    const data: RecordData = { event: "extended", requester, team: extension.data.team, previousExpiresAt: expiresAt, expiresAt: next, approvers: tally.approvals.map((a) => a.login) };
    if (input.policy.kind === "ok") data.policyRef = input.policy.policies.ref;
    effects.push({ kind: "record", data });
    return { effects, expiresAt: next };
  }
  for (const approval of tally.approvals) {
    if (history.recorded.has(sourceKey(approval.source, approval.sourceId))) continue;
    effects.push({ kind: "record", data: { event: "approval", source: approval.source, sourceId: approval.sourceId, by: approval.login, requestHash: "extension", count: tally.count, needed: policy.approvals } });
  }
  return { effects, expiresAt };
}

/**
 * Why a live grant's team has no policy now, for the refusal of a command
 * that needs one: the request's repository is not (or no longer) one whose
 * policies count, the policies do not load, or they no longer define the team.
 *
 * @example
 * policyGone(input, "ops"); // "the policies no longer define `ops`: …"
 */
function policyGone(input: DecisionInput, team: string): string {
  switch (input.policy.kind) {
    case "ok":
      return `the policies no longer define \`${team}\`: a policy change that defines it again lets this request go on`;
    case "missing":
      return `no policy applies here: ${input.policy.message}`;
    default:
      return "the policies do not load (the policy check on the policy folder's last change says why): fix them and try again";
  }
}
