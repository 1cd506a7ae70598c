import { HttpError } from "./http-error.js";
import { verifyAppJwt } from "./jwt.js";
import type { InstallationRecord } from "./model.js";
import type { World } from "./world.js";

export interface Principal {
  login: string;
  installation: InstallationRecord | undefined;
}

/**
 * Checks the `authorization` header for the kind of credential a route needs:
 * an app JWT, or a live installation token (which acts as the app's bot), or
 * for "token" routes also a person's token.
 * Throws GitHub's 401 otherwise.
 *
 * @example
 * authenticate(world, "token ghs_…", "installation"); // { login: "jit-access[bot]", installation: {...} }
 */
export function authenticate(world: World, header: string | undefined, kind: "app" | "installation" | "token" | "none"): Principal {
  if (kind === "none") return { login: "", installation: undefined };
  const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? "");
  const credential = match?.[1];
  if (kind === "app") {
    if (credential === undefined) {
      throw new HttpError(401, "A JSON web token could not be decoded", {}, "app routes need `authorization: bearer <app JWT>`");
    }
    const checks = [world.app.publicKey, ...world.extraPublicKeys].map((publicKey) => verifyAppJwt(credential, { appId: world.app.id, publicKey, now: Date.now() }));
    if (!checks.some((check) => check.ok)) throw new HttpError(401, checks.map((check) => (check.ok ? "" : check.reason))[0] ?? "");
    return { login: world.app.owner, installation: undefined };
  }
  // A person's token: only where the route takes one (installation === undefined tells the handler who called).
  const person = kind === "token" && credential !== undefined ? world.userTokens.get(credential) : undefined;
  if (person !== undefined) return { login: person, installation: undefined };
  const token = credential === undefined ? undefined : world.tokens.get(credential);
  const installation = token === undefined ? undefined : world.installations.get(token.installationId);
  if (!token || !installation || token.validUntilWall <= Date.now()) throw new HttpError(401, "Bad credentials");
  return { login: world.botLogin, installation };
}
