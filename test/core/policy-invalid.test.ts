import { describe, expect, it } from "vitest";
import { formatProblem, parsePolicies, type PolicySource } from "../../src/core/policy.js";

/** A team `ops` (line 3) with max_duration (line 4) and approvers (line 5); `extra` starts at line 6. */
const team = (extra: string, approvers = "{ users: [alice, bob] }") =>
  `version: 1\nteams:\n  ops:\n    max_duration: 2h\n    approvers: ${approvers}\n${extra}`;
const settings = (body: string) => `version: 1\nsettings:\n${body}`;

const TEAM_KEYS = "description, max_duration, default_duration, requesters, approvers, approvals, distinct_teams, self_approval, ticket, pending_timeout, escalation, approval_label, break_glass, standing";
const DURATION = "a duration such as 30m, 2h, 1d, 1h30m or PT2H";
const VERSION = "version: 1, the only version so far";
const USER_ENTRY = "a GitHub login such as alice, or a login pinned to its account such as { login: alice, id: 583231 }";
const PINNED = "a login pinned to its account, { login: alice, id: 583231 }, with id the account's numeric id as a whole number (`npx jit-access doctor` prints it)";

type Case = [name: string, files: string | Record<string, string>, kind: "invalid" | "invalid-yaml", problems: string[]];

