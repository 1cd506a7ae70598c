import { parseDuration } from "./duration.js";

export type Command =
  | { name: "approve" }
  | { name: "deny"; reason: string }
  | { name: "revoke" }
  | { name: "extend"; durationMs: number; durationText: string };

export type CommandParse =
  | { kind: "none" }
  | { kind: "command"; command: Command }
  | { kind: "invalid"; message: string };

// ASCII only: a full-width slash or a zero-width character makes a line that
// merely looks like a command, and look-alikes must never count.
const COMMAND_LINE = /^\/(approve|deny|revoke|extend)(?:[ \t]+([^\n]*?))?[ \t]*$/i;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUOTE = /^ {0,3}>/;

/**
 * Finds the command in a comment. A command counts only on a line of its own,
 * indented at most three spaces (four make a code block), outside block
 * quotes, fenced code and HTML comments. A comment with two different
 * commands is refused as ambiguous rather than guessed at.
 *
 * @example
 * parseCommand("LGTM\n/approve");      // { kind: "command", command: { name: "approve" } }
 * parseCommand("> /approve");          // { kind: "none" }
 * parseCommand("/extend soon");        // { kind: "invalid", message: "…" }
 */
export function parseCommand(body: string): CommandParse {
  const found: Command[] = [];
  let fence: string | undefined;
  for (const raw of stripHtmlComments(body).split(/\r\n?|\n/)) {
    const fenceMatch = FENCE.exec(raw);
    if (fence !== undefined) {
      if (fenceMatch?.[1] && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      continue;
    }
    if (QUOTE.test(raw)) continue;
    const indent = /^ */.exec(raw)?.[0].length ?? 0;
    if (indent > 3) continue;
    const match = COMMAND_LINE.exec(raw.slice(indent));
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
  return first ? { kind: "command", command: first } : { kind: "none" };
}

function toCommand(name: string, argument: string): Command | { message: string } {
  switch (name) {
    case "approve":
      return argument === "" ? { name: "approve" } : { message: "`/approve` takes no argument; put remarks on another line" };
    case "revoke":
      return argument === "" ? { name: "revoke" } : { message: "`/revoke` takes no argument; put remarks on another line" };
    case "deny":
      return { name: "deny", reason: argument };
    default: {
      const duration = parseDuration(argument);
      if (!duration.ok) return { message: `\`/extend\` needs a duration: ${duration.message}` };
      return { name: "extend", durationMs: duration.ms, durationText: argument };
    }
  }
}

/** Removes `<!-- … -->` (an unterminated one runs to the end, as in HTML). */
function stripHtmlComments(body: string): string {
  return body.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
}
