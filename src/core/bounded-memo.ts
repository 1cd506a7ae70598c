/**
 * Remembers the answers of a pure function of a string for the last `limit`
 * inputs, oldest first out. Answers are frozen, as they are shared between
 * callers. What it holds is lost on restart at the cost of computing again.
 *
 * @example
 * const memo = new BoundedMemo(256, (body: string) => ({ length: body.length }));
 * memo.get("abc") === memo.get("abc"); // true: computed once
 */
export class BoundedMemo<T extends object> {
  private readonly answers = new Map<string, T>();

  constructor(
    private readonly limit: number,
    private readonly compute: (input: string) => T,
  ) {}

  get(input: string): T {
    const known = this.answers.get(input);
    if (known) return known;
    const answer = deepFreeze(this.compute(input));
    if (this.answers.size >= this.limit) this.answers.delete(this.answers.keys().next().value ?? "");
    this.answers.set(input, answer);
    return answer;
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (typeof inner === "object" && inner !== null) deepFreeze(inner as object);
  return Object.freeze(value);
}
