import { z } from "zod";
import { expected } from "./policy-messages.js";

/**
 * The policy fields of the drift guard, kept apart from the rest of the
 * schema so that other additions to a team's policy merge without
 * conflicts. `policy-schema.ts` spreads them into its strict objects.
 */

/** How the schema builds a users/teams mapping; passed in so this file does not import the schema that imports it. */
type PrincipalsBuilder = (description: string, options?: { allowEmpty?: boolean }) => z.ZodType<{ users?: (string | { login: string; id: number })[] | undefined; teams?: (string | { slug: string; id: number })[] | undefined }>;

/** What the app does about a member of a managed team whom nothing allows. */
export const DRIFT_MODES = ["report", "revert"] as const;
export type DriftMode = (typeof DRIFT_MODES)[number];

/**
 * The team fields: who may be a member permanently.
 *
 * @example
 * z.strictObject({ ...driftTeamFields(principals) }).parse({ standing: { users: ["svc-deploy"] } });
 */
export function driftTeamFields(principals: PrincipalsBuilder) {
  return {
    standing: principals(
      "Who may be a member of the team permanently (maintainers, service accounts); members of listed teams count too. { users: [] } says nobody. Omitted: the members the team has when its policy first loads, recorded once as a baseline.",
      { allowEmpty: true },
    ).optional(),
  };
}

/** The settings fields: what to do about drift, organisation-wide. */
export const driftSettingsFields = {
  drift: z
    .enum(DRIFT_MODES, { error: expected("one of report or revert") })
    .optional()
    .meta({ description: "What to do about a member of a managed team who is not standing and not backed by a live grant: report (default) records it on a drift issue; revert also removes the membership." }),
  revert_child_teams: z
    .boolean({ error: expected("true or false") })
    .optional()
    .meta({ description: "true: under drift: revert, a child team nested under a managed team is detached too (default false: reported only)." }),
};
