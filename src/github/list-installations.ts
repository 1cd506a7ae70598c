import { listInstallations } from "./app-client.js";
import type { Octokit } from "./client.js";
import { getConditionally, linksNext, PAGE_SIZE } from "./conditional-get.js";

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
    const answer = await getConditionally("GET /app/installations", this.etag, (headers) => octokit.rest.apps.listInstallations({ per_page: PAGE_SIZE, headers }));
    if (answer.status === "not-modified") return this.ids;
    this.ids = answer.data.map((i) => i.id);
    this.etag = answer.etag;
    if (linksNext(answer.link) || answer.data.length === PAGE_SIZE) {
      // Past one page the conditional shortcut no longer covers the list (a full page answers 304 though one follows it now): read it whole.
      this.ids = await listInstallations(octokit);
      this.etag = undefined;
    }
    return this.ids;
  }
}
