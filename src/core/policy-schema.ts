import { z } from "zod";
import { formatDuration, parseDuration } from "./duration.js";
import { expected, show } from "./policy-messages.js";
import { compileSafePattern } from "../masking/custom-patterns.js";
import { compileLinearPattern } from "./linear-pattern.js";
import { driftSettingsFields, driftTeamFields } from "./policy-drift-schema.js";
import { loginOf, slugOf, teamEntry, teamSlug, userEntry } from "./policy-user-schema.js";

export { loginOf, slugOf, type TeamEntry, type UserEntry } from "./policy-user-schema.js";

/**
 * The policy file schema: the single source of truth for what a policy may
 * say (policies/schema.json and the checks in docs/policies.md derive from
 * it). Strict everywhere: an unknown key is an error, never ignored, because
 * a misspelt rule that is silently dropped can widen access.
 */

/** No policy duration may exceed this: standing access belongs in team settings, not here. */
export const MAX_POLICY_DURATION_MS = 30 * 86_400_000;
/** The longest Ticket value a request may carry; ticket patterns are checked against it. */
export const TICKET_MAX_LENGTH = 100;
/** The longest ticket pattern: a pattern for an identifier needs no more. */
export const TICKET_PATTERN_MAX_LENGTH = 200;
export const MAX_APPROVALS = 10;
export const MAX_MASKING_PATTERNS = 50;
/** Labels starting with this are the app's status labels. */
export const RESERVED_LABEL_PREFIX = "access:";

/** Rules across fields run only once the fields themselves are valid, so one mistake gives one message. */
const onceValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

const DURATION_SHAPE =
  /^(?:(?:[0-9]{1,4}[dD])?(?:[0-9]{1,5}[hH])?(?:[0-9]{1,6}[mM])?|[pP](?:[0-9]{1,4}[dD])?(?:[tT](?:[0-9]{1,5}[hH])?(?:[0-9]{1,6}[mM])?)?)$/;
const DURATION_EXAMPLES = "a duration such as 30m, 2h, 1d, 1h30m or PT2H";

const duration = (description: string) =>
  z
    .string({ error: expected((input) => (typeof input === "number" ? `a duration with a unit, such as ${input}h or ${input}m` : DURATION_EXAMPLES)) })
    .regex(DURATION_SHAPE, { error: expected(DURATION_EXAMPLES), abort: true })
    .refine((text) => parseDuration(text).ok, { error: expected(DURATION_EXAMPLES), abort: true })
    .refine((text) => msOf(text) <= MAX_POLICY_DURATION_MS, {
      error: expected(`at most ${formatDuration(MAX_POLICY_DURATION_MS)}, the longest a policy allows`),
    })
    .meta({ description });

const label = (description: string) =>
  z
    .string({ error: expected("a label name of 1 to 50 characters") })
    .regex(/^\S(?:.{0,48}\S)?$/, { error: expected("a label name of 1 to 50 characters, without spaces at either end"), abort: true })
    .refine((name) => !name.toLowerCase().startsWith(RESERVED_LABEL_PREFIX), {
      error: expected(`a label that does not start with "${RESERVED_LABEL_PREFIX}" (those are the app's status labels)`),
    })
    .meta({ description });

const flag = (description: string) => z.boolean({ error: expected("true or false") }).meta({ description });

/** `allowEmpty`: an empty mapping means "nobody" on purpose (standing), rather than a forgotten list. */
const principals = (description: string, { allowEmpty = false } = {}) =>
  z
    .strictObject(
      {
        users: z
          .array(userEntry, { error: expected("a list of GitHub logins, such as [alice, bob] or [alice, { login: bob, id: 583231 }]") })
          .optional()
          .meta({ description: "GitHub logins; an entry { login, id } pins the login to the account with that numeric id." }),
        teams: z
          .array(teamEntry, { error: expected("a list of team slugs, such as [platform-leads] or [{ slug: platform-leads, id: 4217 }]") })
          .optional()
          .meta({ description: "Team slugs of the organisation; members of child teams count too. An entry { slug, id } pins the slug to the team with that numeric id." }),
      },
      { error: expected("a mapping with users, teams or both") },
    )
    .superRefine((who, ctx) => {
      if (!allowEmpty && (who.users?.length ?? 0) + (who.teams?.length ?? 0) === 0) {
        ctx.addIssue({ code: "custom", path: [], message: "names nobody; list at least one user or team" });
      }
      for (const key of ["users", "teams"] as const) {
        const seen = new Map<string, string>();
        (key === "users" ? (who.users ?? []).map(loginOf) : (who.teams ?? []).map(slugOf)).forEach((name, index) => {
          const earlier = seen.get(name.toLowerCase());
          if (earlier !== undefined) {
            ctx.addIssue({ code: "custom", path: [key, index], message: `found ${show(name)} again (already listed as ${show(earlier)}); list each one once` });
          }
          seen.set(name.toLowerCase(), name);
        });
      }
    }, onceValid)
    .meta({ description });

