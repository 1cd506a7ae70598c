/**
 * The repositories whose policies the sweeps could not read, for readiness.
 * Each repository's failure stands until that repository is read again: a
 * later read of another repository says nothing about it. A failure is
 * dropped without a new read when a later sweep did not come to the
 * repository though it went through (it listed every installation: the
 * repository, or its installation, is gone), or failed but listed the
 * repository's installation (the repository left it); a sweep that could
 * not list the installation says nothing about it.
 *
 * @example
 * const failures = new PolicyReadFailures();
 * await failures.during(async () => failures.failed(42, "acme/access", "GET /repos/… failed (502)"));
 * failures.summary(); // "GET /repos/… failed (502)"
 */
export class PolicyReadFailures {
  private readonly failures = new Map<string, { installationId: number; message: string; sweep: number }>();
  /** Installation → the number of the last sweep that read (or tried) one of its repositories. */
  private readonly listed = new Map<number, number>();
  /** Sweeps begun; sweeps may overlap (one outlasting the interval), so each is known by its number. */
  private sweeps = 0;

  /**
   * Runs a sweep: when it ends, a failure it did not see again is forgotten
   * if it went through, or if it listed that failure's installation.
   */
  async during<T>(sweep: () => Promise<T>): Promise<T> {
    const number = ++this.sweeps;
    let through = false;
    try {
      const result = await sweep();
      through = true;
      return result;
    } finally {
      for (const [key, failure] of [...this.failures]) {
        if (failure.sweep < number && (through || (this.listed.get(failure.installationId) ?? 0) >= number)) this.failures.delete(key);
      }
    }
  }

  read(installationId: number, repo: string): void {
    this.listed.set(installationId, this.sweeps);
    this.failures.delete(`${installationId}:${repo}`);
  }

  failed(installationId: number, repo: string, message: string): void {
    this.listed.set(installationId, this.sweeps);
    this.failures.set(`${installationId}:${repo}`, { installationId, message, sweep: this.sweeps });
  }

  /** The first failure still standing, and how many others stand, or undefined when none does. */
  summary(): string | undefined {
    const [first, ...rest] = this.failures.values();
    if (first === undefined) return undefined;
    return rest.length === 0 ? first.message : `${first.message} (and ${rest.length} more ${rest.length === 1 ? "repository" : "repositories"})`;
  }
}
