import { describe, expect, it } from "vitest";
import { decide, type Effect } from "../../src/core/decide.js";
import type { BodyEdits, DecisionInput, Person, TamperFinding } from "../../src/core/input.js";
import { parsePolicies } from "../../src/core/policy.js";
import type { RecordData } from "../../src/core/records.js";
import { alice, BREAK_GLASS, emergencyBody, formBody, glassPolicy, jane, onCall, Story, T0, withTeam } from "./fixtures.js";

/**
 * The attack matrix over the pure core: each case is named after an attack
 * and scripts it as a timeline. After the story settles (the app deciding
 * and recording until nothing changes), an attack must not have added anyone
 * to the team; the positive controls must have.
 */
const bob: Person = { login: "bob", bot: false };
const carol: Person = { login: "carol", bot: false };
const LABEL = "access-approved";

interface Attack {
  name: string;
  /** Acts on the story after the request was recorded; returns input overrides for the final decisions. */
  act(story: Story): Partial<DecisionInput> | void;
  /** Overrides for every decision, from the start. */
  setup?: Partial<DecisionInput>;
  /** Acts on the story before the app first records the request (the app was down, or its write queued). */
  before?(story: Story): void;
  granted?: boolean;
  /** A substring expected in some record the app wrote. */
  says?: string;
}

function settle(story: Story, overrides: Partial<DecisionInput>): { effects: Effect[]; state: string } {
  const all: Effect[] = [];
  let state = "";
  for (let i = 0; i < 6; i++) {
    const decision = decide(story.input(overrides));
    state = decision.state;
    if (decision.effects.every((e) => e.kind !== "record")) break;
    all.push(...decision.effects);
    story.apply(decision.effects);
  }
  return { effects: all, state };
}

const said = (effects: Effect[]) => effects.filter((e): e is Extract<Effect, { kind: "record" }> => e.kind === "record").map((e) => JSON.stringify(e.data as RecordData)).join("\n");
const labelled = (story: Story, labels: string[]) => ({ request: { ...story.input().request, labels } });
const finding = (kind: TamperFinding["kind"], detail: string): TamperFinding[] => [{ kind, commentId: 7, detail }];

/** Break-glass allowed for jane (on call), the request's body never edited. */
const glass = (body: string): Partial<DecisionInput> => ({ policy: glassPolicy, directory: onCall, request: { ...new Story().input().request, body, bodyEdits: { count: 0 } } });
const bobOnCall = { ...onCall, teams: { ...onCall.teams, "platform-oncall": { jane: true, bob: true } } };
/** The body's edit history as GitHub reports it (see BodyEdits). */
const edits = (bodyEdits: BodyEdits, story = new Story()): Partial<DecisionInput> => ({ request: { ...story.input().request, bodyEdits } });
const bodyIs = (body: string): Partial<DecisionInput> => ({ request: { ...new Story().input().request, body } });
/** A form whose rendered Team heading (`### Team ###`) shows `shown`, with a `### Team` naming `hidden` in an HTML comment. */
const decoy = (shown: string, hidden: string) => formBody({ team: shown }).replace("### Team\n", "### Team ###\n").replace("\n\n### Duration", `\n\n<!--\n### Team\n\n${hidden}\n-->\n\n### Duration`);

/** alice, listed as the approver by name, pinned to the account with id 100. */
const PINNED_ALICE = { users: ["alice"], teams: [], ids: { alice: 100 } };
const pinnedAlice = withTeam({ approvers: PINNED_ALICE });

/** Two approvals, the form's Duration left empty (the policy's default applies), the body never edited. */
const twoByDefault = (defaultDurationMs: number): Partial<DecisionInput> => ({ policy: withTeam({ approvals: 2, defaultDurationMs, maxDurationMs: 8 * 3_600_000 }), request: { ...new Story().input().request, body: formBody({ duration: "" }), bodyEdits: { count: 0 } } });
/** Requests allowed from members of engineering only; jane outside it, or inside it. */
const engineeringOnly = withTeam({ requesters: { users: [], teams: ["engineering"] } });
const janeOutside = { org: { jane: true, alice: true }, teams: { engineering: { jane: false } } };
const janeInside = { ...janeOutside, teams: { engineering: { jane: true } } };

