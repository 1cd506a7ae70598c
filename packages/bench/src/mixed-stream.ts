import type { GitHubEmulator } from "github-emulator/emulator/index.js";
import { APPROVER, BYSTANDER, type OpenedRequest } from "./bench-world.js";

/** The kinds of event in the stream, and how many of every 20. */
export const MIX = { "comment on a request": 7, command: 3, "issue that is not a request": 5, "label change on a request": 5 } as const;
export type EventKind = keyof typeof MIX;

// A fixed order of kinds, so a stream is the same every run.
const PATTERN: EventKind[] = Object.entries(MIX).flatMap(([kind, times]) => Array<EventKind>(times).fill(kind as EventKind));
// Commands in turn: an approval that grants, one by someone who may not approve, a denial by an approver team's member.
const COMMANDS = [
  { by: APPROVER, body: "/approve" },
  { by: BYSTANDER, body: "/approve" },
  { by: "carol", body: "/deny not needed any more" },
];

/**
 * Queues `count` webhooks of a mixed stream at once, by people acting on
 * the world: chatter on requests, commands (each on a request of its own, so
 * every one is answered), issues that are not requests and comments on them,
 * and a label added to and taken off requests. Returns how many of each.
 *
 * @example
 * const kinds = queueMixedStream({ github, requesters }, pending, 3000); // { command: 450, … }
 */
export function queueMixedStream(world: { github: GitHubEmulator; requesters: readonly string[] }, requests: readonly OpenedRequest[], count: number): Record<EventKind, number> {
  const { github } = world;
  const tally = Object.fromEntries(Object.keys(MIX).map((k) => [k, 0])) as Record<EventKind, number>;
  const untouched = [...requests];
  let other: { repo: string; number: number } | undefined;
  for (let i = 0; i < count; i++) {
    const planned = PATTERN[i % PATTERN.length]!;
    // Once every request has had its command, the command's turn goes to chatter.
    const kind = planned === "command" && untouched.length === 0 ? "comment on a request" : planned;
    const target = requests[i % requests.length]!;
    const person = world.requesters[i % world.requesters.length]!;
    if (kind === "comment on a request") github.as(person).comment(target.repo, target.number, "Any news on this one? Thanks!");
    else if (kind === "command") {
      const request = untouched.shift()!;
      const command = COMMANDS[tally.command % COMMANDS.length]!;
      github.as(command.by).comment(request.repo, request.number, command.body);
    } else if (kind === "issue that is not a request") {
      // Every other one opens an issue, the next comments on it.
      if (other && tally[kind] % 2 === 1) github.as(person).comment(other.repo, other.number, "Same here on the latest release.");
      else other = { repo: target.repo, number: github.as(person).openIssue(target.repo, { title: "Build fails on main", body: "Steps to reproduce: run the build." }) };
    } else if (github.issue(target.repo, target.number).labels.includes("triage")) github.as(APPROVER).removeLabel(target.repo, target.number, "triage");
    else github.as(APPROVER).addLabels(target.repo, target.number, ["triage"]);
    tally[kind]++;
  }
  return tally;
}
