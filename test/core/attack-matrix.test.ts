import { describe, expect, it } from "vitest";
import { decide, type Effect } from "../../src/core/decide.js";
import type { DecisionInput, Person, TamperFinding } from "../../src/core/input.js";
import { parsePolicies } from "../../src/core/policy.js";
import type { RecordData } from "../../src/core/records.js";
import { alice, formBody, jane, Story, withTeam } from "./fixtures.js";

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

const bodyIs = (body: string): Partial<DecisionInput> => ({ request: { ...new Story().input().request, body } });
/** A form whose rendered Team heading (`### Team ###`) shows `shown`, with a `### Team` naming `hidden` in an HTML comment. */
const decoy = (shown: string, hidden: string) => formBody({ team: shown }).replace("### Team\n", "### Team ###\n").replace("\n\n### Duration", `\n\n<!--\n### Team\n\n${hidden}\n-->\n\n### Duration`);

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
  // --- status labels are the app's alone ---
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
  { name: "approval then ticket edit", act: (s) => { s.comment(alice, "/approve"); return { request: { ...s.input().request, body: formBody({ ticket: "INC-9" }) } }; } },
  { name: "approval made before the app recorded the request", act: () => undefined, setup: {}, granted: false },
  { name: "/deny by a non-approver does not deny, nor approve", act: (s) => void s.comment(bob, "/deny nope"), says: "@bob is not an approver" },
  { name: "requester denying own request", act: (s) => void s.comment(jane, "/deny changed my mind"), says: "cannot deny your own request" },
  { name: "/approve and /deny in one comment", act: (s) => void s.comment(alice, "/approve\n/deny"), says: "one command per comment" },
  { name: "/revoke while pending", act: (s) => void s.comment(jane, "/revoke"), says: "nothing has been granted yet" },
  { name: "approval after an approver's denial", act: (s) => { s.comment(alice, "/deny not now"); s.comment(carol, "/approve"); } },
  { name: "approval on a request closed by its requester", act: (s) => { s.closed(jane); s.comment(alice, "/approve"); return { request: { ...s.input().request, state: "closed" } }; } },
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
  { name: "team held in a collapsed <details>", setup: bodyIs(formBody({ team: "<details><summary>security-admins</summary>\n\nplatform-admins\n\n</details>" })), act: (s) => void s.comment(alice, "/approve"), says: "holds HTML" },
  { name: "the only Team heading at level 2", setup: bodyIs(formBody().replace("### Team", "## Team")), act: (s) => void s.comment(alice, "/approve"), says: "is a level-2 heading" },
  { name: "requester outside the requesters list", setup: { policy: withTeam({ requesters: { users: ["bob"], teams: [] } }) }, act: (s) => void s.comment(alice, "/approve"), says: "may not request" },
  { name: "requester outside the organisation", setup: { directory: { org: {}, teams: {} } }, act: (s) => void s.comment(alice, "/approve"), says: "not an active member of the organisation" },
  { name: "a request opened by a bot", setup: { request: { ...new Story().input().request, author: { login: "ci[bot]", bot: true } } }, act: (s) => void s.comment(alice, "/approve"), says: "from a person" },
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
    if (attack.name === "approval made before the app recorded the request") story.comment(alice, "/approve");
    else first.push(...decide(story.input(setup)).effects);
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