const ATTACKS: Attack[] = [
  // --- comment path ---
  { name: "self-approval", act: (s) => void s.comment(jane, "/approve"), says: "cannot approve your own request" },
  { name: "self-approval with the login in another case", act: (s) => void s.comment({ login: "JANE", bot: false }, "/approve"), says: "cannot approve your own request" },
  { name: "self-approval by an approver who requests", setup: { request: { ...new Story().input().request, author: alice } }, act: (s) => void s.comment(alice, "/approve"), says: "cannot approve your own request" },
  { name: "quoted /approve", act: (s) => void s.comment(alice, "> /approve") },
  { name: "nested quoted /approve", act: (s) => void s.comment(alice, "> > /approve") },
  { name: "/approve in a code span", act: (s) => void s.comment(alice, "`/approve`") },
  { name: "/approve in a fenced block", act: (s) => void s.comment(alice, "```\n/approve\n```") },
  { name: "/approve in a tilde fence", act: (s) => void s.comment(alice, "~~~\n/approve\n~~~") },
  { name: "/approve in an unclosed fence", act: (s) => void s.comment(alice, "```\n/approve") },
  { name: "/approve in an HTML comment", act: (s) => void s.comment(alice, "<!-- /approve -->") },
  { name: "/approve in a multi-line HTML comment", act: (s) => void s.comment(alice, "<!--\n/approve\n-->") },
  { name: "/approve in an indented code block", act: (s) => void s.comment(alice, "    /approve") },
  { name: "homoglyph slash (full width)", act: (s) => void s.comment(alice, "／approve") },
  { name: "homoglyph slash (division slash)", act: (s) => void s.comment(alice, "∕approve") },
  { name: "Cyrillic a in approve", act: (s) => void s.comment(alice, "/\u0430pprove") },
  { name: "zero-width space before the command", act: (s) => void s.comment(alice, "\u200b/approve") },
  { name: "zero-width joiner inside the command", act: (s) => void s.comment(alice, "/app\u200drove") },
  { name: "zero-width space after the command", act: (s) => void s.comment(alice, "/approve\u200b") },
  { name: "/approve mid-sentence", act: (s) => void s.comment(alice, "I will /approve tomorrow") },
  { name: "a longer word, /approved", act: (s) => void s.comment(alice, "/approved") },
  { name: "/approve with trailing words", act: (s) => void s.comment(alice, "/approve but only for today"), says: "takes no argument" },
  // what GitHub renders as no command of its own (parsed as CommonMark/GFM)
  { name: "lazily continued quote, then /approve", act: (s) => void s.comment(alice, "> quote\n/approve") },
  { name: "lazily continued nested quote, then /approve", act: (s) => void s.comment(alice, "> > quote\n/approve") },
  { name: "lazily continued list item, then /approve", act: (s) => void s.comment(alice, "- item\n/approve") },
  { name: "/approve in a fence inside a list item", act: (s) => void s.comment(alice, "- item\n\n  ```\n  /approve\n  ```") },
  { name: "/approve after a closing fence with text after it", act: (s) => void s.comment(alice, "```\nlog\n``` x\n/approve") },
  { name: "/approve in a <pre> block", act: (s) => void s.comment(alice, "<pre>\n/approve\n</pre>") },
  { name: "/approve inside a collapsed <details>", act: (s) => void s.comment(alice, "<details><summary>logs</summary>\n\n/approve\n\n</details>") },
  { name: "/approve after an unclosed <div>", act: (s) => void s.comment(alice, "<div>\n\n/approve") },
  { name: "/approve after an unterminated tag", act: (s) => void s.comment(alice, "<details\n\n/approve") },
  { name: "/approve after an element opened inline", act: (s) => void s.comment(alice, "see <details>\n/approve") },
  { name: "/approve in the same HTML block as a comment", act: (s) => void s.comment(alice, "<!-- x -->/approve") },
  { name: "/approve as a setext heading", act: (s) => void s.comment(alice, "/approve\n---") },
  { name: "/approve in a list item", act: (s) => void s.comment(alice, "- /approve") },
  { name: "/approve in a task list item", act: (s) => void s.comment(alice, "- [x] /approve") },
  { name: "/approve in a table cell", act: (s) => void s.comment(alice, "| a |\n| --- |\n| /approve |") },
  { name: "/approve as a link reference definition", act: (s) => void s.comment(alice, "[x]: /approve") },
  { name: "/approve in a footnote definition", act: (s) => void s.comment(alice, "[^1]: /approve") },
  { name: "/approve in emphasis", act: (s) => void s.comment(alice, "*/approve*") },
  { name: "/approve as a link's text", act: (s) => void s.comment(alice, "[/approve](https://example.com)") },
  { name: "entity-encoded slash, &#47;approve", act: (s) => void s.comment(alice, "&#47;approve") },
  { name: "backslash-escaped slash, \\/approve", act: (s) => void s.comment(alice, "\\/approve") },
  { name: "entity line break before /approve", act: (s) => void s.comment(alice, "LGTM&#10;/approve") },
  { name: "/approve on a continuation line indented four spaces", act: (s) => void s.comment(alice, "LGTM\n    /approve") },
  { name: "/approve with a link on its line", act: (s) => void s.comment(alice, "/approve https://example.com/INC-1"), says: "which makes it no command" },
  { name: "edited approval comment", act: (s) => void s.comment(alice, "/approve", { edited: true }), says: "was edited does not count" },
  { name: "approval by someone not an approver", act: (s) => void s.comment(bob, "/approve"), says: "@bob is not an approver" },
  { name: "bot approver named like a person", act: (s) => void s.comment({ login: "alice", bot: true }, "/approve"), says: "is a bot" },
  { name: "bot approver with a [bot] login", act: (s) => void s.comment({ login: "deploy[bot]", bot: true }, "/approve"), says: "is a bot" },
  { name: "the app's own bot login", act: (s) => void s.comment({ login: "jit-access[bot]", bot: true }, "/approve"), says: "is a bot" },
  // --- listed approvers must still belong to the organisation ---
  { name: "listed approver who left the organisation", setup: { directory: { org: { jane: true }, teams: {} } }, act: (s) => void s.comment(alice, "/approve"), says: "not an active member of the organisation" },
  { name: "listed approver who left the organisation, by label", setup: { policy: withTeam({ approvalLabel: LABEL }), directory: { org: { jane: true }, teams: {} } }, act: (s) => { s.label(alice, LABEL); return labelled(s, ["access-request", LABEL]); }, says: "not an active member of the organisation" },
  { name: "listed approver who left the organisation, by review", setup: { directory: { org: { jane: true }, teams: {} } }, act: (s) => void s.review(alice, "approved"), says: "not an active member of the organisation" },
  { name: "listed approver who left, counted as a distinct team", setup: { policy: withTeam({ approvals: 2, distinctTeams: true }), directory: { org: { jane: true }, teams: { "platform-leads": { carol: true } } } }, act: (s) => { s.comment(carol, "/approve"); s.comment(alice, "/approve"); } },
  // --- a listed login renamed away and claimed by someone else ---
  { name: "listed approver login reclaimed after the policy's commit", setup: { directory: { org: { jane: true, alice: true }, teams: {}, accounts: { alice: T0 - 1000 }, policyCommittedAt: T0 - 5000 } }, act: (s) => void s.comment(alice, "/approve"), says: "renamed and claimed by someone else" },
  { name: "listed approver login reclaimed, by label", setup: { policy: withTeam({ approvalLabel: LABEL }), directory: { org: { jane: true, alice: true }, teams: {}, accounts: { alice: T0 - 1000 }, policyCommittedAt: T0 - 5000 } }, act: (s) => { s.label(alice, LABEL); return labelled(s, ["access-request", LABEL]); }, says: "renamed and claimed by someone else" },
  { name: "listed approver login reclaimed, by review", setup: { directory: { org: { jane: true, alice: true }, teams: {}, accounts: { alice: T0 - 1000 }, policyCommittedAt: T0 - 5000 } }, act: (s) => void s.review(alice, "approved"), says: "renamed and claimed by someone else" },
  // --- a listed login pinned to an account ({ login, id }), taken by another account: new, or older than the policy ---
  { name: "pinned approver login taken by an account older than the policy", setup: { policy: pinnedAlice, directory: { org: { jane: true, alice: true }, teams: {}, accounts: { alice: T0 - 9_000_000 }, accountIds: { alice: 200 }, policyCommittedAt: T0 - 5000 } }, act: (s) => void s.comment(alice, "/approve"), says: "pinned in `approvers.users` to the account with id 100, but the login is now held by the account with id 200" },
  { name: "pinned approver login taken by another account, by label", setup: { policy: withTeam({ approvers: PINNED_ALICE, approvalLabel: LABEL }), directory: { org: { jane: true, alice: true }, teams: {}, accountIds: { alice: 200 } } }, act: (s) => { s.label(alice, LABEL); return labelled(s, ["access-request", LABEL]); }, says: "held by the account with id 200" },
  { name: "pinned approver login taken by another account, by review", setup: { policy: pinnedAlice, directory: { org: { jane: true, alice: true }, teams: {}, accountIds: { alice: 200 } } }, act: (s) => void s.review(alice, "approved"), says: "held by the account with id 200" },
  { name: "pinned approver login whose account could not be read", setup: { policy: pinnedAlice, directory: { org: { jane: true, alice: true }, teams: {} } }, act: (s) => void s.comment(alice, "/approve"), says: "could not read which account holds the login @alice" },
  { name: "pinned approver login taken by another account between the approval record and the grant", setup: { policy: pinnedAlice, directory: { org: { jane: true, alice: true }, teams: {}, accountIds: { alice: 100 } } }, act: (s) => { s.comment(alice, "/approve"); s.apply(decide(s.input({ policy: pinnedAlice, directory: { org: { jane: true, alice: true }, teams: {}, accountIds: { alice: 100 } } })).effects.filter((e) => e.kind === "record" && (e.data as RecordData).event !== "granted")); return { directory: { org: { jane: true, alice: true }, teams: {}, accountIds: { alice: 200 } } }; } },
  { name: "pinned approver login: the comment's own account is another, though the login's look-up reads as the pinned one", setup: { policy: pinnedAlice, directory: { org: { jane: true, alice: true }, teams: {}, accountIds: { alice: 100 } } }, act: (s) => void s.comment({ login: "alice", bot: false, id: 200 }, "/approve"), says: "held by the account with id 200" },
  { name: "request by a pinned requester login taken by another account", setup: { policy: withTeam({ requesters: { users: ["jane"], teams: [], ids: { jane: 300 } } }), directory: { org: { jane: true, alice: true }, teams: {}, accountIds: { jane: 301 } } }, act: (s) => void s.comment(alice, "/approve"), says: "so @jane may not request" },
  { name: "/break-glass by a pinned break_glass requester login taken by another account", setup: { ...glass(formBody()), policy: withTeam({ breakGlass: { ...BREAK_GLASS, requesters: { users: ["jane"], teams: [], ids: { jane: 300 } } } }), directory: { ...onCall, accountIds: { jane: 301 } } }, act: (s) => void s.comment(jane, "/break-glass"), says: "pinned in `break_glass.requesters.users`" },
  { name: "bare approver login named like an inherited property (constructor), claimed after the policy, beside a pinned approver", setup: { policy: withTeam({ approvers: { users: ["constructor", "bob"], teams: [], ids: { bob: 5 } } }), directory: { org: { jane: true, constructor: true, bob: true }, teams: {}, accounts: { constructor: T0 - 1000 }, accountIds: { bob: 5 }, policyCommittedAt: T0 - 5000 } }, act: (s) => void s.comment({ login: "constructor", bot: false }, "/approve"), says: "renamed and claimed by someone else" },
  // --- status labels are the app's alone ---
  { name: "a label an approver added for another reason, renamed into the approval label", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => { s.label(alice, LABEL, "labeled", { renamed: true }); return labelled(s, ["access-request", LABEL]); }, says: "renamed or edited after @alice added it" },
  { name: "a label added before an approving review, renamed into the request label so that the review seems given to a request", setup: { request: { ...new Story().input().request, bodyEdits: { count: 0 } }, requestLabel: "access-request" }, before: (s) => { s.label(jane, "access-request", "labeled", { renamed: true }); s.review(carol, "approved"); }, act: () => undefined, says: "before the issue was labelled an access request" },
  { name: "status label access:granted added by hand", setup: { appLogin: "jit-access[bot]" }, act: (s) => { s.label(bob, "access:granted"); return labelled(s, ["access-request", "access:pending", "access:granted"]); }, says: "set by jit-access alone" },
  { name: "status label access:approved-looking added by an approver", setup: { appLogin: "jit-access[bot]" }, act: (s) => { s.label(alice, "access:granted"); return labelled(s, ["access-request", "access:granted"]); }, says: "set by jit-access alone" },
  { name: "status label added by a user named like the app", setup: { appLogin: "jit-access[bot]" }, act: (s) => { s.label({ login: "jit-access", bot: false }, "access:granted"); return labelled(s, ["access-request", "access:granted"]); }, says: "set by jit-access alone" },
  { name: "approver who left the team before the grant", act: (s) => void s.comment(carol, "/approve"), setup: { directory: { org: { jane: true }, teams: { "platform-leads": { carol: false } } } }, says: "@carol is not an approver" },
  { name: "approver whose team membership is only pending", act: (s) => void s.comment(carol, "/approve"), setup: { directory: { org: { jane: true }, teams: {} } }, says: "@carol is not an approver" },
  { name: "same approver twice with different case", setup: { policy: withTeam({ approvals: 2 }) }, act: (s) => { s.comment(alice, "/approve"); s.comment({ login: "ALICE", bot: false }, "/approve"); }, says: "already approved" },
  { name: "same approver by comment and by label", setup: { policy: withTeam({ approvals: 2, approvalLabel: LABEL }) }, act: (s) => { s.comment(alice, "/approve"); s.label(alice, LABEL); return labelled(s, ["access-request", LABEL]); } },
  { name: "approval then body edit", act: (s) => { s.comment(alice, "/approve"); return { request: { ...s.input().request, body: formBody({ justification: "something else" }) } }; }, says: '"voided":["alice"]' },
  { name: "approval then duration edit", act: (s) => { s.comment(alice, "/approve"); return { request: { ...s.input().request, body: formBody({ duration: "4h" }) } }; }, says: '"voided":["alice"]' },
  { name: "approval then team edit", setup: { policy: parsePolicies([{ path: "p.yml", text: "version: 1\nteams:\n  platform-admins:\n    max_duration: 4h\n    approvers: { users: [alice] }\n  security-admins:\n    max_duration: 4h\n    approvers: { users: [bob] }\n" }], "r") }, act: (s) => { s.comment(alice, "/approve"); return { request: { ...s.input().request, body: formBody({ team: "security-admins" }) } }; } },
  // --- ticket patterns run on RE2: a hostile Ticket costs linear time, an uncompilable pattern grants nothing ---
  { name: "ticket built to make a nested repeat backtrack", setup: { policy: withTeam({ ticket: { required: true, pattern: "(a+)+$" } }), request: { ...new Story().input().request, body: formBody({ ticket: `${"a".repeat(99)}!` }) } }, act: (s) => void s.comment(alice, "/approve"), says: "does not match the pattern" },
  { name: "ticket pattern with a backreference that skipped validation", setup: { policy: withTeam({ ticket: { required: true, pattern: "(a)\\1" } }), request: { ...new Story().input().request, body: formBody({ ticket: "aa" }) } }, act: (s) => void s.comment(alice, "/approve"), says: "cannot be used" },
  { name: "approvals given while the record showed one duration, counted toward the longer one a policy change recorded next", setup: twoByDefault(3_600_000), act: (s) => { s.comment(alice, "/approve"); s.apply(decide(s.input(twoByDefault(3_600_000))).effects); s.comment(carol, "/approve"); return twoByDefault(4 * 3_600_000); }, says: '"voided":["alice","carol"]' },
  { name: "approving review given while the request was invalid, counted once it became valid unedited", setup: { policy: engineeringOnly, directory: janeOutside, request: { ...new Story().input().request, bodyEdits: { count: 0 } } }, act: (s) => { s.review(alice, "approved"); return { directory: janeInside }; }, says: '"voided":["alice"]' },
  { name: "approval then ticket edit", act: (s) => { s.comment(alice, "/approve"); return { request: { ...s.input().request, body: formBody({ ticket: "INC-9" }) } }; } },
  { name: "approval made before the app recorded the request", before: (s) => void s.comment(alice, "/approve"), act: () => undefined, setup: {}, granted: false },
  // --- edit history (GitHub's userContentEdits, read through GraphQL) ---
  { name: "approval, then the body edited and put back (A → B → A)", setup: edits({ count: 0 }), act: (s) => { s.comment(alice, "/approve", { at: T0 + 1000 }); return edits({ count: 3, last: { at: T0 + 5000, by: "mallory" } }, s); }, says: "edited by @mallory" },
  { name: "A → B → A with an approval needing a second one", setup: { ...edits({ count: 0 }), policy: withTeam({ approvals: 2 }) }, act: (s) => { s.comment(alice, "/approve", { at: T0 + 1000 }); s.apply(decide(s.input({ ...edits({ count: 0 }, s), policy: withTeam({ approvals: 2 }) })).effects); s.comment(carol, "/approve", { at: T0 + 2000 }); return { ...edits({ count: 3, last: { at: T0 + 9000, by: "mallory" } }, s), policy: withTeam({ approvals: 2 }) }; }, says: '"voided":["alice","carol"]' },
  { name: "approval before the first record, body edited in the same second", setup: edits({ count: 2, last: { at: T0, by: "jane" } }), before: (s) => void s.comment(alice, "/approve", { at: T0 }), act: () => undefined, says: "post `/approve` again" },
  { name: "approval before the first record, body edited after it", setup: edits({ count: 2, last: { at: T0 + 3000, by: "jane" } }), before: (s) => void s.comment(alice, "/approve", { at: T0 }), act: () => undefined, says: "post `/approve` again" },
  { name: "label before the first record, body edited in the same second", setup: { ...edits({ count: 2, last: { at: T0, by: "jane" } }), policy: withTeam({ approvalLabel: LABEL }) }, before: (s) => void s.label(alice, LABEL), act: (s) => labelled(s, ["access-request", LABEL]) },
  { name: "/deny by a non-approver does not deny, nor approve", act: (s) => void s.comment(bob, "/deny nope"), says: "@bob is not an approver" },
  { name: "requester denying own request", act: (s) => void s.comment(jane, "/deny changed my mind"), says: "cannot deny your own request" },
  { name: "/approve and /deny in one comment", act: (s) => void s.comment(alice, "/approve\n/deny"), says: "one command per comment" },
  { name: "/revoke while pending", act: (s) => void s.comment(jane, "/revoke"), says: "nothing has been granted yet" },
  { name: "approval after an approver's denial", act: (s) => { s.comment(alice, "/deny not now"); s.comment(carol, "/approve"); } },
  // A close reopened before the app looked (a webhook's delay, the app down) still ends the request.
  { name: "approval on a request closed by an approver and reopened by the requester", act: (s) => { s.closed(alice); s.reopened(jane); s.comment(carol, "/approve"); } },
  { name: "approval on a request closed and reopened by its requester", act: (s) => { s.closed(jane); s.reopened(jane); s.comment(alice, "/approve"); } },
  { name: "approval on a request closed by its requester", act: (s) => { s.closed(jane); s.comment(alice, "/approve"); return { request: { ...s.input().request, state: "closed" } }; } },
  // The app's own close without a final record ends nothing (a batched write whose record GitHub refused); only the app's bot is the app.
  { name: "approval on a request closed by a person named like the app's bot", act: (s) => { s.closed({ login: "jit-access[bot]", bot: false }); s.comment(alice, "/approve"); return { appLogin: "jit-access[bot]", request: { ...s.input().request, state: "closed" } }; } },
  { name: "approval on a request closed by another app's bot", act: (s) => { s.closed({ login: "other-app[bot]", bot: true }); s.comment(alice, "/approve"); return { appLogin: "jit-access[bot]", request: { ...s.input().request, state: "closed" } }; } },
  // --- label path ---
  { name: "label by a non-approver", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => { s.label(bob, LABEL); return labelled(s, ["access-request", LABEL]); }, says: "the label was removed" },
  { name: "label by the requester", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => { s.label(jane, LABEL); return labelled(s, ["access-request", LABEL]); }, says: "cannot approve your own request" },
  { name: "label by a bot", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => { s.label({ login: "ci[bot]", bot: true }, LABEL); return labelled(s, ["access-request", LABEL]); }, says: "is a bot" },
  { name: "label with another case by a non-approver", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => { s.label(bob, "Access-Approved"); return labelled(s, ["access-request", "Access-Approved"]); }, says: "the label was removed" },
  { name: "label by an approver, then removed", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => { s.label(alice, LABEL); s.label(bob, LABEL, "unlabeled"); } },
  { name: "label by an approver no longer on the issue", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => void s.label(alice, LABEL) },
  { name: "label added by an approver before the request changed", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => { s.label(alice, LABEL); return { request: { ...s.input().request, labels: ["access-request", LABEL], body: formBody({ duration: "3h" }) } }; } },
  { name: "label by a non-approver after an approver removed theirs", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => { s.label(alice, LABEL); s.label(alice, LABEL, "unlabeled"); s.label(bob, LABEL); return labelled(s, ["access-request", LABEL]); } },
  // --- review path ---
  { name: "approving review by a non-approver", act: (s) => void s.review(bob, "approved"), says: "@bob is not an approver" },
  { name: "approving review by the requester", act: (s) => void s.review(jane, "approved"), says: "cannot approve your own request" },
  { name: "approving review, then dismissed", act: (s) => { s.review(alice, "approved"); s.review(alice, "dismissed"); } },
  { name: "approving review, then changes requested", act: (s) => { s.review(alice, "approved"); s.review(alice, "changes_requested"); } },
  { name: "commenting review by an approver", act: (s) => void s.review(alice, "commented") },
  { name: "approving review by a bot", act: (s) => void s.review({ login: "renovate[bot]", bot: true }, "approved"), says: "is a bot" },
  // --- records ---
  { name: "forged record in a user comment", act: () => ({ findings: finding("forged", "comment 7 carries a record but was not written by jit-access") }), says: "tampered" },
  { name: "edited app comment", act: (s) => { s.comment(alice, "/approve"); return { findings: finding("edited", "comment 7 by jit-access fails verification") }; }, says: "tampered" },
  { name: "deleted app comment", act: (s) => { s.comment(alice, "/approve"); return { findings: finding("missing", "a record before comment 7 is missing") }; }, says: "tampered" },
  // --- policy ---
  { name: "two approvers from one team under distinct_teams", setup: { policy: withTeam({ approvals: 2, distinctTeams: true, approvers: { users: [], teams: ["platform-leads", "sre"] } }), directory: { org: { jane: true }, teams: { "platform-leads": { carol: true, dave: true }, sre: {} } } }, act: (s) => { s.comment(carol, "/approve"); s.comment({ login: "dave", bot: false }, "/approve"); } },
  { name: "duration over the maximum", setup: { request: { ...new Story().input().request, body: formBody({ duration: "9h" }) } }, act: (s) => void s.comment(alice, "/approve") },
  { name: "a team no policy names", setup: { request: { ...new Story().input().request, body: formBody({ team: "root" }) } }, act: (s) => void s.comment(alice, "/approve") },
  { name: "invalid policies", setup: { policy: parsePolicies([{ path: "p.yml", text: "version: 1\nteams:\n  platform-admins:\n    max_duration: forever\n    approvers: { users: [alice] }\n" }], "r") }, act: (s) => void s.comment(alice, "/approve") },
  // --- the form as a person sees it ---
  { name: "### Team hidden in an HTML comment behind a decoy ### Team ###", setup: bodyIs(decoy("security-admins", "platform-admins")), act: (s) => void s.comment(alice, "/approve"), says: "`security-admins` is not named by any policy" },
  { name: "second Team as a setext heading", setup: bodyIs(formBody({ team: "security-admins", justification: "fine\n\nTeam\n----\n\nplatform-admins" })), act: (s) => void s.comment(alice, "/approve"), says: "appears 2 times" },
  { name: "second Team as a level-2 heading", setup: bodyIs(formBody({ team: "security-admins", justification: "fine\n\n## Team\n\nplatform-admins" })), act: (s) => void s.comment(alice, "/approve"), says: "appears 2 times" },
  { name: "second ### Team inside a collapsed <details>", setup: bodyIs(formBody({ team: "security-admins", justification: "fine\n\n<details>\n\n### Team\n\nplatform-admins\n\n</details>" })), act: (s) => void s.comment(alice, "/approve"), says: "appears 2 times" },
  { name: "team shown as an image whose alt text names it (the picture may read anything)", setup: bodyIs(formBody({ team: "![platform-admins](https://example.com/docs-readers.png)" })), act: (s) => void s.comment(alice, "/approve"), says: "holds an image" },
  { name: "team struck through", setup: bodyIs(formBody({ team: "~~platform-admins~~" })), act: (s) => void s.comment(alice, "/approve"), says: "holds struck-through text" },
  { name: "team held in a collapsed <details>", setup: bodyIs(formBody({ team: "<details><summary>security-admins</summary>\n\nplatform-admins\n\n</details>" })), act: (s) => void s.comment(alice, "/approve"), says: "holds HTML" },
  { name: "the only Team heading at level 2", setup: bodyIs(formBody().replace("### Team", "## Team")), act: (s) => void s.comment(alice, "/approve"), says: "is a level-2 heading" },
  { name: "requester outside the requesters list", setup: { policy: withTeam({ requesters: { users: ["bob"], teams: [] } }) }, act: (s) => void s.comment(alice, "/approve"), says: "may not request" },
  { name: "requester outside the organisation", setup: { directory: { org: {}, teams: {} } }, act: (s) => void s.comment(alice, "/approve"), says: "not an active member of the organisation" },
  { name: "a request opened by a bot", setup: { request: { ...new Story().input().request, author: { login: "ci[bot]", bot: true } } }, act: (s) => void s.comment(alice, "/approve"), says: "from a person" },
  // --- break-glass: an approval bypass by design, so every way around its rules ---
  { name: "/break-glass by someone else on another's request", setup: glass(formBody()), act: (s) => void s.comment(alice, "/break-glass"), says: "only the requester, @jane, can declare an emergency" },
  { name: "/break-glass by another on-call member on another's request", setup: { ...glass(formBody()), directory: bobOnCall }, act: (s) => void s.comment(bob, "/break-glass"), says: "only the requester, @jane, can declare an emergency" },
  { name: "/break-glass by a bot named like the requester", setup: glass(formBody()), act: (s) => void s.comment({ login: "jane", bot: true }, "/break-glass") },
  { name: "/break-glass edited into a comment", setup: glass(formBody()), act: (s) => void s.comment(jane, "/break-glass", { edited: true }), says: "edited does not count" },
  { name: "/break-glass by a login listed in break_glass.requesters that was renamed away and claimed", setup: { ...glass(formBody()), policy: withTeam({ breakGlass: { ...BREAK_GLASS, requesters: { users: ["jane"], teams: [] } } }), directory: { ...onCall, policyCommittedAt: T0 - 3_600_000, accounts: { jane: T0 - 60_000 } } }, act: (s) => void s.comment(jane, "/break-glass"), says: "renamed and claimed by someone else" },
  { name: "/break-glass in a quote", setup: glass(formBody()), act: (s) => void s.comment(jane, "> /break-glass") },
  { name: "/break-glass in a code span", setup: glass(formBody()), act: (s) => void s.comment(jane, "`/break-glass`") },
  { name: "Emergency box ticked by an editor (the body edited after opening)", setup: glass(formBody()), act: (s) => ({ request: { ...s.input().request, body: emergencyBody(), bodyEdits: { count: 2, last: { at: T0 + 1000, by: "mallory" } } } }), says: "edited since" },
  { name: "Emergency box when the edit time could not be read", setup: { ...glass(emergencyBody()), request: { ...new Story().input().request, body: emergencyBody() } }, act: () => undefined, says: "could not tell" },
  { name: "Emergency box inside an HTML comment", setup: glass(`${formBody()}\n\n<!--\n### Emergency\n\n- [X] yes\n-->`), act: () => undefined },
  { name: "Emergency box under a level-4 heading", setup: glass(`${formBody()}\n\n#### Emergency\n\n- [X] yes`), act: () => undefined },
  { name: "allowed requester, team whose policy has no break_glass", setup: { ...glass(emergencyBody()), policy: withTeam({}) }, act: () => undefined, says: "allows no break-glass" },
  { name: "/break-glass on a team whose policy has no break_glass", setup: { ...glass(formBody()), policy: withTeam({}) }, act: (s) => void s.comment(jane, "/break-glass"), says: "allows no break-glass" },
  { name: "break-glass duration over its maximum", setup: glass(emergencyBody({ duration: "3h" })), act: () => undefined, says: "longer than the break-glass maximum" },
  { name: "break-glass by a requester allowed only through a team they left", setup: { ...glass(emergencyBody()), directory: { ...onCall, teams: { ...onCall.teams, "platform-oncall": { jane: false } } } }, act: () => undefined, says: "may not break the glass" },
  { name: "break-glass chained onto a live grant of the same team", setup: { ...glass(emergencyBody()), otherGrants: [{ ref: "acme/access#3", expiresAt: T0 + 3_600_000, standing: false }] }, act: () => undefined, says: "break-glass never adds to a live grant" },
  { name: "/break-glass chained onto a live grant of the same team", setup: { ...glass(formBody()), otherGrants: [{ ref: "acme/access#3", expiresAt: T0 + 3_600_000, standing: false }] }, act: (s) => void s.comment(jane, "/break-glass"), says: "break-glass never adds to a live grant" },
  { name: "status label access:break-glass added by hand", setup: { ...glass(formBody()), appLogin: "jit-access[bot]" }, act: (s) => { s.label(jane, "access:break-glass"); return labelled(s, ["access-request", "access:pending", "access:break-glass"]); }, says: "set by jit-access alone" },
  { name: "control: Emergency box ticked by an allowed requester on opening", setup: glass(emergencyBody()), act: () => undefined, granted: true },
  { name: "control: /break-glass by the allowed requester", setup: glass(formBody()), act: (s) => void s.comment(jane, "/break-glass"), granted: true },
  // --- positive controls: these must grant ---
  { name: "control: /approve by a listed approver", act: (s) => void s.comment(alice, "/approve"), granted: true },
  { name: "control: listed approver in another case", act: (s) => void s.comment({ login: "Alice", bot: false }, "/approve"), granted: true },
  { name: "control: approver-team member", act: (s) => void s.comment(carol, "  /APPROVE  "), granted: true },
  { name: "control: approval label by an approver", setup: { policy: withTeam({ approvalLabel: LABEL }) }, act: (s) => { s.label(alice, LABEL); return labelled(s, ["access-request", LABEL]); }, granted: true },
  { name: "control: approving review by an approver", act: (s) => void s.review(carol, "approved"), granted: true },
  { name: "control: distinct teams satisfied", setup: { policy: withTeam({ approvals: 2, distinctTeams: true }), directory: { org: { jane: true, alice: true }, teams: { "platform-leads": { carol: true } } } }, act: (s) => { s.comment(carol, "/approve"); s.comment(alice, "/approve"); }, granted: true },
  { name: "control: the visible team is granted, not one hidden in an HTML comment", setup: bodyIs(decoy("platform-admins", "security-admins")), act: (s) => void s.comment(alice, "/approve"), granted: true },
  { name: "control: /approve after a closed <details>", act: (s) => void s.comment(alice, "<details><summary>logs</summary>\n\nlots\n\n</details>\n\n/approve"), granted: true },
  { name: "control: /approve after a hard line break", act: (s) => void s.comment(alice, "LGTM  \n/approve"), granted: true },
  { name: "control: approval before the first record, body never edited (the record was queued)", setup: edits({ count: 0 }), before: (s) => void s.comment(alice, "/approve", { at: T0 }), act: () => undefined, granted: true },
  { name: "approval before the first record, body edited a second before it (the approver may have read the text before the edit)", setup: edits({ count: 2, last: { at: T0 - 1000, by: "jane" } }), before: (s) => void s.comment(alice, "/approve", { at: T0 }), act: () => undefined, granted: false },
  { name: "approval posted between an A → B → A edit and the app's record of it", setup: edits({ count: 0 }), act: (s) => { s.comment(alice, "/approve", { at: T0 + 6000 }); return edits({ count: 3, last: { at: T0 + 5000, by: "jane" } }, s); }, granted: false },
  { name: "control: listed approver whose account is older than the policy's commit", setup: { directory: { org: { jane: true, alice: true }, teams: {}, accounts: { alice: T0 - 9000 }, policyCommittedAt: T0 - 5000 } }, act: (s) => void s.comment(alice, "/approve"), granted: true },
  { name: "control: pinned approver held by the pinned account", setup: { policy: pinnedAlice, directory: { org: { jane: true, alice: true }, teams: {}, accountIds: { alice: 100 } } }, act: (s) => void s.comment(alice, "/approve"), granted: true },
  { name: "control: pinned approver held by the pinned account, created after the policy's commit (the pin decides)", setup: { policy: pinnedAlice, directory: { org: { jane: true, alice: true }, teams: {}, accounts: { alice: T0 - 1000 }, accountIds: { alice: 100 }, policyCommittedAt: T0 - 5000 } }, act: (s) => void s.comment(alice, "/approve"), granted: true },
  { name: "control: pinned approver whose comment's own account is the pinned one, with no look-up of the login", setup: { policy: pinnedAlice, directory: { org: { jane: true, alice: true }, teams: {} } }, act: (s) => void s.comment({ login: "alice", bot: false, id: 100 }, "/approve"), granted: true },
  { name: "control: pinned requester held by the pinned account", setup: { policy: withTeam({ requesters: { users: ["jane"], teams: [], ids: { jane: 300 } } }), directory: { org: { jane: true, alice: true }, teams: {}, accountIds: { jane: 300 } } }, act: (s) => void s.comment(alice, "/approve"), granted: true },
  { name: "control: /break-glass by a pinned requester held by the pinned account", setup: { ...glass(formBody()), policy: withTeam({ breakGlass: { ...BREAK_GLASS, requesters: { users: ["jane"], teams: [], ids: { jane: 300 } } } }), directory: { ...onCall, accountIds: { jane: 300 } } }, act: (s) => void s.comment(jane, "/break-glass"), granted: true },
  { name: "control: bare approver login named like an inherited property (constructor) beside a pinned approver, its account older than the policy", setup: { policy: withTeam({ approvers: { users: ["constructor", "bob"], teams: [], ids: { bob: 5 } } }), directory: { org: { jane: true, constructor: true, bob: true }, teams: {}, accounts: { constructor: T0 - 9000 }, policyCommittedAt: T0 - 5000 } }, act: (s) => void s.comment({ login: "constructor", bot: false }, "/approve"), granted: true },
  { name: "control: self-approval where the policy allows it", setup: { policy: withTeam({ selfApproval: true, approvers: { users: ["jane"], teams: [] } }) }, act: (s) => void s.comment(jane, "/approve"), granted: true },
];

