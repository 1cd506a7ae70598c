import fc from "fast-check";
import { pino, symbols, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { describe, expect, it } from "vitest";
import { createMasker } from "../../src/masking/index.js";
import { maskingDestination, maskLogger } from "../../src/masking/logger.js";
import { NAMES_TOLD } from "../../src/masking/log-names.js";
import { ownNames } from "./own-names.js";

/*
 * A masked logger's tree tells the masking destination which lines hold one
 * name of their own at most, and those are not searched for a second. Each
 * line it writes is compared with the line the same tree writes through a
 * bare masking destination, which searches every line: the two must read
 * the same, with one `name` of the line's own at most, whatever adds a name
 * (the root, children made before and after masking, the object, a message
 * or error key, a log, level or time function, a stream hook, a mixin and
 * its merge, a nested key).
 */

const masker = createMasker();

function sink(): { stream: DestinationStream; lines: string[] } {
  const lines: string[] = [];
  return { stream: { write: (line: string) => void lines.push(line) }, lines };
}

const CONFIGS: readonly LoggerOptions[] = [
  {},
  { name: "app" },
  { name: "app", messageKey: "name" },
  { name: "app", errorKey: "name" },
  { name: "app", formatters: { log: (o: object) => ({ ...o, name: "formatted" }) } },
  { name: "app", formatters: { level: (_label: string, level: number) => ({ level, name: "leveled" }) } },
  { name: "app", timestamp: () => ',"name":"timed"' },
  { name: "app", hooks: { streamWrite: (s: string) => s.replace('{"level"', '{"name":"hooked","level"') } },
  { name: "app", mixin: () => ({ name: "mixed" }) },
  { mixin: () => ({ extra: 1 }) },
  { name: "app", mixin: () => ({ extra: 1 }), mixinMergeStrategy: (o: object, m: object) => ({ ...m, ...o, name: "merged" }) },
  { name: "app", nestedKey: "payload" },
  { base: { name: "based", pid: 1 } },
];
const BINDINGS: readonly Record<string, unknown>[] = [{}, { name: "child" }, { id: 1 }, { name: "deep", nested: { name: "n" } }, { labels: [{ name: "l" }] }];
const OBJECTS: readonly Record<string, unknown>[] = [{}, { name: "object" }, { a: 1 }, { labels: [{ name: "l" }] }, { name: undefined }, { name: "o", author: { name: "x" } }];

/** The tree's deepest logger: children `before` made before `mask` runs on the root, the others after. */
function tree(root: Logger, before: readonly number[], after: readonly number[], mask: (root: Logger) => void): Logger {
  let log = root;
  for (const b of before) log = log.child(BINDINGS[b]!);
  mask(root);
  for (const b of after) log = log.child(BINDINGS[b]!);
  return log;
}

describe("lines a guarded logger tells apart", () => {
  it("read as the lines searched one by one do, with one name of their own at most", () => {
    let twice = 0;
    const child = fc.integer({ min: 0, max: BINDINGS.length - 1 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: CONFIGS.length - 1 }),
        fc.array(child, { maxLength: 3 }),
        fc.array(child, { maxLength: 3 }),
        fc.integer({ min: 0, max: OBJECTS.length - 1 }),
        fc.boolean(),
        (config, before, after, object, message) => {
          const options = { timestamp: false, ...CONFIGS[config]! };
          const guarded = sink();
          const searched = sink();
          const a = tree(pino(options, guarded.stream), before, after, (root) => maskLogger(root, masker));
          const b = tree(pino(options, maskingDestination(masker, searched.stream)), before, after, () => {});
          const args: [Record<string, unknown>, ...string[]] = message ? [{ ...OBJECTS[object] }, "done"] : [{ ...OBJECTS[object] }];
          a.info(...args);
          b.info(...args);
          expect(guarded.lines).toHaveLength(1);
          const line = guarded.lines[0]!;
          expect(ownNames(line)).toBeLessThanOrEqual(1);
          expect(JSON.stringify(JSON.parse(line))).toBe(JSON.stringify(JSON.parse(searched.lines[0]!)));
          if (line.match(/"name":/g)?.length !== ownNames(line)) twice++;
        },
      ),
      { numRuns: 1500 },
    );
    // The comparison means something only if some lines held names nested as well as their own.
    expect(twice).toBeGreaterThan(50);
  });

  it("a name added by a mixin the root had, kept with its merge, is not taken for the only one", () => {
    const { stream, lines } = sink();
    const root = pino({ name: "app", mixin: () => ({ name: "mixed", n: 1 }) }, stream);
    maskLogger(root, masker);
    root.info({ a: 1 }, "x");
    expect(ownNames(lines[0]!)).toBe(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: "mixed", n: 1, a: 1 });
  });

  it("a line logged while another is being written is searched on its own account, and so is the outer one", () => {
    const { stream, lines } = sink();
    const root = pino({ name: "app" }, stream);
    maskLogger(root, masker);
    const inner = root.child({ name: "inner" });
    const outer = root.child({}, { serializers: { nested: (v: unknown) => (inner.info({ name: "again" }, "inside"), v) } });
    outer.info({ name: "outer", nested: 1 }, "outside");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(ownNames(line)).toBe(1);
    expect(lines.map((line) => (JSON.parse(line) as { name: string }).name)).toEqual(["again", "outer"]);
  });
});

describe("a verdict told for a line that never reaches the destination", () => {
  it("is not taken for the line written next (one failed inside another line's write)", () => {
    for (const guarded of [false, true]) {
      const { stream, lines } = sink();
      const root = guarded ? pino({ name: "app" }, stream) : pino({ name: "app" }, maskingDestination(masker, stream));
      if (guarded) maskLogger(root, masker);
      const inner = root.child({ id: 1 });
      const failing = {
        get boom(): never {
          throw new Error("getter");
        },
      };
      const outer = root.child(
        {},
        {
          serializers: {
            nested: (value: unknown) => {
              try {
                inner.info(failing, "inner");
              } catch {
                // the inner line is lost; the outer one goes on
              }
              return value;
            },
          },
        },
      );
      outer.info({ name: "outer", nested: 1 }, "outer");
      expect(lines).toHaveLength(1);
      expect(ownNames(lines[0]!)).toBe(1);
    }
  });
});

describe("what a guarded logger tells its destination", () => {
  it("that a line with the logger's one name holds no other, and that one whose object adds a name may", () => {
    const { stream } = sink();
    const root = pino({ name: "app" }, stream);
    maskLogger(root, masker);
    const destination = (root as unknown as Record<PropertyKey, Record<PropertyKey, (atMostOne: boolean) => void>>)[symbols.streamSym as unknown as PropertyKey]!;
    const told: boolean[] = [];
    const tell = destination[NAMES_TOLD]!;
    destination[NAMES_TOLD] = (atMostOne) => {
      told.push(atMostOne);
      tell(atMostOne);
    };
    root.info({ labels: [{ name: "l" }] }, "nested names only");
    root.info({ name: "object" }, "a second name");
    root.child({ name: "child" }).info("the child's, in the root's place");
    expect(told).toEqual([true, false, true]);
  });
});
