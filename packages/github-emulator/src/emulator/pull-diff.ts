import { blobSha } from "./git-store.js";
import type { PullRecord, RepoRecord } from "./model.js";

export interface ChangedFile {
  path: string;
  status: "added" | "modified" | "removed";
  sha: string | null;
  additions: number;
  deletions: number;
  patch: string;
}

/**
 * What a pull request changes: its head tree against its base tree.
 *
 * @example
 * changedFiles(repo, pr.pull).map((file) => file.path); // ["policies/team.yml"]
 */
export function changedFiles(repo: RepoRecord, pull: PullRecord): ChangedFile[] {
  const base = repo.commits.get(pull.baseSha)?.tree ?? new Map<string, string>();
  const head = repo.commits.get(pull.headSha)?.tree ?? new Map<string, string>();
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  const files: ChangedFile[] = [];
  for (const path of paths) {
    const before = base.get(path);
    const after = head.get(path);
    if (before === after) continue;
    const removed = before === undefined ? [] : lines(before);
    const added = after === undefined ? [] : lines(after);
    files.push({
      path,
      status: before === undefined ? "added" : after === undefined ? "removed" : "modified",
      sha: after === undefined ? null : blobSha(after),
      additions: added.length,
      deletions: removed.length,
      patch: [`@@ -${removed.length ? 1 : 0},${removed.length} +${added.length ? 1 : 0},${added.length} @@`, ...removed.map((line) => `-${line}`), ...added.map((line) => `+${line}`)].join("\n"),
    });
  }
  return files;
}

function lines(text: string): string[] {
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}
