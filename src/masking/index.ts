/**
 * The one masker. Every string the app writes — comments, labels, check runs,
 * log lines, CLI output, exported records — passes through `mask` first.
 *
 * @example
 * const masker = createMasker();
 * masker.mask("mail jane.doe@example.com"); // "mail j***@example.com"
 */
export type EmailMode = "partial" | "full" | "hash";

export interface MaskerOptions {
  /** How e-mail addresses are rewritten. Default `partial`: `j***@example.com`. */
  emails?: EmailMode;
  /** Secret values to remove wherever they appear (private key, webhook secret, signing key). */
  secrets?: readonly string[];
}

export interface Masker {
  mask(text: string): string;
}

// First cut: a conservative address shape; the masking issue widens it.
const EMAIL = /([A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]*@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})/g;

export function createMasker(options: MaskerOptions = {}): Masker {
  const mode = options.emails ?? "partial";
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  return {
    mask(text: string): string {
      let out = text;
      for (const secret of secrets) out = out.split(secret).join("[secret]");
      return out.replace(EMAIL, (_m, first: string, domain: string) =>
        mode === "full" ? "[email]" : `${first}***@${domain}`,
      );
    },
  };
}
