import { expect } from "vitest";
import { Buffer } from "node:buffer";
import { CodeUnits } from "../../src/masking/code-units.js";

/*
 * Linear time, proved by counting work rather than timing it: every string
 * primitive is counted with the number of characters it touches (a search
 * counts the stretch it scanned, a slice its length, a regular expression its
 * whole input, a code unit read one). RE2 reads its input one code unit at a
 * time through charCodeAt, so a matcher that went back over the text would
 * show here as growing work per character.
 */

type Method = (...args: never[]) => unknown;

/**
 * The characters `run` touches through string, RegExp and Buffer primitives.
 *
 * @example
 * const work = countWork(() => masker.mask(text));
 */
export function countWork(run: () => void): number {
  let work = 0;
  const string = String.prototype as unknown as Record<string, Method>;
  const regexp = RegExp.prototype as unknown as Record<string, Method>;
  const buffer = Buffer.prototype as unknown as Record<string, Method>;
  const saved = new Map<Record<string, Method>, Record<string, Method>>([
    [string, {}],
    [regexp, {}],
    [buffer, {}],
  ]);
  const wrap = <T>(target: Record<string, Method>, name: string, cost: (self: T, args: unknown[], result: unknown, before: number) => number) => {
    const original = target[name]!;
    saved.get(target)![name] = original;
    target[name] = function (this: T, ...args: unknown[]) {
      const before = this instanceof RegExp ? this.lastIndex : 0;
      const result = (original as (...a: unknown[]) => unknown).apply(this, args);
      work += cost(this, args, result, before);
      return result;
    } as Method;
  };
  const searched = (self: string, args: unknown[], result: unknown): number => {
    const from = typeof args[1] === "number" ? args[1] : 0;
    return (result as number) < 0 ? self.length - from : (result as number) - from + String(args[0]).length;
  };
  wrap(string, "charCodeAt", () => 1);
  wrap(string, "codePointAt", () => 1);
  wrap(string, "indexOf", searched);
  wrap(string, "lastIndexOf", (self: string) => self.length);
  wrap(string, "includes", (self: string) => self.length);
  wrap(string, "startsWith", (_self: string, args) => String(args[0]).length);
  wrap(string, "slice", (self: string, args) => {
    const from = (args[0] as number | undefined) ?? 0;
    const to = (args[1] as number | undefined) ?? self.length;
    return Math.max(1, (to < 0 ? self.length + to : to) - (from < 0 ? self.length + from : from));
  });
  wrap(string, "toLowerCase", (self: string) => self.length);
  wrap(buffer, "write", (_self: Buffer, args) => String(args[0]).length);
  // The encoder `write` ends in for UTF-16, which CodeUnits calls directly.
  if (typeof buffer["ucs2Write"] === "function") wrap(buffer, "ucs2Write", (_self: Buffer, args) => String(args[0]).length);
  // A global expression resumes at lastIndex: it scans from there to the match's end, or to the end.
  const regexWork = (self: RegExp, args: unknown[], result: unknown, before: number) => {
    const input = String(args[0]);
    if (!self.global && !self.sticky) return input.length;
    return (result === null || result === false ? input.length : self.lastIndex) - before;
  };
  wrap(regexp, "test", regexWork);
  wrap(regexp, "exec", regexWork);
  try {
    run();
  } finally {
    for (const [target, methods] of saved) Object.assign(target, methods);
  }
  return work;
}

/**
 * Expects `run` to do linear work on what `make` builds: doubling the text
 * must not much more than double the count, and the count per character
 * must stay below `perCharacter`.
 *
 * @example
 * expectLinear((text) => masker.mask(text), (n) => "a@".repeat(n / 2));
 */
export function expectLinear(run: (text: string) => void, make: (n: number) => string, size = 20_000, perCharacter = 64): void {
  const small = make(size);
  const large = make(size * 2);
  const workSmall = countWork(() => run(small));
  const workLarge = countWork(() => run(large));
  expect(workLarge / workSmall).toBeLessThan(2.3);
  expect(workLarge / large.length).toBeLessThan(perCharacter);
}

/**
 * The code units `run` reads from the copies the masker scans (`CodeUnits`):
 * each read through such a copy is counted, so that a rule that reads a run
 * again from each of its prefixes shows as growing reads per character, as
 * string primitives show in {@link countWork}.
 *
 * @example
 * const reads = countReads(() => masker.mask(text));
 */
export function countReads(run: () => void): number {
  let reads = 0;
  const original = CodeUnits.prototype.of;
  const proxies = new WeakMap<Uint16Array, Uint16Array>();
  CodeUnits.prototype.of = function (this: CodeUnits, text: string): Uint16Array {
    const units = original.call(this, text);
    let proxy = proxies.get(units);
    if (proxy === undefined) {
      proxy = new Proxy(units, {
        get(target, key) {
          if (typeof key === "string" && key.length > 0 && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57) reads++;
          const value = Reflect.get(target, key, target) as unknown;
          return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
      proxies.set(units, proxy);
    }
    return proxy;
  };
  try {
    run();
  } finally {
    CodeUnits.prototype.of = original;
  }
  return reads;
}
