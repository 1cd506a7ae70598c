import { createMasker, type EmailMode, type Masker } from "./index.js";

const STRICTNESS: Record<EmailMode, number> = { partial: 0, hash: 1, full: 2 };

/**
 * The app's one masker, which policy `settings.masking` can make stricter
 * but never looser: the strictest e-mail mode and every pattern any loaded
 * policy asked for, until the process restarts. Logs, comments, labels and
 * check runs all go through this same instance.
 *
 * @example
 * const masker = new AdjustableMasker({ secrets: [key], hashKey: key });
 * masker.adopt({ emails: "full", patterns: ["CUST-[0-9]+"] });
 * masker.mask("jane@example.com CUST-42"); // "[email] [masked]"
 */
export class AdjustableMasker implements Masker {
  private current: Masker;
  private mode: EmailMode = "partial";
  private readonly patterns = new Set<string>();

  constructor(private readonly base: { secrets: readonly string[]; hashKey: string }) {
    this.current = createMasker({ secrets: base.secrets, hashKey: base.hashKey });
  }

  mask(text: string): string {
    return this.current.mask(text);
  }

  /** Takes in settings from a loaded policy; rebuilds only when something becomes stricter. */
  adopt(settings: { emails?: EmailMode; patterns: readonly string[] } | undefined): void {
    if (!settings) return;
    const mode = settings.emails && STRICTNESS[settings.emails] > STRICTNESS[this.mode] ? settings.emails : this.mode;
    const added = settings.patterns.filter((p) => !this.patterns.has(p));
    if (mode === this.mode && added.length === 0) return;
    this.mode = mode;
    for (const pattern of added) this.patterns.add(pattern);
    // Patterns were checked by the policy validation (compileSafePattern); createMasker checks again.
    this.current = createMasker({ secrets: this.base.secrets, hashKey: this.base.hashKey, emails: this.mode, patterns: [...this.patterns] });
  }
}
