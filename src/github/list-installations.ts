import type { Octokit } from "./client.js";
import { call, statusOf } from "./errors.js";

/**
 * Lists the app's installations with a conditional request: while nothing
 * changes GitHub answers 304, which costs no rate limit, and the last list is
 * reused. Takes the app-authenticated (JWT) client.
 *
 * @example
 * const lister = new InstallationLister();
 * await lister.list(await probot.auth()); // [1001, 1002]
 */
export class InstallationLister {
  private etag: string | undefined;
  private ids: number[] = [];

  async list(octokit: Octokit): Promise<number[]> {
    try {
      const response = await octokit.rest.apps.listInstallations({ per_page: 100, headers: this.etag ? { "if-none-match": this.etag } : {} });
      this.ids = response.data.map((i) => i.id);
      this.etag = typeof response.headers.etag === "string" ? response.headers.etag : undefined;
      if (response.data.length === 100) {
        // Past one page the conditional shortcut no longer covers the list; read it whole.
        const all = await call("GET /app/installations", () => octokit.paginate(octokit.rest.apps.listInstallations, { per_page: 100 }));
        this.ids = all.map((i) => i.id);
        this.etag = undefined;
      }
      return this.ids;
    } catch (error) {
      if (statusOf(error) === 304) return this.ids;
      return call("GET /app/installations", () => Promise.reject(error));
    }
  }
}