const ticketPattern = z
  .string({ error: expected("a regular expression such as ^(INC|CHG)-[0-9]+$") })
  .superRefine((source, ctx) => {
    // RE2 matches in linear time, so any pattern it compiles is safe to run.
    const check = source.length > TICKET_PATTERN_MAX_LENGTH
      ? { ok: false as const, message: `the pattern is ${source.length} characters long; keep it to ${TICKET_PATTERN_MAX_LENGTH} or fewer` }
      : compileLinearPattern(source);
    if (!check.ok) ctx.addIssue({ code: "custom", message: `found ${show(source)}; ${check.message}` });
  })
  .meta({ description: `A regular expression the whole Ticket must match (^ and $ are implied; tickets are at most ${TICKET_MAX_LENGTH} characters).` });

/** Checked by the masker's own rules, so a policy the app accepts never makes the masker refuse to start. */
const maskingPattern = z
  .string({ error: expected("a regular expression such as ghp_[A-Za-z0-9]{36}") })
  .superRefine((source, ctx) => {
    const check = compileSafePattern(source);
    if (!check.ok) ctx.addIssue({ code: "custom", message: `found ${show(source)}; ${check.message.replace(`pattern ${JSON.stringify(source)}: `, "")}` });
  });

/**
 * Break-glass: an emergency self-grant without approval, for the people it
 * lists, reviewed by an approver after the fact. Every key is required: an
 * approval bypass must say who, for how long, who hears of it and by when it
 * is reviewed.
 */
const breakGlassSchema = z
  .strictObject(
    {
      requesters: principals("Who may grant themselves this team in an emergency, without approval."),
      max_duration: duration("The longest a break-glass grant may run; at most the team's max_duration."),
      notify: principals("Who is mentioned at once when someone breaks the glass, and again when the review is overdue."),
      review_within: duration("How soon an approver must review a break-glass grant after it was made (`/approve` or `/flag <reason>`)."),
    },
    { error: expected("a mapping with requesters, max_duration, notify and review_within") },
  )
  .meta({ description: "Emergency access without approval, reviewed after the fact. See docs/policies.md." });

export const teamPolicySchema = z
  .strictObject(
    {
      description: z.string({ error: expected("text of at most 500 characters") }).max(500, { error: expected("text of at most 500 characters") }).optional().meta({ description: "What the team grants, for people reading requests." }),
      max_duration: duration("The longest access one request may ask for (at most 30d)."),
      default_duration: duration("Used when the request's Duration is empty; at most max_duration. Without it, Duration is required.").optional(),
      requesters: principals("Who may request this team. Omitted: any active member of the organisation.").optional(),
      approvers: principals("Who may approve: listed users and members of listed teams."),
      approvals: z
        .int({ error: expected(`a whole number from 1 to ${MAX_APPROVALS}`) })
        .min(1)
        .max(MAX_APPROVALS)
        .default(1)
        .meta({ description: "How many distinct eligible approvers must approve." }),
      distinct_teams: flag("true: each counted approval must come from a different approver group: each team in approvers.teams, and the users in approvers.users together.").default(false),
      self_approval: flag("true: the requester may approve their own request.").default(false),
      ticket: z
        .strictObject(
          {
            required: flag("true: a request without a Ticket is refused.").default(false),
            pattern: ticketPattern.optional(),
          },
          { error: expected("a mapping with required, pattern or both") },
        )
        .superRefine((ticket, ctx) => {
          if (!ticket.required && ticket.pattern === undefined) ctx.addIssue({ code: "custom", path: [], message: "sets neither required: true nor pattern; add one or remove ticket" });
        }, onceValid)
        .optional()
        .meta({ description: "Rules for the request's Ticket field." }),
      pending_timeout: duration("A request not approved within this time is closed as timed out.").optional(),
      escalation: z
        .strictObject(
          {
            after: duration("How long a request may wait for approval before the people under notify are asked."),
            notify: principals("Who is asked to look at a request that waits too long."),
          },
          { error: expected("a mapping with after and notify") },
        )
        .optional()
        .meta({ description: "Who to ask when a request waits for approval too long." }),
      approval_label: label("A label that approves the request when an eligible approver adds it.").optional(),
      // Break-glass (issue #16, item 3): kept as one block so other per-team keys merge beside it.
      break_glass: breakGlassSchema.optional(),
      ...driftTeamFields(principals),
    },
    { error: expected("the team's policy: a mapping with at least max_duration and approvers") },
  )
  .superRefine((team, ctx) => {
    const max = msOf(team.max_duration);
    if (team.default_duration !== undefined && msOf(team.default_duration) > max) {
      ctx.addIssue({ code: "custom", path: ["default_duration"], message: `found ${show(team.default_duration)}, longer than max_duration ${show(team.max_duration)}; expected at most ${show(team.max_duration)}` });
    }
    const users = new Set((team.approvers.users ?? []).map((u) => loginOf(u).toLowerCase())).size;
    const teams = team.approvers.teams?.length ?? 0;
    const groups = teams + (users > 0 ? 1 : 0);
    if (team.distinct_teams && team.approvals > groups) {
      const named = users > 0 ? `${count(teams, "team")} and the listed users` : count(teams, "team");
      ctx.addIssue({ code: "custom", path: ["approvals"], message: `found ${team.approvals}, but with distinct_teams each approval needs its own approver group and approvers names ${groups} (${named}); lower approvals or add approver teams` });
    } else if (teams === 0 && team.approvals > users) {
      ctx.addIssue({ code: "custom", path: ["approvals"], message: `found ${team.approvals}, but approvers lists only ${count(users, "user")} and no team; lower approvals or add approvers` });
    }
    if (team.break_glass && msOf(team.break_glass.max_duration) > max) {
      ctx.addIssue({ code: "custom", path: ["break_glass", "max_duration"], message: `found ${show(team.break_glass.max_duration)}, longer than the team's max_duration ${show(team.max_duration)}; expected at most ${show(team.max_duration)}` });
    }
    if (team.escalation && team.pending_timeout !== undefined && msOf(team.escalation.after) >= msOf(team.pending_timeout)) {
      ctx.addIssue({ code: "custom", path: ["escalation", "after"], message: `found ${show(team.escalation.after)}, not shorter than pending_timeout ${show(team.pending_timeout)}; escalate before the request times out` });
    }
  }, onceValid)
  .meta({ description: "The policy for one team, named by its slug." });

