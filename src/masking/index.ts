import { anchoredScanner } from "./anchored-scan.js";
import { cookieNotes } from "./cookies.js";
import { curlUserSpans } from "./curl-user.js";
import { customMasker } from "./custom.js";
import { kindNotes, kubernetesSecretSpans } from "./kubernetes-secret.js";
import { emailRenderer, type EmailMode } from "./email-render.js";
import { AT_MARKS, findEmails, mayBeAddress } from "./emails.js";
import { compilePatterns } from "./custom-patterns.js";
import { applySpans, mergeSpans } from "./scan.js";
import { secretRules } from "./secrets.js";
import { encodedUrlPasswords, urlPasswordsAround } from "./url-credentials.js";

export type { EmailMode } from "./email-render.js";
export { compileSafePattern, MaskingPatternError, type SafePatternResult } from "./custom-patterns.js";

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
 * changes nothing (but for a rare short run of hex after a key, found at some
 * places in a line only: docs/masking.md, hex runs).
 *
 * @example
 * const masker = createMasker();
 * masker.mask("mail jane.doe@example.com"); // "mail j***@example.com"
 * masker.mask("token ghp_0123456789abcdefghijABCDEFGHIJ012345"); // "token [secret:github-token]"
 */
export function createMasker(options: MaskerOptions = {}): Masker {
  // The scan notes where `kind:` stands for the Kubernetes stage (see kindNotes).
  const kinds = kindNotes();
  // The scan notes cookie headers' secret values, merged in after it (see cookieNotes).
  const cookies = cookieNotes();
  const findSecrets = anchoredScanner([kinds.rule, ...secretRules(options.secrets ?? []), ...cookies.rules], AT_MARKS, mayBeAddress);
  const render = emailRenderer(options.emails ?? "partial", options.hashKey);
  const custom = options.patterns !== undefined && options.patterns.length > 0 ? customMasker(compilePatterns(options.patterns)) : null;
  return {
    mask(input: string): string {
      // Callers in plain JavaScript may pass anything; masking must never be why a log line is lost.
      const text = typeof input === "string" ? input : String(input);
      if (text.length === 0) return text;
      const secrets = findSecrets(text);
      const merged = cookies.merge(text, secrets.spans);
      // A URL's password ends at an `@` after a match: without one there is nothing to do (one native search).
      const scanned = encodedUrlPasswords(text, merged.length === 0 || text.indexOf("@", merged[0]!.end) < 0 ? merged : urlPasswordsAround(text, merged));
      const secretSpans = kubernetesSecretSpans(text, curlUserSpans(text, scanned), secrets.spans.length === 0 ? kinds.noted : null);
      const spans = mergeSpans(secretSpans, findEmails(text, secrets.marks, secrets.markCount, secretSpans, render));
      return applySpans(text, custom === null ? spans : mergeSpans(spans, custom(text, spans)));
    },
  };
}
