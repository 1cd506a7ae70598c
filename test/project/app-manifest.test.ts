import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { APP_EVENTS, APP_PERMISSIONS } from "github-emulator/emulator/shapes/app.js";
import { REQUIRED_PERMISSIONS } from "../../src/cli/doctor-checks.js";

/**
 * app.yml is what an organisation installs; the emulator's app and doctor's
 * check must ask for the same, or tests would pass with a permission or
 * event the real installation lacks (the emulator refuses calls without
 * their permission, as GitHub does).
 */
const manifest = parse(readFileSync(join(import.meta.dirname, "../../app.yml"), "utf8")) as { default_permissions: Record<string, string>; default_events: string[] };

describe("app.yml, the emulator's app and doctor agree", () => {
  it("the emulator's app holds exactly app.yml's permissions and events", () => {
    expect({ ...APP_PERMISSIONS }).toEqual(manifest.default_permissions);
    expect([...APP_EVENTS].sort()).toEqual([...manifest.default_events].sort());
  });

  it("doctor requires every permission app.yml asks for, at the same level", () => {
    expect(REQUIRED_PERMISSIONS).toEqual(manifest.default_permissions);
  });
});
