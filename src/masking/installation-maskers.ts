import { createHmac } from "node:crypto";
import { LRUCache } from "lru-cache";
import { createMasker, type EmailMode, type Masker } from "./index.js";

/** Policy `settings.masking`, as a loaded policy carries it. */
export interface MaskingSettings {
  emails?: EmailMode;
  patterns: readonly string[];
}

/** What the policies of one repository asked for; `undefined` settings: nothing beyond the built-ins. */
export type RepositoryMasking = MaskingSettings | undefined;

const STRICTNESS: Record<EmailMode, number> = { partial: 0, hash: 1, full: 2 };

/** Installations whose settings are kept; one evicted masks with the built-ins until its policies are read again. */
const MAX_INSTALLATIONS = 1_000;
/** Repositories with policies per installation (settings are org-wide, so usually one). */
const MAX_REPOSITORIES = 50;
/** Built maskers, shared by installations whose settings are the same. */
const MAX_MASKERS = 200;

interface Installation {
  readonly repositories: Map<string, MaskingSettings>;
  masker: Masker;
}

/**
 * The maskers of the process, one per installation. The built-in masking
 * (secrets, e-mail addresses, the app's own secrets) applies to everything;
 * an installation's policy `settings.masking` (a stricter e-mail mode, custom
 * patterns) applies only to what is written or logged for that installation,
 * and follows its policies: a pattern removed from them stops applying at
 * the next read. Memory is bounded: an installation not seen for a while is
 * forgotten, and masks with the built-ins only until its policies are read
 * again, which every reconcile does before it writes anything.
 *
 * @example
 * const maskers = new InstallationMaskers({ secrets: [key], hashKey: key });
 * maskers.adopt(42, "acme/access", { patterns: ["CUST-[0-9]+"] });
 * maskers.forInstallation(42).mask("CUST-7"); // "[masked]"
 * maskers.forInstallation(43).mask("CUST-7"); // "CUST-7"
 */
export class InstallationMaskers {
  /** The built-in masking alone: process logs and anything not tied to an installation. */
  readonly base: Masker;
  private readonly installations = new LRUCache<number, Installation>({ max: MAX_INSTALLATIONS });
  private readonly built = new LRUCache<string, Masker>({ max: MAX_MASKERS });

  constructor(private readonly options: { secrets: readonly string[]; hashKey: string }) {
    this.base = createMasker({ secrets: options.secrets, hashKey: options.hashKey });
  }

  /**
   * The masker for one installation's writes and logs. It looks the
   * settings up on every call, so one taken before the policies are read
   * masks with them once they are.
   */
  forInstallation(installationId: number): Masker {
    return { mask: (text) => (this.installations.get(installationId)?.masker ?? this.base).mask(text) };
  }

  /**
   * Takes in what one repository's freshly read policies say (`undefined`:
   * nothing), replacing what that repository said before. Throws
   * `MaskingPatternError` for a pattern the policy validation would have
   * refused, so nothing is written with a masker that skips one.
   */
  adopt(installationId: number, repository: string, settings: RepositoryMasking): void {
    const known = this.installations.get(installationId);
    if (known === undefined && settings === undefined) return;
    const installation = known ?? { repositories: new Map<string, MaskingSettings>(), masker: this.base };
    installation.repositories.delete(repository);
    if (settings !== undefined) installation.repositories.set(repository, settings);
    if (installation.repositories.size > MAX_REPOSITORIES) installation.repositories.delete(installation.repositories.keys().next().value!);
    installation.masker = this.maskerFor(installationId, merge([...installation.repositories.values()]));
    this.installations.set(installationId, installation);
  }

  /**
   * A masker for the settings. Pseudonyms (`hash`) are keyed per
   * installation, so that whoever reads two organisations' trails cannot
   * tell the same person in both: such a masker is the installation's own.
   */
  private maskerFor(installationId: number, settings: { emails: EmailMode; patterns: string[] }): Masker {
    if (settings.emails === "partial" && settings.patterns.length === 0) return this.base;
    const own = settings.emails === "hash";
    const key = `${own ? installationId : ""}:${JSON.stringify(settings)}`;
    let masker = this.built.get(key);
    if (masker === undefined) {
      const hashKey = own ? createHmac("sha256", this.options.hashKey).update(`installation ${installationId}`).digest("hex") : this.options.hashKey;
      masker = createMasker({ secrets: this.options.secrets, hashKey, emails: settings.emails, patterns: settings.patterns });
      this.built.set(key, masker);
    }
    return masker;
  }
}

/** The strictest e-mail mode and every pattern any of the repositories asked for, in a stable order. */
function merge(all: readonly MaskingSettings[]): { emails: EmailMode; patterns: string[] } {
  let emails: EmailMode = "partial";
  const patterns = new Set<string>();
  for (const settings of all) {
    if (settings.emails !== undefined && STRICTNESS[settings.emails] > STRICTNESS[emails]) emails = settings.emails;
    for (const pattern of settings.patterns) patterns.add(pattern);
  }
  return { emails, patterns: [...patterns].sort() };
}