const cases: Case[] = [
  // The file as a whole
  ["an empty file", "", "invalid", ["a.yml:1:1: the file is empty; start it with version: 1, then teams, settings or both"]],
  ["no version", "teams:\n  ops:\n    max_duration: 1h\n    approvers: { users: [a] }\n", "invalid", [`a.yml:1:1: version: missing; expected ${VERSION}`]],
  ["version 2", "version: 2\nteams: {}\n", "invalid", [`a.yml:1:10: version: found 2; expected ${VERSION}`]],
  ["version as text", 'version: "1"\nteams: {}\n', "invalid", [`a.yml:1:10: version: found "1"; expected ${VERSION}`]],
  ["a file that defines nothing", "version: 1\n", "invalid", ["a.yml:1:1: defines nothing; add teams, settings or both"]],
  ["a list instead of a mapping", "- version: 1\n", "invalid", ["a.yml:1:1: found a list; expected a mapping with version: 1 and teams, settings or both"]],
  ["a misspelt top-level key", "version: 1\nteam: {}\n", "invalid", ['a.yml:2:1: team: unknown key "team"; did you mean "teams"? Allowed here: version, teams, settings']],
  ["teams as a list", "version: 1\nteams: [ops]\n", "invalid", ["a.yml:2:8: teams: found a list; expected a mapping from team slug to the team's policy"]],
  // Team slugs and the team mapping
  ["a team slug in upper case", "version: 1\nteams:\n  Platform Admins:\n    max_duration: 1h\n    approvers: { users: [a] }\n", "invalid", ['a.yml:3:3: teams.Platform Admins: found "Platform Admins"; expected the team\'s slug, in lower case with hyphens: platform-admins']],
  ["a team slug with its organisation", "version: 1\nteams:\n  acme/ops:\n    max_duration: 1h\n    approvers: { users: [a] }\n", "invalid", ['a.yml:3:3: teams.acme/ops: found "acme/ops"; expected the team slug without the organisation: ops']],
  ["a team with nothing under it", "version: 1\nteams:\n  ops:\n", "invalid", ["a.yml:3:7: teams.ops: found nothing; expected the team's policy: a mapping with at least max_duration and approvers"]],
  ["no max_duration", "version: 1\nteams:\n  ops:\n    approvers: { users: [a] }\n", "invalid", [`a.yml:3:3: teams.ops.max_duration: missing; expected ${DURATION}`]],
  ["no approvers", "version: 1\nteams:\n  ops:\n    max_duration: 1h\n", "invalid", ["a.yml:3:3: teams.ops.approvers: missing; expected a mapping with users, teams or both"]],
  ["a misspelt team key", team("    max_duraton: 1h\n"), "invalid", [`a.yml:6:5: teams.ops.max_duraton: unknown key "max_duraton"; did you mean "max_duration"? Allowed here: ${TEAM_KEYS}`]],
  ["an unknown team key", team("    owner: alice\n"), "invalid", [`a.yml:6:5: teams.ops.owner: unknown key "owner"; Allowed here: ${TEAM_KEYS}`]],
  ["a description that is not text", team("    description: 5\n"), "invalid", ["a.yml:6:18: teams.ops.description: found 5; expected text of at most 500 characters"]],
  // Durations
  ["a duration without a unit", "version: 1\nteams:\n  ops:\n    max_duration: 2\n    approvers: { users: [a] }\n", "invalid", ["a.yml:4:19: teams.ops.max_duration: found 2; expected a duration with a unit, such as 2h or 2m"]],
  ["a duration in words", "version: 1\nteams:\n  ops:\n    max_duration: 2 hours\n    approvers: { users: [a] }\n", "invalid", [`a.yml:4:19: teams.ops.max_duration: found "2 hours"; expected ${DURATION}`]],
  ["a zero duration", "version: 1\nteams:\n  ops:\n    max_duration: 0m\n    approvers: { users: [a] }\n", "invalid", [`a.yml:4:19: teams.ops.max_duration: found "0m"; expected ${DURATION}`]],
  ["an ISO duration without a time", "version: 1\nteams:\n  ops:\n    max_duration: PT\n    approvers: { users: [a] }\n", "invalid", [`a.yml:4:19: teams.ops.max_duration: found "PT"; expected ${DURATION}`]],
  ["a duration over 30 days", "version: 1\nteams:\n  ops:\n    max_duration: 45d\n    approvers: { users: [a] }\n", "invalid", ['a.yml:4:19: teams.ops.max_duration: found "45d"; expected at most 30d, the longest a policy allows']],
  ["a default longer than the maximum", team("    default_duration: 3h\n"), "invalid", ['a.yml:6:23: teams.ops.default_duration: found "3h", longer than max_duration "2h"; expected at most "2h"']],
  ["a default that is not a duration", team("    default_duration: soon\n"), "invalid", [`a.yml:6:23: teams.ops.default_duration: found "soon"; expected ${DURATION}`]],
  ["a pending timeout over 30 days", team("    pending_timeout: 31d\n"), "invalid", ['a.yml:6:22: teams.ops.pending_timeout: found "31d"; expected at most 30d, the longest a policy allows']],
  // Approvals and approvers
  ["zero approvals", team("    approvals: 0\n"), "invalid", ["a.yml:6:16: teams.ops.approvals: found 0; expected a whole number from 1 to 10"]],
  ["eleven approvals", team("    approvals: 11\n", "{ teams: [leads] }"), "invalid", ["a.yml:6:16: teams.ops.approvals: found 11; expected a whole number from 1 to 10"]],
  ["a fraction of an approval", team("    approvals: 1.5\n"), "invalid", ["a.yml:6:16: teams.ops.approvals: found 1.5; expected a whole number from 1 to 10"]],
  ["approvals in words", team("    approvals: two\n"), "invalid", ['a.yml:6:16: teams.ops.approvals: found "two"; expected a whole number from 1 to 10']],
  ["more approvals than listed approvers", team("    approvals: 3\n"), "invalid", ["a.yml:6:16: teams.ops.approvals: found 3, but approvers lists only 2 users and no team; lower approvals or add approvers"]],
  ["one person listed twice, in another case", team("    approvals: 2\n", "{ users: [alice, Alice] }"), "invalid", ['a.yml:5:33: teams.ops.approvers.users[1]: found "Alice" again (already listed as "alice"); list each one once']],
  ["more distinct teams than approver groups", team("    approvals: 3\n    distinct_teams: true\n", "{ users: [alice, bob], teams: [leads] }"), "invalid", ["a.yml:6:16: teams.ops.approvals: found 3, but with distinct_teams each approval needs its own approver group and approvers names 2 (1 team and the listed users); lower approvals or add approver teams"]],
  ["approvers that name nobody", team("", "{}"), "invalid", ["a.yml:5:16: teams.ops.approvers: names nobody; list at least one user or team"]],
  ["approvers as one name", team("", "alice"), "invalid", ['a.yml:5:16: teams.ops.approvers: found "alice"; expected a mapping with users, teams or both']],
  ["users as one name, not a list", team("", "{ users: alice }"), "invalid", ['a.yml:5:25: teams.ops.approvers.users: found "alice"; expected a list of GitHub logins, such as [alice, bob] or [alice, { login: bob, id: 583231 }]']],
  // Logins pinned to their accounts: { login, id }
  ["a pinned login without its id", team("", "{ users: [{ login: bob }] }"), "invalid", [`a.yml:5:26: teams.ops.approvers.users[0]: found a mapping; expected ${PINNED}`]],
  ["a pinned id as text", team("", "{ users: [{ login: bob, id: '583231' }] }"), "invalid", [`a.yml:5:26: teams.ops.approvers.users[0]: found a mapping; expected ${PINNED}`]],
  ["a pinned id with a fraction", team("", "{ users: [{ login: bob, id: 5.5 }] }"), "invalid", [`a.yml:5:26: teams.ops.approvers.users[0]: found a mapping; expected ${PINNED}`]],
  ["a pinned id below 1", team("", "{ users: [{ login: bob, id: 0 }] }"), "invalid", ["a.yml:5:44: teams.ops.approvers.users[0].id: found 0; expected the account's numeric id, a whole number of 1 or more"]],
  ["a pinned id past 2^53", team("", "{ users: [{ login: bob, id: 99999999999999999999 }] }"), "invalid", ["a.yml:5:44: teams.ops.approvers.users[0].id: found 100000000000000000000; expected the account's numeric id, a whole number such as 583231 (`npx jit-access doctor` prints it)"]],
  ["a pinned entry with a key of its own", team("", "{ users: [{ login: bob, id: 1, name: Bob }] }"), "invalid", ['a.yml:5:47: teams.ops.approvers.users[0].name: unknown key "name"; Allowed here: login, id']],
  ["a pinned login with @", team("", "{ users: [{ login: '@bob', id: 1 }] }"), "invalid", ['a.yml:5:35: teams.ops.approvers.users[0].login: found "@bob"; expected a GitHub login without "@": bob']],
  ["a login listed bare and pinned", team("", "{ users: [bob, { login: Bob, id: 1 }] }"), "invalid", ['a.yml:5:31: teams.ops.approvers.users[1]: found "Bob" again (already listed as "bob"); list each one once']],
  ["a number among the users", team("", "{ users: [583231] }"), "invalid", [`a.yml:5:26: teams.ops.approvers.users[0]: found 583231; expected ${USER_ENTRY}`]],
  ["a login with @", team("", "{ users: ['@alice'] }"), "invalid", ['a.yml:5:26: teams.ops.approvers.users[0]: found "@alice"; expected a GitHub login without "@": alice']],
  ["a team among the users", team("", "{ users: [acme/leads] }"), "invalid", ['a.yml:5:26: teams.ops.approvers.users[0]: found "acme/leads"; expected a GitHub login such as alice (list teams under teams, by slug)']],
  ["a login GitHub would not allow", team("", "{ users: [al_ice] }"), "invalid", ['a.yml:5:26: teams.ops.approvers.users[0]: found "al_ice"; expected a GitHub login such as alice: letters, digits and single hyphens, at most 39 characters']],
  ["a team listed twice", team("", "{ teams: [leads, leads] }"), "invalid", ['a.yml:5:33: teams.ops.approvers.teams[1]: found "leads" again (already listed as "leads"); list each one once']],
  ["a team listed twice, once pinned", team("", "{ teams: [leads, { slug: leads, id: 42 }] }"), "invalid", ['a.yml:5:33: teams.ops.approvers.teams[1]: found "leads" again (already listed as "leads"); list each one once']],
  ["a pinned team id as text", team("", "{ teams: [{ slug: leads, id: '42' }] }"), "invalid", ["a.yml:5:26: teams.ops.approvers.teams[0]: found a mapping; expected a team slug pinned to its team, { slug: platform-leads, id: 4217 }, with id the team's numeric id as a whole number (`npx jit-access doctor` prints it)"]],
  ["an approver team written with its organisation", team("", "{ teams: ['@acme/leads'] }"), "invalid", ['a.yml:5:26: teams.ops.approvers.teams[0]: found "@acme/leads"; expected the team slug without the organisation: leads']],
  ["a misspelt approvers key", team("", "{ team: [leads] }"), "invalid", ['a.yml:5:18: teams.ops.approvers.team: unknown key "team"; did you mean "teams"? Allowed here: users, teams']],
  ["self-approval as yes", team("    self_approval: yes\n"), "invalid", ['a.yml:6:20: teams.ops.self_approval: found "yes"; expected true or false']],
  ["distinct_teams as no", team("    distinct_teams: no\n"), "invalid", ['a.yml:6:21: teams.ops.distinct_teams: found "no"; expected true or false']],
  // Requesters
  ["requesters that name nobody", team("    requesters: {}\n"), "invalid", ["a.yml:6:17: teams.ops.requesters: names nobody; list at least one user or team"]],
  ["requesters left empty", team("    requesters:\n"), "invalid", ["a.yml:6:16: teams.ops.requesters: found nothing; expected a mapping with users, teams or both"]],
  // Tickets
  ["a ticket rule that asks nothing", team("    ticket: {}\n"), "invalid", ["a.yml:6:13: teams.ops.ticket: sets neither required: true nor pattern; add one or remove ticket"]],
  ["ticket.required as text", team("    ticket: { required: 'true' }\n"), "invalid", ['a.yml:6:25: teams.ops.ticket.required: found "true"; expected true or false']],
  ["a ticket pattern with a backreference", team("    ticket: { pattern: '^(a)\\1$' }\n"), "invalid", ['a.yml:6:24: teams.ops.ticket.pattern: found "^(a)\\\\1$"; the backreference "\\1" at character 5 is not supported (patterns run on RE2, which matches in linear time); write out the text it should match again instead, e.g. (INC|CHG)-[0-9]+ rather than (INC|CHG)-\\1']],
  ["a ticket pattern with a lookahead", team("    ticket: { pattern: '^(?=INC)[A-Z]+-[0-9]+$' }\n"), "invalid", ['a.yml:6:24: teams.ops.ticket.pattern: found "^(?=INC)[A-Z]+-[0-9]+$"; the lookaround "(?=…)" at character 2 is not supported (patterns run on RE2, which matches in linear time); match the text itself instead, e.g. list the allowed prefixes (INC|CHG)-[0-9]+ rather than excluding one with (?!…)']],
  ["a ticket pattern that does not compile", team("    ticket: { pattern: '^(INC-[0-9]+$' }\n"), "invalid", ['a.yml:6:24: teams.ops.ticket.pattern: found "^(INC-[0-9]+$"; this is not a valid regular expression in RE2 syntax (missing closing ): "^(INC-[0-9]+$" at character 1); check its brackets, parentheses, repeat counts and backslashes']],
  ["a ticket pattern that is too long", team(`    ticket: { pattern: '${"a".repeat(201)}' }\n`), "invalid", [`a.yml:6:24: teams.ops.ticket.pattern: found "${"a".repeat(57)}..."; the pattern is 201 characters long; keep it to 200 or fewer`]],
  // Escalation and labels
  ["an escalation after the timeout", team("    pending_timeout: 1h\n    escalation: { after: 2h, notify: { teams: [oncall] } }\n"), "invalid", ['a.yml:7:26: teams.ops.escalation.after: found "2h", not shorter than pending_timeout "1h"; escalate before the request times out']],
  ["an escalation that notifies no one", team("    escalation: { after: 30m }\n"), "invalid", ["a.yml:6:5: teams.ops.escalation.notify: missing; expected a mapping with users, teams or both"]],
  ["an escalation notify list that names nobody", team("    escalation: { after: 30m, notify: {} }\n"), "invalid", ["a.yml:6:39: teams.ops.escalation.notify: names nobody; list at least one user or team"]],
  ["an approval label that looks like a status label", team("    approval_label: 'access:approved'\n"), "invalid", ['a.yml:6:21: teams.ops.approval_label: found "access:approved"; expected a label that does not start with "access:" (those are the app\'s status labels)']],
  ["an approval label that is the request label", team("    approval_label: access-request\n"), "invalid", ['a.yml:6:21: teams.ops.approval_label: found "access-request", which is the request label; choose a different label so that opening a request never approves it']],
  ["an approval label with a trailing space", team("    approval_label: 'ok '\n"), "invalid", ['a.yml:6:21: teams.ops.approval_label: found "ok "; expected a label name of 1 to 50 characters, without spaces at either end']],
  // Settings
  ["an unknown e-mail masking mode", settings("  masking: { emails: mask }\n"), "invalid", ['a.yml:3:22: settings.masking.emails: found "mask"; expected one of partial, full or hash']],
  ["an anchored masking pattern", settings("  masking: { patterns: ['^secret'] }\n"), "invalid", ['a.yml:3:25: settings.masking.patterns[0]: found "^secret"; the anchor "^" at character 1: masking patterns match anywhere in the text; remove it and make the pattern itself specific, e.g. EMP-[0-9]{6}']],
  ["a masking pattern that matches empty text", settings("  masking: { patterns: ['x{0,3}'] }\n"), "invalid", ['a.yml:3:25: settings.masking.patterns[0]: found "x{0,3}"; it can match the empty string, which would mask nothing and match everywhere; make at least one part of it required']],
  ["a misspelt settings key", settings("  request_lable: access\n"), "invalid", ['a.yml:3:3: settings.request_lable: unknown key "request_lable"; did you mean "request_label"? Allowed here: request_label, masking, drift, revert_child_teams']],
  ["a request label that looks like a status label", settings("  request_label: 'access:request'\n"), "invalid", ['a.yml:3:18: settings.request_label: found "access:request"; expected a label that does not start with "access:" (those are the app\'s status labels)']],
  ["an approval label equal to the request label set in settings", { "a.yml": team("    approval_label: please\n"), "b.yml": settings("  request_label: please\n") }, "invalid", ['a.yml:6:21: teams.ops.approval_label: found "please", which is the request label; choose a different label so that opening a request never approves it']],
  // Across files
  ["a team defined in two files", { "a.yml": team(""), "b.yml": "version: 1\nteams:\n  ops:\n    max_duration: 1h\n    approvers: { users: [carol] }\n" }, "invalid", ["b.yml:3:3: teams.ops: team ops is also defined in a.yml:3; define each team in one file only"]],
  ["a team defined twice, one definition broken", { "a.yml": team("    approvals: 0\n"), "b.yml": "version: 1\nteams:\n  ops:\n    max_duration: 1h\n    approvers: { users: [carol] }\n" }, "invalid", ["a.yml:6:16: teams.ops.approvals: found 0; expected a whole number from 1 to 10", "b.yml:3:3: teams.ops: team ops is also defined in a.yml:3; define each team in one file only"]],
  ["settings set in two files", { "a.yml": settings("  request_label: one\n"), "b.yml": `version: 1\n# org-wide\nsettings:\n  request_label: two\n` }, "invalid", ["b.yml:3:1: settings: settings are also set in a.yml:2; set them in one file only"]],
  ["problems in two files, all reported", { "a.yml": team("    approvals: 0\n"), "b.yml": "version: 3\nteams: {}\n" }, "invalid", ["a.yml:6:16: teams.ops.approvals: found 0; expected a whole number from 1 to 10", `b.yml:1:10: version: found 3; expected ${VERSION}`]],
  // YAML itself
  ["a key given twice", team("    approvals: 1\n    approvals: 2\n"), "invalid-yaml", ['a.yml:7:5: invalid YAML: the key "approvals" appears twice in the same mapping; keep one']],
  ["a team given twice in one file", "version: 1\nteams:\n  ops: { max_duration: 1h, approvers: { users: [a] } }\n  ops: { max_duration: 9h, approvers: { users: [b] } }\n", "invalid-yaml", ['a.yml:4:3: invalid YAML: the key "ops" appears twice in the same mapping; keep one']],
  ["a tab for indentation", "version: 1\nteams:\n\tops: {}\n", "invalid-yaml", ["a.yml:3:1: invalid YAML: a tab is used for indentation; indent with spaces"]],
  ["two documents in one file", "version: 1\n---\nversion: 1\n", "invalid-yaml", ["a.yml:2:1: invalid YAML: the file holds more than one YAML document (a second ---); keep one document per file"]],
  [
    "aliases that multiply (billion laughs)",
    `version: 1\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n${Array.from({ length: 6 }, (_, k) => `x${k + 1}: &x${k + 1} [${Array(10).fill(`*x${k}`).join(", ")}]`).join("\n")}\n`,
    "invalid-yaml",
    ["a.yml:1:1: invalid YAML: the policy files stand for more than 1,000,000 values with each alias counted as a copy of its anchor's value (reading them would hold up the app): share a long list of approvers as an approver team (`approvers.teams`), or split it"],
  ],
  [
    "one wide anchored list shared by many teams (a small file of millions of values)",
    `version: 1\nteams:\n  t0:\n    max_duration: 1h\n    approvers: &a { users: [${Array.from({ length: 10_000 }, (_, i) => `u${i}`).join(", ")}] }\n${Array.from({ length: 998 }, (_, i) => `  t${i + 1}: { max_duration: 1h, approvers: *a }\n`).join("")}`,
    "invalid-yaml",
    ["a.yml:1:1: invalid YAML: the policy files stand for more than 1,000,000 values with each alias counted as a copy of its anchor's value (reading them would hold up the app): share a long list of approvers as an approver team (`approvers.teams`), or split it"],
  ],
  [
    "more aliases than one file may hold (each is looked up among those before it)",
    `version: 1\nx: [&a x, ${Array(16_000).fill("*a").join(", ")}]\n`,
    "invalid-yaml",
    ["a.yml:1:1: invalid YAML: it holds 16,000 aliases, more than the 5,000 one file may hold (each is looked up among those before it): share a long list of approvers as an approver team (`approvers.teams`), or write fewer aliases"],
  ],
  ["an alias to no anchor", team("    requesters: *engineers\n"), "invalid-yaml", ["a.yml:6:17: invalid YAML: the alias *engineers names no anchor before it; define &engineers first"]],
  ["a quote never closed", team("    description: 'Production\n"), "invalid-yaml", ["a.yml:7:1: invalid YAML: missing closing 'quote"]],
  ["keys out of line", "version: 1\nteams:\n  ops:\n    max_duration: 1h\n   approvers: { users: [a] }\n", "invalid-yaml", ["a.yml:5:1: invalid YAML: all mapping items must start at the same column; check the indentation"]],
  ["a tag the parser does not know", team("    description: !include other.yml\n"), "invalid-yaml", ["a.yml:6:18: invalid YAML: the tag: !include is not supported; remove it"]],
  ["a list used as a key", "version: 1\n? [ops]\n: {}\n", "invalid-yaml", ["a.yml:2:3: invalid YAML: a key is a list or mapping; keys must be plain names"]],
  ["a team slug YAML reads as a number (granted as team 7 otherwise)", "version: 1\nteams:\n  007:\n    max_duration: 1h\n    approvers: { users: [a] }\n", "invalid-yaml", ['a.yml:3:3: invalid YAML: the key 007 is read as the number 7, not as the name written; quote it: "007"']],
  ["a team given twice, once quoted and once as a number", "version: 1\nteams:\n  \"16\": { max_duration: 1h, approvers: { users: [a, b] }, approvals: 2 }\n  0x10: { max_duration: 30d, approvers: { users: [m] } }\n", "invalid-yaml", ['a.yml:4:3: invalid YAML: the key 0x10 is read as the number 16, not as the name written; quote it: "0x10"']],
  ["a team key YAML reads as a boolean", "version: 1\nteams:\n  \"true\": { max_duration: 1h, approvers: { users: [a] } }\n  true: { max_duration: 30d, approvers: { users: [m] } }\n", "invalid-yaml", ['a.yml:4:3: invalid YAML: the key true is read as the value true, not as the name written; quote it: "true"']],
  ["a standard tag written out (!!merge turns on merge keys)", "version: 1\nteams:\n  sandbox: &sb\n    max_duration: 1h\n    approvers: { users: [a] }\n    self_approval: true\n  ops:\n    !!merge <<: *sb\n    max_duration: 8h\n", "invalid-yaml", ["a.yml:8:13: invalid YAML: the tag !!merge is not supported; remove it"]],
  ["a %YAML 1.1 directive (010 would read as eight, yes as true)", "%YAML 1.1\n---\nversion: 1\nteams:\n  ops: { max_duration: 1h, approvers: { users: [a] }, approvals: 010 }\n", "invalid-yaml", ["a.yml:1:1: invalid YAML: the file asks for YAML 1.1 (`%YAML 1.1`); policies are read as YAML 1.2: remove the directive"]],
  ["a standard tag on a value (!!str)", team("    description: !!str 42\n"), "invalid-yaml", ["a.yml:6:24: invalid YAML: the tag !!str is not supported; remove it"]],
  ["a mapping on one line after a key", "version: 1\nteams: ops: {}\n", "invalid-yaml", ["a.yml:2:8: invalid YAML: nested mappings are not allowed in compact mappings"]],
];

