import { customMasker } from "./custom.js";
import { emailRenderer, type EmailMode } from "./email-render.js";
import { emailRules } from "./emails.js";
import { compilePatterns } from "./patterns/index.js";
import { applySpans, mergeSpans, scan } from "./scan.js";
import { secretRules } from "./secrets.js";

export type { EmailMode } from "./email-render.js";
export { compileSafePattern, MaskingPatternError, type SafePatternResult } from "./patterns/index.js";

export interface MaskerOptions {
  /** How e-mail addresses are rewritten. Default `partial`: `j***@example.com`. */
  emails?: EmailMode;
  /** Key for `hash` mode's pseudonyms (the app's signing key). Required in that mode. */
  hashKey?: string | Uint8Array;
  /** Secret values to remove wherever they appear (private key, webhook secret, signing key). */
  secrets?: readonly string[];
  /**
   * Custom patterns (policy `settings.masking.patterns`), masked as `[masked]`.
   * Each must pass {@link compileSafePattern}; otherwise `createMasker` throws
   * a `MaskingPatternError` that lists every refused pattern.
   */
  patterns?: readonly (string | RegExp)[];
}

export interface Masker {
  mask(text: string): string;
}

/**
 * The one masker. Every string the app writes — comments, labels, check runs,
 * log lines, CLI output, exported records — passes through `mask` first.
 * Secrets are found first, then e-mail addresses in what is left, then custom
 * patterns; each scan is linear in the length of the text, and masking twice
 * changes nothing.
 *
 * @example
 * const masker = createMasker();
 * masker.mask("mail jane.doe@example.com"); // "mail j***@example.com"
 * masker.mask("token ghp_0123456789abcdefghijABCDEFGHIJ012345"); // "token [secret:github-token]"
 */
export function createMasker(options: MaskerOptions = {}): Masker {
  const secrets = secretRules(options.secrets ?? []);
  const emails = emailRules(emailRenderer(options.emails ?? "partial", options.hashKey));
  const custom = options.patterns !== undefined && options.patterns.length > 0 ? customMasker(compilePatterns(options.patterns)) : null;
  return {
    mask(text: string): string {
      const found = scan(text, secrets);
      const spans = mergeSpans(found, scan(text, emails, found));
      return applySpans(text, custom === null ? spans : mergeSpans(spans, custom(text, spans)));
    },
  };
}