describe("attack matrix (pure core)", () => {
  it("has at least fifty attacks", () => {
    expect(ATTACKS.filter((a) => !a.granted).length).toBeGreaterThanOrEqual(50);
  });

  it.each(ATTACKS.map((a) => [a.name, a] as const))("%s", (_name, attack) => {
    const story = new Story();
    const setup = attack.setup ?? {};
    const first: Effect[] = [];
    if (attack.before) attack.before(story);
    if (attack.name !== "approval made before the app recorded the request") first.push(...decide(story.input(setup)).effects);
    story.apply(first);
    const overrides = { ...setup, ...(attack.act(story) ?? {}) };
    const settled = settle(story, overrides);
    const effects = [...first, ...settled.effects];
    const state = settled.state;
    const added = effects.filter((e) => e.kind === "add-member");
    if (attack.granted) {
      expect(state).toBe("granted");
      expect(added).toEqual([{ kind: "add-member", team: "platform-admins", login: overrides.request?.author.login ?? "jane", durationMs: 2 * 3_600_000 }]);
    } else {
      expect(added).toEqual([]);
      expect(state).not.toBe("granted");
    }
    if (attack.says) expect(said(effects) + state).toContain(attack.says);
  });
});

/**
 * After a break-glass grant, an approver's review is the only check left:
 * these attempts must not record a review, and the request must stay open.
 */