describe("invalid policies: each problem is named with file, line, column, path and what is allowed", () => {
  it("has a table of at least 40 cases", () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)("%s", (_name, files, kind, problems) => {
    const sources: PolicySource[] = Object.entries(typeof files === "string" ? { "a.yml": files } : files).map(([path, text]) => ({ path, text }));
    const load = parsePolicies(sources, "sha");
    expect(load.kind).toBe(kind);
    expect("problems" in load ? load.problems.map(formatProblem) : []).toEqual(problems);
  });

  it("an approval label that is the operator's request label (JIT_ACCESS_REQUEST_LABEL), unless the policies set their own", () => {
    const load = parsePolicies([{ path: "a.yml", text: team("    approval_label: jit-request\n") }], "sha", "jit-request");
    expect("problems" in load ? load.problems.map(formatProblem) : []).toEqual(['a.yml:6:21: teams.ops.approval_label: found "jit-request", which is the request label; choose a different label so that opening a request never approves it']);
    expect(parsePolicies([{ path: "a.yml", text: team("    approval_label: access-request\n") }], "sha", "jit-request").kind).toBe("ok");
    const own = parsePolicies([{ path: "a.yml", text: team("    approval_label: jit-request\n") }, { path: "b.yml", text: settings("  request_label: other\n") }], "sha", "jit-request");
    expect(own.kind).toBe("ok");
  });

  it("an unreadable file is its own outcome, ahead of other problems", () => {
    const load = parsePolicies([{ path: "a.yml", unreadable: "permission denied" }, { path: "b.yml", text: "version: 2\nteams: {}\n" }], "sha");
    expect(load.kind).toBe("unreadable");
    expect("problems" in load ? load.problems.map(formatProblem) : []).toEqual(["a.yml: cannot be read: permission denied", `b.yml:1:10: version: found 2; expected ${VERSION}`]);
  });
});