export const settingsSchema = z
  .strictObject(
    {
      request_label: label("The label that marks an issue or pull request as an access request (default access-request).").optional(),
      masking: z
        .strictObject(
          {
            emails: z.enum(["partial", "full", "hash"], { error: expected("one of partial, full or hash") }).optional().meta({ description: "How e-mail addresses are written: partial (j***@example.com), full ([email]) or hash." }),
            patterns: z
              .array(maskingPattern, { error: expected(`a list of at most ${MAX_MASKING_PATTERNS} regular expressions`) })
              .max(MAX_MASKING_PATTERNS, { error: expected(`a list of at most ${MAX_MASKING_PATTERNS} regular expressions`) })
              .optional()
              .meta({ description: "Extra regular expressions whose matches are masked as [masked]; no anchors, backreferences or lookarounds, and (?i) for case-insensitive." }),
          },
          { error: expected("a mapping with emails, patterns or both") },
        )
        .optional()
        .meta({ description: "What is masked in everything the app writes, on top of the built-in rules." }),
      ...driftSettingsFields,
    },
    { error: expected("a mapping with request_label, masking, drift or revert_child_teams") },
  )
  .meta({ description: "Organisation-wide settings; at most one policy file may set them." });

export const policyFileSchema = z
  .strictObject(
    {
      version: z.literal(1, { error: expected("version: 1, the only version so far") }).meta({ description: "The policy format version: 1." }),
      teams: z
        .record(teamSlug, teamPolicySchema, { error: expected("a mapping from team slug to the team's policy") })
        .optional()
        .meta({ description: "The teams one can request, by slug." }),
      settings: settingsSchema.optional(),
    },
    { error: expected("a mapping with version: 1 and teams, settings or both") },
  )
  .superRefine((file, ctx) => {
    if (file.teams === undefined && file.settings === undefined) ctx.addIssue({ code: "custom", path: [], message: "defines nothing; add teams, settings or both" });
  }, onceValid)
  .meta({ title: "jit-access policy file", description: "A jit-access policy file (policies/*.yml). See docs/policies.md." });

export type PolicyFile = z.infer<typeof policyFileSchema>;
export type TeamPolicyInput = z.infer<typeof teamPolicySchema>;
export type SettingsInput = z.infer<typeof settingsSchema>;

/**
 * Milliseconds of a duration the schema accepted.
 *
 * @example
 * msOf("1h30m"); // 5400000
 */
export function msOf(text: string): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new Error(`unreachable: the schema accepted the duration ${text}`);
  return parsed.ms;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
