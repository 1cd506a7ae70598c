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
export function mergePolicies(files: readonly CheckedFile[], operatorRequestLabel = DEFAULT_REQUEST_LABEL): { teams: Map<string, TeamPolicy>; settings?: Settings; problems: PolicyProblem[] } {
  const teams = new Map<string, TeamPolicy>();
  const problems: PolicyProblem[] = [];
  const definedIn = new Map<string, CheckedFile>();
  let settingsFrom: CheckedFile | undefined;
  const where = (file: CheckedFile, path: string[]): string => `${file.path}:${file.locate(path, "key").line ?? 1}`;

  for (const file of files) {
    for (const slug of file.slugs) {
      const first = definedIn.get(slug);
      if (first) {
        const path = ["teams", slug];
        problems.push({ file: file.path, ...file.locate(path, "key"), path: path.join("."), message: `team ${slug} is also defined in ${where(first, path)}; define each team in one file only` });
      } else {
        definedIn.set(slug, file);
      }
    }
    for (const team of file.teams) if (definedIn.get(team.team) === file) teams.set(team.team, team);
    if (!file.hasSettings) continue;
    if (settingsFrom) {
      problems.push({ file: file.path, ...file.locate(["settings"], "key"), path: "settings", message: `settings are also set in ${where(settingsFrom, ["settings"])}; set them in one file only` });
    } else {
      settingsFrom = file;
    }
  }
  const settings = settingsFrom?.settings;

  // The label in force: the policies' own setting, else the operator's (JIT_ACCESS_REQUEST_LABEL).
  const requestLabel = settings?.requestLabel ?? operatorRequestLabel;
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
  return settings ? { teams, settings, problems } : { teams, problems };
}
