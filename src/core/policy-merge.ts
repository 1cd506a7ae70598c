import type { CheckedFile } from "./policy-file.js";
import type { PolicyProblem, Settings, TeamPolicy } from "./policy.js";

/** The label requests carry when no policy sets settings.request_label. */
export const DEFAULT_REQUEST_LABEL = "access-request";

/**
 * Merges checked files into one set of teams and settings. Rules that need
 * every file: a team is defined once, settings are set once, and no team's
 * approval label is the request label (adding it would both open and
 * approve a request).
 *
 * @example
 * mergePolicies([checkFile(a), checkFile(b)]).problems; // [] when a and b agree
 */
export function mergePolicies(files: readonly CheckedFile[]): { teams: Map<string, TeamPolicy>; settings: Settings; problems: PolicyProblem[] } {
  const teams = new Map<string, TeamPolicy>();
  const problems: PolicyProblem[] = [];
  let settings: { value: Settings; from: CheckedFile } | undefined;
  const where = (file: CheckedFile, path: string[]): string => `${file.path}:${file.locate(path, "key").line ?? 1}`;

  for (const file of files) {
    for (const team of file.teams) {
      const earlier = teams.get(team.team);
      if (earlier) {
        const first = files.find((f) => f.path === earlier.file);
        problems.push({
          file: file.path,
          ...file.locate(["teams", team.team], "key"),
          path: `teams.${team.team}`,
          message: `team ${team.team} is also defined in ${first ? where(first, ["teams", team.team]) : earlier.file}; define each team in one file only`,
        });
      } else {
        teams.set(team.team, team);
      }
    }
    if (!file.settings) continue;
    if (settings) {
      problems.push({
        file: file.path,
        ...file.locate(["settings"], "key"),
        path: "settings",
        message: `settings are also set in ${where(settings.from, ["settings"])}; set them in one file only`,
      });
    } else {
      settings = { value: file.settings, from: file };
    }
  }

  const requestLabel = settings?.value.requestLabel ?? DEFAULT_REQUEST_LABEL;
  for (const team of teams.values()) {
    if (team.approvalLabel?.toLowerCase() !== requestLabel.toLowerCase()) continue;
    const file = files.find((f) => f.path === team.file);
    const path = ["teams", team.team, "approval_label"];
    problems.push({
      file: team.file,
      ...file?.locate(path),
      path: path.join("."),
      message: `found "${team.approvalLabel}", which is the request label; choose a different label so that opening a request never approves it`,
    });
  }
  return { teams, settings: settings?.value ?? { masking: { patterns: [] } }, problems };
}
