import { createPublicKey, verify } from "node:crypto";

export type JwtCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks an app JWT the way GitHub does: RS256-signed by the app's key
 * (checked only when a public key is known), `iss` is the app id, and it is
 * neither expired nor issued in the future. Times are wall-clock seconds,
 * because the app signs with its own wall clock.
 *
 * @example
 * verifyAppJwt(jwt, { appId: 1, publicKey: pem, now: Date.now() }); // { ok: true }
 */
export function verifyAppJwt(jwt: string, options: { appId: number; publicKey: string | undefined; now: number }): JwtCheck {
  const parts = jwt.split(".");
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || signature === undefined) {
    return { ok: false, reason: "A JSON web token could not be decoded" };
  }
  let claims: { iss?: unknown; exp?: unknown; iat?: unknown };
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as typeof claims;
  } catch {
    return { ok: false, reason: "A JSON web token could not be decoded" };
  }
  if (options.publicKey !== undefined) {
    if (alg !== "RS256") return { ok: false, reason: "'alg' must be RS256" };
    const signed = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPublicKey(options.publicKey), Buffer.from(signature, "base64url"));
    if (!signed) return { ok: false, reason: "A JSON web token could not be decoded" };
  }
  if (String(claims.iss) !== String(options.appId)) return { ok: false, reason: "'Issuer' claim ('iss') must be the app id" };
  const nowSeconds = Math.floor(options.now / 1000);
  if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) {
    return { ok: false, reason: "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires" };
  }
  if (typeof claims.iat === "number" && claims.iat > nowSeconds + 60) {
    return { ok: false, reason: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued" };
  }
  if (claims.exp - nowSeconds > 600 + 60) return { ok: false, reason: "'Expiration time' claim ('exp') is too far in the future" };
  return { ok: true };
}
