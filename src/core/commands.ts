import { BoundedMemo } from "./bounded-memo.js";
import { commandLines, type CommandLine } from "./command-lines.js";
import { parseDuration } from "./duration.js";

export type Command =
  | { name: "approve" }
  | { name: "deny"; reason: string }
  | { name: "revoke" }
  | { name: "extend"; durationMs: number; durationText: string }
  /** The requester declares an emergency on their own request (see break-glass.ts). */
  | { name: "break-glass" }
  /** An approver's review of a break-glass grant that records a finding. */
  | { name: "flag"; reason: string };

export type CommandParse =
  | { kind: "none" }
  | { kind: "command"; command: Command }
  | { kind: "invalid"; message: string };

// ASCII only: a full-width slash or a zero-width character makes a line that
// merely looks like a command, and look-alikes must never count.
const COMMAND_LINE = /^\/(approve|deny|revoke|extend|break-glass|flag)(?:[ \t]+([^\n]*?))?[ \t]*$/i;
// A line that opens with a command word and goes on with something other
// than plain text: it is no command, and the author is told why.
const FORMATTED = /^\/(approve|deny|revoke|extend|break-glass|flag)(?![^ \t])/i;
// Every command line holds this as written, so a body without it needs no parse.
const MENTION = /\/(?:approve|deny|revoke|extend|break-glass|flag)/i;
const NONE: CommandParse = Object.freeze({ kind: "none" });
// Each comment is read on every webhook and several times per reconcile.
const memo = new BoundedMemo(256, (body) => {
  const lines = commandLines(body);
  // A command must be read for certain or not at all: a comment too costly to read is refused, saying why.
  return "refused" in lines ? { kind: "invalid" as const, message: `the comment is not read for a command, as ${lines.refused}; post the command in a short comment of its own` } : readCommands(lines);
});

/**
 * Finds the command in a comment, reading it as GitHub renders it. A command
 * counts only as a line of its own in a top-level paragraph, made of plain
 * text only, typed as shown (no backslash escape or character reference),
 * indented at most three spaces, and outside any HTML element left open
 * before it. So quotes (lazily continued ones too), lists, code of every
 * kind, headings, tables, HTML blocks and comments never count; a command
 * that shares its line with inline code, emphasis, a link or inline HTML is
 * refused, saying so. A comment with two different commands is refused as
 * ambiguous rather than guessed at.
 *
 * @example
 * parseCommand("LGTM\n/approve");      // { kind: "command", command: { name: "approve" } }
 * parseCommand("> /approve");          // { kind: "none" }
 * parseCommand("> quote\n/approve");   // { kind: "none" }: a lazy continuation of the quote
 * parseCommand("/extend soon");        // { kind: "invalid", message: "…" }
 * parseCommand("/deny see `INC-1`");   // { kind: "invalid", message: "`/deny` shares its line with … code …" }
 */
export function parseCommand(body: string): CommandParse {
  return MENTION.test(body) ? memo.get(body) : NONE;
}

function readCommands(lines: readonly CommandLine[]): CommandParse {
  const found: Command[] = [];
  for (const line of lines) {
    if (line.formatted) {
      const name = FORMATTED.exec(line.text)?.[1]?.toLowerCase();
      if (name) return { kind: "invalid", message: `\`/${name}\` shares its line with a link, code, formatting or HTML, which makes it no command: write the command as plain text on a line of its own` };
      continue;
    }
    const match = COMMAND_LINE.exec(line.text);
    if (!match?.[1]) continue;
    const parsed = toCommand(match[1].toLowerCase(), (match[2] ?? "").trim());
    if ("message" in parsed) return { kind: "invalid", message: parsed.message };
    found.push(parsed);
  }
  const names = new Set(found.map((c) => c.name));
  if (names.size > 1) {
    return { kind: "invalid", message: `the comment holds ${[...names].map((n) => `/${n}`).join(" and ")}; post one command per comment` };
  }
  const [first] = found;
  return first ? { kind: "command", command: first } : NONE;
}

function toCommand(name: string, argument: string): Command | { message: string } {
  switch (name) {
    case "approve":
      return argument === "" ? { name: "approve" } : { message: "`/approve` takes no argument; put remarks on another line" };
    case "revoke":
      return argument === "" ? { name: "revoke" } : { message: "`/revoke` takes no argument; put remarks on another line" };
    case "deny":
      return { name: "deny", reason: argument };
    case "break-glass":
      return argument === "" ? { name: "break-glass" } : { message: "`/break-glass` takes no argument; put the reason in the request's Justification" };
    case "flag":
      return argument === "" ? { message: "`/flag` needs a reason: write `/flag <what is wrong>` on one line" } : { name: "flag", reason: argument };
    default: {
      const duration = parseDuration(argument);
      if (!duration.ok) return { message: `\`/extend\` needs a duration: ${duration.message}` };
      return { name: "extend", durationMs: duration.ms, durationText: argument };
    }
  }
}
