import { createHash } from "node:crypto";
import { parsePolicies, type PolicyLoad, type PolicySource } from "../core/policy.js";
import type { GitHubClient } from "./client.js";

interface CacheEntry {
  etag?: string;
  load: PolicyLoad;
  /** blob sha → file text, so an unchanged file is never fetched again. */
  texts: Map<string, string>;
}

interface DirectoryEntry {
  type: string;
  name: string;
  path: string;
  sha: string;
}

/**
 * Loads the policies from the default branch (never from the request's own
 * branch, so a request cannot rewrite its rules), with a conditional request
 * on the folder: while it is unchanged GitHub answers 304, which costs no
 * rate limit, and the parsed policies are reused.
 *
 * @example
 * const policies = new PolicyLoader("policies");
 * const load = await policies.load(github, 42, "acme", "access");
 */
export class PolicyLoader {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly folder: string) {}

  async load(github: GitHubClient, installationId: number, owner: string, repo: string): Promise<PolicyLoad> {
    const key = `${installationId}/${owner}/${repo}`;
    const cached = this.cache.get(key);
    const listing = await github.getContents(owner, repo, this.folder, cached?.etag);
    if (listing.status === "not-modified" && cached) return cached.load;
    if (listing.status !== "ok") {
      this.cache.delete(key);
      return { kind: "missing", message: `there is no \`${this.folder}/\` folder on the default branch of ${owner}/${repo}; add policy files there (see docs/policies.md)` };
    }
    if (!Array.isArray(listing.data)) {
      return { kind: "missing", message: `\`${this.folder}\` on the default branch of ${owner}/${repo} is a file, not a folder of policy files` };
    }
    const files = (listing.data as DirectoryEntry[])
      .filter((e) => e.type === "file" && /\.ya?ml$/i.test(e.name))
      .sort((a, b) => a.path.localeCompare(b.path));
    if (files.length === 0) {
      return { kind: "missing", message: `the \`${this.folder}/\` folder of ${owner}/${repo} holds no .yml or .yaml policy file` };
    }
    const texts = new Map<string, string>();
    const sources: PolicySource[] = [];
    for (const file of files) {
      let text = cached?.texts.get(file.sha);
      if (text === undefined) {
        const content = await github.getContents(owner, repo, file.path);
        const data = content.status === "ok" ? (content.data as { content?: string; encoding?: string }) : undefined;
        if (data?.content === undefined) {
          return { kind: "unreadable", problems: [{ file: file.path, message: "the file could not be read from the default branch" }] };
        }
        text = Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8").toString("utf8");
      }
      texts.set(file.sha, text);
      sources.push({ path: file.path, text });
    }
    const ref = createHash("sha256").update(files.map((f) => `${f.path}:${f.sha}`).join("\n")).digest("hex").slice(0, 12);
    const load = parsePolicies(sources, `${this.folder}@${ref}`);
    const entry: CacheEntry = { load, texts };
    if (listing.etag !== undefined) entry.etag = listing.etag;
    this.cache.set(key, entry);
    return load;
  }
}
