import { describe, expect, it } from "vitest";
import { authenticatedApp, listInstallations, repoInstallation } from "../../src/github/app-client.js";
import { AppIdentityCache } from "../../src/github/app-identity.js";
import { PermanentGitHubError, RefusedGitHubError, TransientGitHubError } from "../../src/github/errors.js";
import { UnpacedOctokit } from "../../src/github/unpaced-octokit.js";

/** The app's own calls (its JWT), against answers given by an injected fetch. */
function octokit(answer: (url: string) => { status: number; body: unknown; headers?: Record<string, string> }) {
  const fetch = async (url: string) => {
    const { status, body, headers } = answer(url);
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
  };
  return new UnpacedOctokit({ auth: { token: "jwt" }, request: { fetch }, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

describe("the app's own calls", () => {
  it("say who the app is, and leave the slug undefined when GitHub does not give it", async () => {
    expect(await authenticatedApp(octokit(() => ({ status: 200, body: { id: 7, slug: "jit-access" } })))).toEqual({ id: 7, slug: "jit-access" });
    expect(await authenticatedApp(octokit(() => ({ status: 200, body: { id: 7, slug: "" } })))).toEqual({ id: 7, slug: undefined });
    await expect(authenticatedApp(octokit(() => ({ status: 401, body: { message: "A JSON web token could not be decoded" } })))).rejects.toBeInstanceOf(RefusedGitHubError);
  });

  it("list every installation, page after page", async () => {
    const page = (url: string) => Number(new URL(url).searchParams.get("page") ?? "1");
    const ids = await listInstallations(octokit((url) => ({
      status: 200,
      body: page(url) === 1 ? Array.from({ length: 100 }, (_, i) => ({ id: i + 1 })) : [{ id: 101 }],
      headers: page(url) === 1 ? { link: `<${url.split("?")[0]}?per_page=100&page=2>; rel="next"` } : {},
    })));
    expect(ids).toHaveLength(101);
    expect(ids.at(-1)).toBe(101);
  });

  it("find a repository's installation, none on a 404, and a typed error otherwise", async () => {
    expect(await repoInstallation(octokit(() => ({ status: 200, body: { id: 42, permissions: { issues: "write" } } })), "acme", "access")).toEqual({ id: 42, permissions: { issues: "write" } });
    expect(await repoInstallation(octokit(() => ({ status: 404, body: { message: "Not Found" } })), "acme", "access")).toBeUndefined();
    await expect(repoInstallation(octokit(() => ({ status: 502, body: { message: "Bad Gateway" } })), "acme", "access")).rejects.toBeInstanceOf(TransientGitHubError);
  });

  it("keep the app's identity once GitHub gave it, ask again after a failure, and refuse an answer without a slug", async () => {
    const answers = [{ status: 502, body: { message: "Bad Gateway" } }, { status: 200, body: { id: 7, slug: "jit-access" } }];
    let asked = 0;
    const identity = new AppIdentityCache(async () => octokit(() => answers[Math.min(asked++, 1)]!));
    await expect(identity.get()).rejects.toBeInstanceOf(TransientGitHubError);
    expect(await identity.get()).toEqual({ id: 7, slug: "jit-access" });
    expect(await identity.get()).toEqual({ id: 7, slug: "jit-access" });
    expect(asked).toBe(2);
    await expect(new AppIdentityCache(async () => octokit(() => ({ status: 200, body: { id: 7 } }))).fresh()).rejects.toBeInstanceOf(PermanentGitHubError);
  });
});
