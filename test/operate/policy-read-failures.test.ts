import { describe, expect, it } from "vitest";
import { PolicyReadFailures } from "../../src/operate/policy-read-failures.js";

describe("PolicyReadFailures", () => {
  it("keeps a repository's failure until that repository is read, and counts the others", async () => {
    const failures = new PolicyReadFailures();
    await failures.during(async () => {
      failures.failed(1, "acme/a", "a failed (502)");
      failures.read(1, "acme/b");
      failures.failed(1, "acme/c", "c failed (502)");
    });
    expect(failures.summary()).toBe("a failed (502) (and 1 more repository)");
    await failures.during(async () => {
      failures.read(1, "acme/a");
      failures.failed(1, "acme/c", "c failed (502)");
    });
    expect(failures.summary()).toBe("c failed (502)");
  });

  it("forgets a failure that a whole sweep listing its installation did not see again, even one that failed, but not one seen by a sweep still running", async () => {
    const failures = new PolicyReadFailures();
    await failures.during(async () => failures.failed(1, "acme/gone", "gone failed (502)"));
    // A sweep that could not list the installation says nothing about its repositories.
    await expect(failures.during(() => Promise.reject(new Error("installation 1 could not be listed")))).rejects.toThrow();
    expect(failures.summary()).toBe("gone failed (502)");
    await expect(failures.during(async () => {
      failures.read(1, "acme/access");
      throw new Error("another repository failed");
    })).rejects.toThrow();
    expect(failures.summary()).toBeUndefined();

    let finishFirst!: () => void;
    const first = failures.during(() => new Promise<void>((resolve) => (finishFirst = resolve)));
    await failures.during(async () => failures.failed(1, "acme/a", "a failed (502)"));
    finishFirst();
    await first;
    expect(failures.summary()).toBe("a failed (502)");
  });
});
