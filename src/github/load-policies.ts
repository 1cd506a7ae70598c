import { createHash } from "node:crypto";
import { isListed } from "../config.js";
import { parsePolicies, type PolicyLoad, type PolicySource } from "../core/policy.js";
import type { GitHubClient } from "./client.js";

interface CacheEntry {
  etag?: string;
  /** When the policies' commit was made, when GitHub said. */
  committedAt?: number;
  load: PolicyLoad;
  /** blob sha → file text, so an unchanged file is never fetched again. */
  texts: Map<string, string>;
}

interface DirectoryEntry {
  type: string;
  name: string;
  path: string;
  sha: string;
  download_url?: string | null;
}

const POLICY_FILE = /\.ya?ml$/i;

/** Why an entry named as a policy file is not read: GitHub's `type` for it. */
function notAFile(type: string | undefined): string {
  if (type === "symlink") return "it is a symbolic link, and a policy is read only from a file kept in the folder itself (a link may lead to a file the folder's protection does not cover); put the policy's text in the file";
  if (type === "submodule") return "it is a submodule, not a file; keep policy files in this repository's policy folder itself";
  if (type === "dir") return "it is a folder, not a file; policy files are read from the policy folder itself, not from folders in it";
  return `GitHub gives it as \`${String(type)}\`, not as a file`;
}
const utf8 = new TextDecoder("utf-8", { fatal: true });

function missing(message: string, pinMismatch = false): CacheEntry {
  return { load: pinMismatch ? { kind: "missing", message, pinMismatch } : { kind: "missing", message }, texts: new Map() };
}

/**
 * Loads policies. Requests are decided by the default branch's policies
 * (never the request's own branch, so a request cannot rewrite its rules),
 * found through the newest commit that changed the policy folder. That
 * commit's sha is the policies' `ref`, recorded in every decision. The
 * look-up is conditional: while the folder is unchanged GitHub answers 304,
 * which costs no rate limit, and the parsed policies are reused.
 *
 * A failure to reach GitHub is thrown (the reconcile is retried); only a
 * definite answer becomes a missing, unreadable or invalid outcome.
 *
 * Given `repositories` (JIT_ACCESS_REPOSITORIES), only their policies are
 * read: any other repository the app is installed on has none, whatever
 * its policy folder holds, so that a repository anyone in the organisation
 * may create cannot define who gets a team.
 *
 * @example
 * const policies = new PolicyLoader("policies");
 * const load = await policies.load(github, 42, "acme", "access");
 * load.kind === "ok" && load.policies.ref; // "9fceb02…"
 */
