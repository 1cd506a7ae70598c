import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";

const masker = createMasker();

describe("an unquoted value with `&` in it", () => {
  it.each([
    ["password: Tr0ub4dor&3-Vq8#Lw9z", "3-Vq8#Lw9z"],
    ["password=Zq8!Lk&3$Vw-Xr7Pm", "3$Vw-Xr7Pm"],
    ["db_password=s3cr3t&P4ss&w0rd!X", "w0rd!X"],
  ])("is masked whole when no query field follows the `&`: %s", (line, tail) => {
    const masked = masker.mask(line);
    expect(masked).not.toContain(tail);
    expect(masked).toMatch(/\[secret:password\]$/);
  });

  it("stops at a query string's next field, which stays as it was", () => {
    const masked = masker.mask("GET /login?password=Zq8Lk3Vw9xQ7&user=jane&next=/home");
    expect(masked).toBe("GET /login?password=[secret:password]&user=jane&next=/home");
  });
});
