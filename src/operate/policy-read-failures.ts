/**
 * The repositories whose policies the sweeps could not read, for readiness.
 * Each repository's failure stands until that repository is read again: a
 * later read of another repository says nothing about it. A failure that no
 * sweep has seen again since (the repository left the installation, or the
 * installation could not be listed) is dropped at the end of the sweep after
 * it, so that readiness reports what the last sweep found.
 *
 * @example
 * const failures = new PolicyReadFailures();
 * await failures.during(async () => failures.failed("42:acme/access", "GET /repos/… failed (502)"));
 * failures.summary(); // "GET /repos/… failed (502)"
 */
export class PolicyReadFailures {
  private readonly failures = new Map<string, { message: string; sweep: number }>();
  /** Sweeps begun; sweeps may overlap (one outlasting the interval), so each is known by its number. */
  private sweeps = 0;

  /**
   * Runs a sweep: failures no read has seen again since it began are
   * forgotten when it ends, whether it succeeded or not.
   */
  async during<T>(sweep: () => Promise<T>): Promise<T> {
    const number = ++this.sweeps;
    try {
      return await sweep();
    } finally {
      for (const [key, failure] of [...this.failures]) if (failure.sweep < number) this.failures.delete(key);
    }
  }

  read(key: string): void {
    this.failures.delete(key);
  }

  failed(key: string, message: string): void {
    this.failures.set(key, { message, sweep: this.sweeps });
  }

  /** The first failure still standing, and how many others stand, or undefined when none does. */
  summary(): string | undefined {
    const [first, ...rest] = this.failures.values();
    if (first === undefined) return undefined;
    return rest.length === 0 ? first.message : `${first.message} (and ${rest.length} more ${rest.length === 1 ? "repository" : "repositories"})`;
  }
}
