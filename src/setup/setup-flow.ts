import { randomBytes } from "node:crypto";
import { existsSync, realpathSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SmeeClient } from "smee-client";
import { loadDotEnv } from "../environment/load-dot-env.js";

/** What Probot's setup flow asks of its caller: where credentials go, and how a webhook channel is made. */
export interface SetupFlowOptions {
  updateEnv: (values: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
  SmeeClient: { createChannel: () => Promise<string | undefined> };
}

/**
 * The options `npm start` gives Probot's `run()` for its setup flow (no
 * APP_ID yet): a smee.io channel made with the installed smee-client (Probot
 * only finds it under npx otherwise), so the registered app's webhook URL
 * reaches this process; and a `.env` writer that adds a fresh
 * JIT_ACCESS_SIGNING_KEY beside the credentials GitHub returns, so the next
 * `npm start` runs.
 *
 * @example
 * await run(app, { ...setupFlowOptions(), Octokit: UnpacedOctokit });
 */
export function setupFlowOptions(options: Partial<SetupFlowOptions> & { cwd?: string } = {}): SetupFlowOptions {
  return {
    updateEnv: options.updateEnv ?? envWriter(options.cwd ?? process.cwd()),
    SmeeClient: options.SmeeClient ?? { createChannel: () => SmeeClient.createChannel() },
  };
}

/**
 * Probot's `.env` update (merge into `<cwd>/.env`, same format, and into
 * process.env; the file is written anew, readable by its owner only), plus
 * a new signing key when the app's credentials arrive and none is set
 * anywhere: records signed with it must verify for as long as the trail is
 * kept, so an existing key is never replaced.
 *
 * @example
 * envWriter(process.cwd())({ APP_ID: "123", PRIVATE_KEY: '"-----BEGIN…"', WEBHOOK_SECRET: "…" });
 */
export function envWriter(cwd: string, env: NodeJS.ProcessEnv = process.env): (values: NodeJS.ProcessEnv) => NodeJS.ProcessEnv {
  return (values) => {
    const existing: NodeJS.ProcessEnv = {};
    const problems = loadDotEnv(existing, cwd);
    if (problems.length > 0) throw new Error(problems.join("; "));
    const merged: NodeJS.ProcessEnv = { ...existing, ...values };
    if (values.APP_ID !== undefined && !merged.JIT_ACCESS_SIGNING_KEY && !env.JIT_ACCESS_SIGNING_KEY) {
      merged.JIT_ACCESS_SIGNING_KEY = randomBytes(32).toString("hex");
    }
    const lines = Object.entries(merged).map(([key, value]) => `${key}=${(value ?? "").replace(/\n/g, "\\n")}`);
    // A new file of the owner's only, put in place of the old: `mode` applies only to a file that is
    // created, and a `.env` copied from `.env.example` is usually readable by every local user.
    const path = join(cwd, ".env");
    // A `.env` that links to the file it names is written through: the link stays, its file is replaced.
    const target = existsSync(path) ? realpathSync(path) : path;
    const fresh = `${target}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      writeFileSync(fresh, `${lines.join("\n")}\n`, { mode: 0o600, flag: "wx" });
      renameSync(fresh, target);
    } catch (error) {
      // No copy of the credentials is left behind beside the `.env` that could not be written.
      rmSync(fresh, { force: true });
      throw error;
    }
    Object.assign(env, merged);
    return merged;
  };
}
