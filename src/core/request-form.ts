import { BoundedMemo } from "./bounded-memo.js";
import { parseDuration } from "./duration.js";
import { readFormSections } from "./form-sections.js";
import { quotedValue } from "./code-span.js";

/** The request as the form asks for it. `durationMs` is absent when the form's Duration was empty. */
export interface RequestFields {
  team: string;
  /** The organisation the Team was written under (`@acme/platform-admins`), when it was: checked against the request's own. */
  teamOrg?: string;
  durationMs?: number;
  durationText?: string;
  justification: string;
  ticket?: string;
  /**
   * The form's "Emergency" checkbox is ticked: the requester asks for
   * break-glass. Only one `### Emergency` section, a top-level level-3
   * heading, with a ticked box counts; anything else is no emergency.
   */
  emergency?: true;
}

export interface FieldProblem {
  field: "Team" | "Duration" | "Justification" | "Ticket" | "form";
  message: string;
}

export type ParsedRequest = { ok: true; fields: RequestFields } | { ok: false; problems: FieldProblem[] };

type Field = "Team" | "Duration" | "Justification" | "Ticket";
const TEAM_SLUG = /^[a-z0-9](?:[a-z0-9_.-]{0,99})$/;

/**
 * Parses an issue body as GitHub renders the access-request form:
 * `### Label`, a blank line, the value; `_No response_` for an empty field;
 * values typed by people may carry `\r\n`. It reads what a person sees on
 * the rendered issue (see `readFormSections`): a section is a top-level
 * level-3 heading, its label as rendered (`### Team ###` is "Team"); HTML,
 * comments included, is no part of a value. Team, Duration and Ticket are
 * the visible text, and refused if they hold HTML elements; Justification is
 * the markdown of its section without the HTML.
 *
 * A heading that appears twice is refused rather than guessed at: a
 * justification that contains `### Team` must not be able to change the team.
 * So is a field heading at another level or inside HTML, which a reader may
 * not see as the form's.
 *
 * @example
 * parseRequestBody("### Team\n\nplatform-admins\n\n### Duration\n\n2h\n\n### Justification\n\nINC-1\n\n### Ticket\n\n_No response_");
 * // { ok: true, fields: { team: "platform-admins", durationMs: 7200000, durationText: "2h", justification: "INC-1" } }
 */
export function parseRequestBody(body: string | null | undefined): ParsedRequest {
  return memo.get(body ?? "");
}

// The body is read on every reconcile and again by each decision in it.
const memo = new BoundedMemo(64, readRequest);

function readRequest(body: string): ParsedRequest {
  const form = readFormSections(body);
  if (form.refused !== undefined) return { ok: false, problems: [{ field: "form", message: `the description is not read, as ${form.refused}` }] };
  const problems: FieldProblem[] = [];
  const value = (field: Field): string | undefined => {
    const found = form.sections.get(field.toLowerCase()) ?? [];
    const misplaced = form.misplaced.get(field.toLowerCase()) ?? [];
    const count = found.length + misplaced.length;
    if (count > 1) {
      const message = misplaced.length === 0
        ? `the heading "### ${field}" appears ${count} times; keep exactly one`
        : `a heading "${field}" appears ${count} times (${misplaced.map((m) => m.where).join(", ")}); keep exactly one, the form's "### ${field}"`;
      problems.push({ field, message });
      return undefined;
    }
    const [wrong] = misplaced;
    if (wrong) {
      problems.push({ field, message: `the heading "${field}" is ${wrong.where}; the form's fields are level-3 headings outside any HTML: write it as "### ${field}"` });
      return undefined;
    }
    const [section] = found;
    if (!section) return undefined;
    if (field === "Justification") return section.source;
    if (section.markup !== undefined) {
      problems.push({ field, message: `holds HTML (\`${section.markup}\`); write the value as plain text on a line of its own` });
      return undefined;
    }
    if (section.unread !== undefined) {
      problems.push({ field, message: `holds ${section.unread}, which does not read as its value; write the value as plain text on a line of its own` });
      return undefined;
    }
    return section.visible;
  };
  const team = value("Team");
  const duration = value("Duration");
  const justification = value("Justification");
  const ticket = value("Ticket");

  if (form.sections.size === 0 && form.misplaced.size === 0) {
    return {
      ok: false,
      problems: [{ field: "form", message: "the description is not an access-request form: open the request from the “Access request” issue form so that it has the Team, Duration, Justification and Ticket sections" }],
    };
  }
  const slug = team?.replace(/^@[^/\s]+\//, "").toLowerCase();
  if (team === undefined || team === "") {
    if (!problems.some((p) => p.field === "Team")) problems.push({ field: "Team", message: "is empty: name the team to join by its slug, for example `platform-admins`" });
  } else if (!slug || !TEAM_SLUG.test(slug)) {
    problems.push({ field: "Team", message: `${quotedValue(team)} is not a team slug: use the slug from the team's URL, for example \`platform-admins\`` });
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
  const org = team === undefined ? undefined : /^@([^/\s]+)\//.exec(team)?.[1];
  if (org !== undefined) fields.teamOrg = org;
  if (durationMs !== undefined && duration !== undefined) {
    fields.durationMs = durationMs;
    fields.durationText = duration;
  }
  if (ticket) fields.ticket = ticket;
  const emergency = form.sections.get("emergency") ?? [];
  // Fail closed: a second or misplaced Emergency heading is no emergency (and never a problem, since the field is optional).
  if (emergency.length === 1 && emergency[0]?.ticked === true && !form.misplaced.has("emergency")) fields.emergency = true;
  return { ok: true, fields };
}
