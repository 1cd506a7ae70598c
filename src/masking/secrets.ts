import { AUTHORIZATION_RULES } from "./authorization.js";
import { configuredSecretRules } from "./configured-secrets.js";
import { privateKeyRule } from "./pem.js";
import { AZURE_ID_RULES } from "./rules/azure-ids.js";
import { hexRunRule } from "./rules/hex-run-tokens.js";
import { bareSecretBefore, keywordRules } from "./rules/keyword-secrets.js";
import { runStartRules, tableRules } from "./rules/table-rules.js";
import type { Rule } from "./scan.js";
import { TOKEN_RULES } from "./token-shapes.js";
import { urlPasswordRule } from "./url-credentials.js";
import { VENDOR_KEYED_RULES } from "./rules/vendor-keyed.js";

const TABLE_RULES = tableRules();

/**
 * Every secret rule, the configured values first so that they win a tie;
 * shapes before the rules that find a value by its key or header; last, the
 * prefixes found through their body (each masker keeps its own walk state)
 * and the hex-bodied ones found through their run of hex.
 *
 * @example
 * scan(text, secretRules([process.env.WEBHOOK_SECRET ?? ""]));
 */
export function secretRules(values: readonly string[]): Rule[] {
  const configured = configuredSecretRules(values);
  const configuredAt = (text: string, at: number) => configured.some((rule) => text.startsWith(rule.needle, at));
  const rules = [...configured, privateKeyRule, ...TOKEN_RULES, ...TABLE_RULES, ...AZURE_ID_RULES, ...VENDOR_KEYED_RULES, ...AUTHORIZATION_RULES, ...keywordRules(configuredAt), urlPasswordRule];
  const keyBefore = bareSecretBefore(configuredAt);
  return [...rules, ...runStartRules(rules, keyBefore), hexRunRule(keyBefore)];
}
