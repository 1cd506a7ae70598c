import { afterEach, describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";
import { BUDGET } from "../../src/masking/refused.js";

/*
 * Keyword values judged in a pass are budgeted, and the budget fails closed
 * (refused.ts, ValueBudget): past it the pass is made again with every value
 * long enough to be a secret masked unjudged. Nothing is left that the
 * judgement would have masked, and masking twice changes nothing.
 */

const masker = createMasker();
const REAL = "Zq8vR2mX9kLp4Wt7aB3n";
const spare = BUDGET.spare;
afterEach(() => {
  BUDGET.spare = spare;
});

/** A seeded generator of texts thick with keys, values, stand-ins and separators. */
function denseTexts(count: number, seed: number): string[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const parts = ["PWD:", "password=", "DB_PASSWORD=", "token: ", "api_key=", "secret=", "Secret:", "***", ",", ";", '"', "'", " ", "\n", "\\n", "$DB_PASSWORD", "${TOKEN}", "changeme", REAL, "Lk3$Vw9!", "abc", "-----", "[x]", "=", ":", "<", ">", "{", "}", "ghp_", "xoxb-", "https://host/a?"];
  return Array.from({ length: count }, () => {
    let text = "";
    for (let k = 40 + next(400); k > 0; k--) text += parts[next(parts.length)];
    return text;
  });
}

describe("keyword values past the budget", () => {
  it("a text of keys in their own values has its values masked past the budget, and masking twice changes nothing", () => {
    const text = "PWD:".repeat(20_000);
    const masked = masker.mask(text);
    // Unbudgeted, the first keys' values (`PWD:PWD:…`) are words and stay; past the budget every value is masked.
    expect(masked).toContain("[secret:password]");
    expect(masker.mask(masked)).toBe(masked);
  });

  it("fails closed: past the budget a value is masked that the judgement would leave", () => {
    const stand = "password=$DB_PASSWORD_VALUE";
    expect(masker.mask(stand)).toBe(stand);
    const masked = masker.mask(`${"PWD:".repeat(20_000)}\n${stand}`);
    expect(masked.endsWith("password=[secret:password]")).toBe(true);
  });

  it.each([
    ["keys in their own values", "PWD:"],
    ["keys after values Actions masked", "PASSWORD=***,"],
    ["keys glued to keys", "password=password="],
    ["quoted keys", '"token":"token:'],
  ])("%s: a real secret anywhere in them is masked, and masking twice changes nothing", (_name, unit) => {
    for (const at of [0, 0.5, 1]) {
      const body = unit.repeat(8_000);
      const cut = Math.floor(body.length * at);
      const text = `${body.slice(0, cut)} secret=${REAL} ${body.slice(cut)}`;
      const masked = masker.mask(text);
      expect(masked).not.toContain(REAL);
      expect(masker.mask(masked)).toBe(masked);
    }
  });

  it("a deploy log of twenty keys to a line, written as ***, is judged as ever", () => {
    const keys = ["DB_PASSWORD", "REDIS_PASSWORD", "JWT_SECRET", "API_KEY", "STRIPE_SECRET_KEY", "SENDGRID_API_KEY", "GITHUB_TOKEN", "SLACK_TOKEN", "AWS_SECRET_ACCESS_KEY", "SESSION_SECRET", "OAUTH_CLIENT_SECRET", "SMTP_PASSWORD", "ENCRYPTION_KEY", "SENTRY_AUTH_TOKEN", "DATADOG_API_KEY", "ALGOLIA_API_KEY", "MAPBOX_TOKEN", "TWILIO_AUTH_TOKEN", "PUSHER_SECRET", "RABBITMQ_PASSWORD"];
    const lines = Array.from({ length: 600 }, (_, i) => `gcloud run deploy svc${i} --set-env-vars=NODE_ENV=production,${keys.map((k) => `${k}=***`).join(",")}`);
    const masked = masker.mask(`${lines.join("\n")},CSRF_SECRET=${REAL}`);
    expect(masked.split("***").length - 1).toBe(600 * keys.length);
    expect(masked).not.toContain(REAL);
  });

  it("in seeded texts thick with keys, with no spare: each real secret is masked, and masking twice changes nothing", () => {
    BUDGET.spare = 0;
    const generous = createMasker();
    let changed = 0;
    for (const text of denseTexts(400, 7)) {
      const masked = masker.mask(text);
      expect(masked).not.toContain(REAL);
      expect(masker.mask(masked)).toBe(masked);
      // The same text with the spare back: where the two differ, the budget ran out and masked more.
      BUDGET.spare = spare;
      if (generous.mask(text) !== masked) changed++;
      BUDGET.spare = 0;
    }
    // The budget ran out in some of them, or the test shows nothing.
    expect(changed).toBeGreaterThan(20);
  });
});
