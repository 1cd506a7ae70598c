import type { RequestTrail } from "./load-trail.js";
import type { FileProblem, FileRecord } from "./verify-file.js";

export interface CrossCheck {
  /** Records the file holds that are no longer on GitHub: deleted (the file keeps a copy). */
  deleted: FileProblem[];
  /** Records on GitHub the file does not hold: written before the file was configured, or a failed append (logged). */
  notInFile: number;
}

/**
 * Compares the file's copy with the trails read from GitHub, for the
 * requests of the repositories read: every record in the file must still be
 * on GitHub. This sees what the chain alone cannot — a request's last record
 * deleted, or a whole request deleted.
 *
 * @example
 * crossCheck(verifyFile(text, key).records, trails, ["acme/access"]).deleted;
 */
export function crossCheck(fileRecords: readonly FileRecord[], trails: readonly RequestTrail[], repos: readonly string[]): CrossCheck {
  const onGitHub = new Map<string, Set<string>>();
  for (const trail of trails) onGitHub.set(trail.request, new Set(trail.records.flatMap((r) => (r.hash === undefined ? [] : [r.hash]))));
  const inScope = (request: string) => repos.some((repo) => request.toLowerCase().startsWith(`${repo.toLowerCase()}#`));
  const deleted: FileProblem[] = [];
  const copied = new Set<string>();
  for (const record of fileRecords) {
    if (!inScope(record.request)) continue;
    copied.add(record.hash);
    const hashes = onGitHub.get(record.request);
    if (hashes?.has(record.hash)) continue;
    deleted.push({
      line: record.line,
      detail: hashes
        ? `line ${record.line}: the "${record.event}" record of ${record.request} (comment ${record.commentId}) is no longer on GitHub: it was deleted or changed; the file keeps a copy`
        : `line ${record.line}: ${record.request} is no longer on GitHub (or lost its request label): its "${record.event}" record (comment ${record.commentId}) survives in the file`,
    });
  }
  const notInFile = trails.reduce((n, trail) => n + trail.records.filter((r) => r.status === "verified" && r.hash !== undefined && !copied.has(r.hash)).length, 0);
  return { deleted, notInFile };
}
