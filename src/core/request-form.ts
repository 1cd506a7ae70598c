import { parseDuration } from "./duration.js";

/** The request as the form asks for it. `durationMs` is absent when the form's Duration was empty. */
export interface RequestFields {
  team: string;
  durationMs?: number;
  durationText?: string;
  justification: string;
  ticket?: string;
}

export interface FieldProblem {
  field: "Team" | "Duration" | "Justification" | "Ticket" | "form";
  message: string;
}

export type ParsedRequest = { ok: true; fields: RequestFields } | { ok: false; problems: FieldProblem[] };

const NO_RESPONSE = "_No response_";
const HEADING = /^###[ \t]+(.+?)[ \t]*$/;
const TEAM_SLUG = /^[a-z0-9](?:[a-z0-9_.-]{0,99})$/;

/**
 * Parses an issue body as GitHub renders the access-request form:
 * `### Label`, a blank line, the value; `_No response_` for an empty field;
 * values typed by people may carry `\r\n`.
 *
 * A heading that appears twice is refused rather than guessed at: a
 * justification that contains `### Team` must not be able to change the team.
 *
 * @example
 * parseRequestBody("### Team\n\nplatform-admins\n\n### Duration\n\n2h\n\n### Justification\n\nINC-1\n\n### Ticket\n\n_No response_");
 * // { ok: true, fields: { team: "platform-admins", durationMs: 7200000, durationText: "2h", justification: "INC-1" } }
 */
export function parseRequestBody(body: string | null | undefined): ParsedRequest {
  const sections = splitSections(body ?? "");
  const problems: FieldProblem[] = [];
  const value = (field: "Team" | "Duration" | "Justification" | "Ticket"): string | undefined => {
    const found = sections.get(field.toLowerCase());
    if (found && found.length > 1) {
      problems.push({ field, message: `the heading "### ${field}" appears ${found.length} times; keep exactly one` });
      return undefined;
    }
    return found?.[0];
  };
  const team = value("Team");
  const duration = value("Duration");
  const justification = value("Justification");
  const ticket = value("Ticket");

  if (sections.size === 0) {
    return {
      ok: false,
      problems: [{ field: "form", message: "the description is not an access-request form: open the request from the “Access request” issue form so that it has the Team, Duration, Justification and Ticket sections" }],
    };
  }
  const slug = team?.replace(/^@[^/\s]+\//, "").toLowerCase();
  if (team === undefined || team === "") {
    if (!problems.some((p) => p.field === "Team")) problems.push({ field: "Team", message: "is empty: name the team to join by its slug, for example `platform-admins`" });
  } else if (!slug || !TEAM_SLUG.test(slug)) {
    problems.push({ field: "Team", message: `"${team}" is not a team slug: use the slug from the team's URL, for example \`platform-admins\`` });
  }
  let durationMs: number | undefined;
  if (duration !== undefined && duration !== "") {
    const parsed = parseDuration(duration);
    if (parsed.ok) durationMs = parsed.ms;
    else problems.push({ field: "Duration", message: parsed.message });
  }
  if (justification === undefined || justification === "") {
    if (!problems.some((p) => p.field === "Justification")) problems.push({ field: "Justification", message: "is empty: say why you need the access, for example the incident you are working on" });
  }
  if (problems.length > 0 || !slug) return { ok: false, problems };
  const fields: RequestFields = { team: slug, justification: justification ?? "" };
  if (durationMs !== undefined && duration !== undefined) {
    fields.durationMs = durationMs;
    fields.durationText = duration;
  }
  if (ticket) fields.ticket = ticket;
  return { ok: true, fields };
}

/** Heading (lower case) → every value found under it, trimmed, `_No response_` read as empty. */
function splitSections(body: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (current === undefined) return;
    const text = lines.join("\n").trim();
    const list = sections.get(current) ?? [];
    list.push(text === NO_RESPONSE ? "" : text);
    sections.set(current, list);
  };
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    const heading = HEADING.exec(line);
    if (heading?.[1]) {
      flush();
      current = heading[1].toLowerCase();
      lines = [];
    } else if (current !== undefined) {
      lines.push(line);
    }
  }
  flush();
  return sections;
}