export class PolicyLoader {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    readonly folder: string,
    private readonly repositories?: readonly string[],
    /** JIT_ACCESS_REPOSITORIES' pins: lower-case name → the id of the repository that must hold it. */
    private readonly pins?: ReadonlyMap<string, number>,
    /** The operator's request label (JIT_ACCESS_REQUEST_LABEL), which no approval label may be. */
    private readonly requestLabel?: string,
  ) {}

  /** The default branch's policies. */
  async load(github: GitHubClient, installationId: number, owner: string, repo: string): Promise<PolicyLoad> {
    const untrusted = this.untrusted(owner, repo);
    if (untrusted) return untrusted;
    const key = `${installationId}/${owner}/${repo}`;
    const cached = this.cache.get(key);
    const latest = await github.latestCommitTouching(owner, repo, this.folder, cached?.etag);
    if (latest.status === "not-modified" && cached) return cached.load;
    const sha = latest.status === "ok" ? latest.data?.sha : undefined;
    const where = `the default branch of ${owner}/${repo}`;
    // Without a commit to name (a server that does not list commits by path), the
    // folder is read from the default branch as it is, named by its files' hashes.
    const other = await this.notPinned(github, owner, repo);
    if (other) {
      // Not kept: the next load reads the name's commits and repository again (a 404 of a moment must not stick).
      this.cache.delete(key);
      return other.load;
    }
    const entry = await this.read(github, owner, repo, sha, where, cached?.texts);
    if (latest.status === "ok" && latest.etag !== undefined) entry.etag = latest.etag;
    if (latest.status === "ok" && latest.data?.committedAt !== undefined) entry.committedAt = latest.data.committedAt;
    this.cache.set(key, entry);
    return entry.load;
  }

  /**
   * When the commit of the default branch's policies last loaded was made:
   * a login the policies list is meant for an account older than that.
   */
  committedAt(installationId: number, owner: string, repo: string): number | undefined {
    return this.cache.get(`${installationId}/${owner}/${repo}`)?.committedAt;
  }

  /**
   * The policies as they are at a commit, such as a pull request's head, to
   * check a change before it is merged. Files already read are reused.
   */
  async loadAt(github: GitHubClient, installationId: number, owner: string, repo: string, sha: string): Promise<PolicyLoad> {
    const untrusted = this.untrusted(owner, repo);
    if (untrusted) return untrusted;
    const other = await this.notPinned(github, owner, repo);
    if (other) return other.load;
    const known = this.cache.get(`${installationId}/${owner}/${repo}`)?.texts;
    return (await this.read(github, owner, repo, sha, `commit ${sha.slice(0, 7)} of ${owner}/${repo}`, known)).load;
  }

  /**
   * "No policies" for a repository outside JIT_ACCESS_REPOSITORIES; undefined
   * for one inside (or with no list). The refusal names no listed repository
   * (nor its pin): it is read by whoever can read the issue, in a public
   * repository by anyone, and the repository that holds an organisation's
   * access policies is the operator's to name.
   */
  private untrusted(owner: string, repo: string): PolicyLoad | undefined {
    const trusted = this.repositories;
    if (trusted === undefined || isListed(trusted, owner, repo)) return undefined;
    return {
      kind: "missing",
      unlisted: true,
      message: `${owner}/${repo} is not one of the repositories whose policies this app obeys (JIT_ACCESS_REPOSITORIES); ask whoever runs jit-access which repository takes access requests`,
    };
  }

  /**
   * "No policies" when JIT_ACCESS_REPOSITORIES pins the name to an id and
   * another repository holds the name now (the listed one was renamed,
   * transferred or deleted, and someone created a repository under its old
   * name); undefined when the name is not pinned or its repository holds it.
   * Asked whenever the policies are read afresh, not when GitHub answers that
   * the policy folder's newest commit is unchanged.
   */
  private async notPinned(github: GitHubClient, owner: string, repo: string): Promise<CacheEntry | undefined> {
    const pinned = this.pins?.get(`${owner}/${repo}`.toLowerCase());
    if (pinned === undefined) return undefined;
    const id = await github.repositoryId(owner, repo);
    if (id === pinned) return undefined;
    // No id is told: the refusal is read by whoever can read this repository's issues (`jit-access doctor` prints both ids to the operator).
    const held = id === undefined ? "GitHub finds no repository under that name" : "another repository holds that name now";
    return missing(`${owner}/${repo} is not the repository JIT_ACCESS_REPOSITORIES pins under that name (${held}), so this app obeys no policy in it: the pinned repository was renamed, transferred or deleted, or the pin is wrong; whoever runs jit-access lists the repository by its name now, or pins the id meant (\`jit-access doctor\` says which)`, true);
  }

  private async read(github: GitHubClient, owner: string, repo: string, sha: string | undefined, where: string, known = new Map<string, string>()): Promise<CacheEntry> {
    const listing = await github.getContents(owner, repo, this.folder, undefined, sha);
    if (listing.status !== "ok") return this.noFolder(where);
    if (!Array.isArray(listing.data)) return missing((listing.data as { type?: string }).type === "symlink" ? `\`${this.folder}\` on ${where} is a symbolic link, not a folder of policy files; keep the policy files in the folder itself` : `\`${this.folder}\` on ${where} is a file, not a folder of policy files`);
    // Every entry named as a policy file is one: a link, a submodule or a folder so named is refused, not passed over.
    const files = (listing.data as DirectoryEntry[]).filter((e) => POLICY_FILE.test(e.name)).sort((a, b) => a.path.localeCompare(b.path));
    if (files.length === 0) return missing(`the \`${this.folder}/\` folder on ${where} holds no .yml or .yaml policy file`);

    const texts = new Map<string, string>();
    const sources: PolicySource[] = [];
    for (const file of files) {
      const text = file.type !== "file" ? { unreadable: notAFile(file.type) } : ((file.download_url ? known.get(file.sha) : undefined) ?? (await this.readFile(github, owner, repo, file.path, sha)));
      if (typeof text === "string") {
        texts.set(file.sha, text);
        sources.push({ path: file.path, text });
      } else {
        sources.push({ path: file.path, unreadable: text.unreadable });
      }
    }
    const ref = sha ?? `${this.folder}@${createHash("sha256").update(files.map((f) => `${f.path}:${f.sha}`).join("\n")).digest("hex").slice(0, 12)}`;
    return { load: parsePolicies(sources, ref, this.requestLabel), texts };
  }

  private noFolder(where: string): CacheEntry {
    return missing(`there is no \`${this.folder}/\` folder on ${where}; add policy files there (see docs/policies.md)`);
  }

  private async readFile(github: GitHubClient, owner: string, repo: string, path: string, sha: string | undefined): Promise<string | { unreadable: string }> {
    const content = await github.getContents(owner, repo, path, undefined, sha);
    if (content.status !== "ok") return { unreadable: "GitHub no longer finds it at this commit" };
    const data = content.data as { type?: string; path?: string; content?: string; encoding?: string };
    // GitHub lists a submodule as a file, and answers for a link with the file it leads to, under that file's path.
    if (data.type !== "file") return { unreadable: notAFile(data.type) };
    if (data.path !== path) return { unreadable: notAFile("symlink") };
    if (data.encoding !== "base64" || data.content === undefined) {
      return { unreadable: "GitHub did not send its content (files over 1 MB are not served); keep policy files small" };
    }
    try {
      return utf8.decode(Buffer.from(data.content, "base64"));
    } catch {
      return { unreadable: "it is not UTF-8 text; save it as UTF-8" };
    }
  }
}
