import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

/*
 * A read that starts inside stretches a rule refused before is still made
 * (refused.ts): the budget that keeps repeated prefixes and keys linear is
 * never reached by text of this size, so nothing is masked differently.
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

  it.each([
    ["a Google key after its prefix thrice", "AIza-AIza-AIza-", "AIza2g8GEb2k-f70C5QFyo67S4PskpU0XgKm7gA"],
    ["a SendGrid key after stand-ins", "SG.EXAMPLE-SG.EXAMPLE-SG.EXAMPLE-", "SG.bPUiDuo2XccUWT4cBAfMEUYUA_lurO-trxVzBmg41p=CZytWmC58RUH_PiEf2PzDkH"],
    ["a GitHub token after stand-ins", `ghp_${"x".repeat(36)}`.repeat(3), "ghp_R8aQ2kLm9ZxT4vWb7NcYp3HsJd6FgE1uKiOq"],
  ])("%s", (_name, before, token) => {
    expect(masker.mask(before + token)).not.toContain(token.slice(-20));
  });
});
