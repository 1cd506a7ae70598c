import { afterEach, beforeEach, expect, it } from "vitest";
import type { World } from "./harness.js";
import { startWorld } from "./harness.js";

let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(async () => {
  await w.gh.stop();
});

it("lists at most 3,000 files of a pull request, as GitHub's documentation says", async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 3001; i++) files[`a/${String(i).padStart(4, "0")}.txt`] = `${i}\n`;
  const n = w.gh.as("alice").openPullRequest("acme/access", { title: "Many", body: "", files });
  const pages = await Promise.all(Array.from({ length: 31 }, (_, i) => w.api("GET", `/repos/acme/access/pulls/${n}/files?per_page=100&page=${i + 1}`)));
  const listed = pages.flatMap((page) => page.body as { filename: string }[]);
  expect(listed).toHaveLength(3000);
  expect(listed.at(-1)?.filename).toBe("a/2999.txt");
});
