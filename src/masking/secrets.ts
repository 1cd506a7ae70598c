import { AUTHORIZATION_RULES } from "./authorization.js";
import { configuredSecretRules } from "./configured-secrets.js";
import { privateKeyRule } from "./pem.js";
import type { Rule } from "./scan.js";
import { TOKEN_RULES } from "./token-shapes.js";
import { urlPasswordRule } from "./url-credentials.js";

/**
 * Every secret rule, the configured values first so that they win a tie.
 *
 * @example
 * scan(text, secretRules([process.env.WEBHOOK_SECRET ?? ""]));
 */
export function secretRules(values: readonly string[]): Rule[] {
  return [...configuredSecretRules(values), privateKeyRule, ...TOKEN_RULES, ...AUTHORIZATION_RULES, urlPasswordRule];
}
