import { generateKeyPairSync, randomBytes } from "node:crypto";
import { notFound } from "../http-error.js";
import type { Route } from "../route.js";
import { integration } from "../shapes/app.js";

/**
 * The last step of GitHub's app-manifest flow: the code GitHub gave the
 * browser is exchanged, once, for the new app's credentials. The emulator has
 * one app; the conversion registers it from the manifest and gives it a new
 * private key (added beside any key it had, as GitHub allows several).
 */
export const appManifestRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/app-manifests/:code/conversions",
    auth: "none",
    handle: (ctx) => {
      const code = ctx.params["code"] ?? "";
      const manifest = ctx.world.manifestCodes.get(code);
      if (!manifest) throw notFound(`an app-manifest code "${code}" (codes are used once)`);
      ctx.world.manifestCodes.delete(code);
      // GitHub hands out PKCS#1 keys ("BEGIN RSA PRIVATE KEY").
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
      ctx.world.extraPublicKeys.push(publicKey);
      ctx.world.registeredManifest = manifest;
      return {
        status: 201,
        body: { ...integration(ctx.world), client_secret: randomBytes(20).toString("hex"), webhook_secret: ctx.world.app.webhookSecret, pem: privateKey },
      };
    },
  },
];