const REVIEW_ATTACKS: { name: string; act(story: Story): Partial<DecisionInput> | void; setup?: Partial<DecisionInput>; reviewed?: boolean; during?: boolean }[] = [
  { name: "/approve review by the requester", act: (s) => void s.comment(jane, "/approve") },
  { name: "/approve review by the requester where self-approval is allowed", setup: { policy: withTeam({ breakGlass: BREAK_GLASS, selfApproval: true, approvers: { users: ["jane", "alice"], teams: [] } }) }, act: (s) => void s.comment(jane, "/approve") },
  { name: "/flag by the requester", act: (s) => void s.comment(jane, "/flag fine by me") },
  { name: "/flag by a non-approver", act: (s) => void s.comment(bob, "/flag suspicious") },
  { name: "/approve review by a non-approver", act: (s) => void s.comment(bob, "/approve") },
  { name: "/approve review by an approver who left the approver team", setup: { directory: { ...onCall, teams: { ...onCall.teams, "platform-leads": { carol: false } } } }, act: (s) => void s.comment(carol, "/approve") },
  { name: "/approve review by a bot", act: (s) => void s.comment({ login: "alice", bot: true }, "/approve") },
  { name: "quoted /approve review", act: (s) => void s.comment(alice, "> /approve") },
  { name: "edited /approve review", act: (s) => void s.comment(alice, "/approve", { edited: true }) },
  { name: "/flag without a reason", act: (s) => void s.comment(alice, "/flag") },
  { name: "the Emergency box unticked by an edit during the grant", during: true, act: (s) => ({ request: { ...s.input().request, body: emergencyBody({}, " "), bodyEdits: { count: 2, last: { at: T0 + 60_000, by: "jane" } } } }) },
  { name: "/break-glass again during the grant, to stretch it", during: true, act: (s) => void s.comment(jane, "/break-glass") },
  { name: "/break-glass again after the grant ended", act: (s) => void s.comment(jane, "/break-glass") },
  { name: "control: /approve review by an approver", act: (s) => void s.comment(carol, "/approve"), reviewed: true },
  { name: "control: /flag by an approver", act: (s) => void s.comment(alice, "/flag no incident open"), reviewed: true },
];

describe("attack matrix: the review after a break-glass grant (pure core)", () => {
  it.each(REVIEW_ATTACKS.map((a) => [a.name, a] as const))("%s", (_name, attack) => {
    const story = new Story();
    const setup = { ...glass(emergencyBody()), ...attack.setup };
    const first = decide(story.input(setup));
    expect(first.state).toBe("granted");
    story.apply(first.effects);
    // During the 2h grant, or after it ended (the request open, awaiting review).
    const overrides = { ...setup, now: T0 + (attack.during ? 0.5 : 3) * 3_600_000, ...(attack.act(story) ?? {}) };
    const settled = settle(story, overrides);
    const reviews = settled.effects.filter((e) => e.kind === "record" && e.data.event === "break-glass-reviewed");
    expect(reviews).toHaveLength(attack.reviewed ? 1 : 0);
    // Nothing adds to the grant: no membership added again, no expiry moved.
    expect(settled.effects.filter((e) => e.kind === "add-member" || (e.kind === "record" && (e.data.event === "extended" || e.data.event === "approved")))).toEqual([]);
    expect(settled.effects.some((e) => e.kind === "close" || e.kind === "lock")).toBe(attack.reviewed === true);
  });
});
