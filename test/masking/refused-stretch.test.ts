import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

/*
 * A key's value is judged wherever the key stands, inside values refused
 * before or not; a token's prefix inside a body refused before is still read
 * (refused.ts) until the budget that keeps repeated prefixes linear is spent,
 * which text of this kind never reaches.
 */

const masker = createMasker();
const REAL = "Zq8vR2mX9kLp4Wt7aB3n";

describe("a secret after values or bodies a rule refused", () => {
  it.each([
    // GitHub Actions writes the secrets it knows as `***`; the one it does not know is what masking is for.
    ["values written as ***", `gcloud run deploy api --set-env-vars=DB_PASSWORD=***,REDIS_PASSWORD=***,JWT_SECRET=***,SESSION_SECRET=${REAL}`],
    ["helm values written as ***", `helm upgrade app ./chart --set dbPassword=***,redisPassword=***,jwtSecret=***,sessionSecret=${REAL}`],
    ["values of one key", `password=***password=***password=***password=${REAL}`],
    ["URLs as values", `auth_token=https://vault/a?token=https://vault/b?token=https://vault/c?password=${REAL}`],
    ["a Key Vault name with its section", `Password--Main=${REAL}`],
  ])("%s", (_name, text) => {
    const masked = masker.mask(text);
    expect(masked).not.toContain(REAL);
    expect(masked).toContain("[secret:");
  });

  // Each key of a comma-joined list reads on over the rest of the list: a keyword value refused tells nothing
  // about the next, however many such lists a log holds before the real one.
  it("a secret after a deploy log of keys written as ***", () => {
    const keys = ["DB_PASSWORD", "REDIS_PASSWORD", "JWT_SECRET", "API_KEY", "STRIPE_SECRET_KEY", "SENDGRID_API_KEY", "GITHUB_TOKEN", "SLACK_TOKEN", "AWS_SECRET_ACCESS_KEY", "SESSION_SECRET", "OAUTH_CLIENT_SECRET", "SMTP_PASSWORD", "ENCRYPTION_KEY", "SENTRY_AUTH_TOKEN", "DATADOG_API_KEY", "ALGOLIA_API_KEY", "MAPBOX_TOKEN", "TWILIO_AUTH_TOKEN", "PUSHER_SECRET", "RABBITMQ_PASSWORD"];
    const lines = Array.from({ length: 60 }, (_, i) => `gcloud run deploy svc${i} --region=europe-west1 --set-env-vars=NODE_ENV=production,${keys.map((k) => `${k}=***`).join(",")}`);
    const masked = masker.mask(`${lines.join("\n")},CSRF_SECRET=${REAL}`);
    expect(masked).not.toContain(REAL);
  });

  it("a secret after a run of keys in their own values", () => {
    const masked = masker.mask(`${"PWD:".repeat(2_000)}\ngcloud run deploy api --set-env-vars=DB_PASSWORD=***,REDIS_PASSWORD=***,JWT_SECRET=***,SESSION_SECRET=${REAL}`);
    expect(masked).not.toContain(REAL);
  });

  it.each([
    ["a Google key after its prefix thrice", "AIza-AIza-AIza-", "AIza2g8GEb2k-f70C5QFyo67S4PskpU0XgKm7gA"],
    ["a SendGrid key after stand-ins", "SG.EXAMPLE-SG.EXAMPLE-SG.EXAMPLE-", "SG.bPUiDuo2XccUWT4cBAfMEUYUA_lurO-trxVzBmg41p=CZytWmC58RUH_PiEf2PzDkH"],
    ["a GitHub token after stand-ins", `ghp_${"x".repeat(36)}`.repeat(3), "ghp_R8aQ2kLm9ZxT4vWb7NcYp3HsJd6FgE1uKiOq"],
  ])("%s", (_name, before, token) => {
    expect(masker.mask(before + token)).not.toContain(token.slice(-20));
  });
});
