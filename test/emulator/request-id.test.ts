import { afterEach, beforeEach, expect, it } from "vitest";
import type { World } from "./harness.js";
import { startWorld } from "./harness.js";

let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(() => w.gh.stop());

it("gives every answer its own x-github-request-id, as GitHub does", async () => {
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await w.api("GET", "/repos/acme/access")).headers.get("x-github-request-id"));
  ids.push((await w.api("GET", "/repos/acme/absent")).headers.get("x-github-request-id"));
  for (const id of ids) expect(id).toMatch(/^[0-9A-F]{16}$/);
  expect(new Set(ids).size).toBe(ids.length);
});
