import { getTransformStream } from "@probot/pino";
import { pino, type DestinationStream } from "pino";
import { describe, expect, it, vi } from "vitest";
import { createMasker } from "../../src/masking/index.js";
import { createMaskedLogger, maskingDestination, maskLogger } from "../../src/masking/logger.js";

const TOKEN = "ghs_0123456789abcdefghijABCDEFGHIJ012345";
const EMAIL = "jane.doe@example.com";
const KEY = "signing-key-0123456789";
const RAW = [TOKEN, EMAIL, KEY, "jane.doe", "0123456789abcdefghij"];

const masker = createMasker({ secrets: [KEY] });

function capture(): { stream: DestinationStream; lines: string[] } {
  const lines: string[] = [];
  return { stream: { write: (line: string) => void lines.push(line) }, lines };
}

function expectClean(lines: readonly string[], count: number): void {
  expect(lines).toHaveLength(count);
  for (const line of lines) {
    for (const raw of RAW) expect(line).not.toContain(raw);
    expect(() => JSON.parse(line)).not.toThrow();
  }
}

function logEverything(log: pino.Logger): number {
  const error = new Error(`request failed for ${EMAIL} with ${TOKEN}`);
  log.info({ user: { email: EMAIL, teams: [{ token: TOKEN }] }, key: KEY }, "nested");
  log.info(`interpolated %s and %o`, EMAIL, { token: TOKEN });
  log.error(error);
  log.error({ err: error, request: { headers: { authorization: `token ${TOKEN}` } } }, "with err");
  log.warn({ body: `### Justification\r\nask ${EMAIL}\r\n` }, KEY);
  return 5;
}

describe("createMaskedLogger", () => {
  it("masks every field of every line: nested objects, arrays, messages, errors and stacks", () => {
    const { stream, lines } = capture();
    const log = createMaskedLogger(masker, { destination: stream });
    const count = logEverything(log);
    expectClean(lines, count);
    const parsed = JSON.parse(lines[2]!) as { err: { stack: string; message: string } };
    expect(parsed.err.stack).toContain("[secret:github-token]");
    expect(parsed.err.message).toContain("j***@example.com");
  });

  it("masks the bindings of child loggers and their children", () => {
    const { stream, lines } = capture();
    const log = createMaskedLogger(masker, { destination: stream, level: "debug" });
    const child = log.child({ requester: EMAIL });
    const grandchild = child.child({ token: TOKEN });
    grandchild.debug({ again: KEY }, "deep");
    child.info("shallow");
    expectClean(lines, 2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ requester: "j***@example.com", token: "[secret:github-token]", again: "[secret]" });
  });
});

describe("maskLogger on an existing logger", () => {
  it("covers the logger and its children created before and after", () => {
    const { stream, lines } = capture();
    const root = pino({ level: "trace" }, stream);
    const before = root.child({ delivery: "d-1", who: EMAIL });
    const beforeGrandchild = before.child({ token: TOKEN });
    maskLogger(before, masker);
    const after = root.child({ key: KEY });
    const afterOfBefore = before.child({ email: EMAIL });
    let count = 0;
    for (const log of [root, before, beforeGrandchild, after, afterOfBefore]) count += logEverything(log);
    expectClean(lines, count);
  });

  it("a child made after it that binds a name keeps one, the most specific, without its lines being parsed again", () => {
    const { stream, lines } = capture();
    const root = pino({ name: "app" }, stream);
    maskLogger(root, masker);
    const probot = root.child({ name: "probot" });
    const event = probot.child({ name: "event", id: "d-1", who: EMAIL });
    const parse = vi.spyOn(JSON, "parse");
    try {
      event.info("handled");
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expectClean(lines, 1);
    expect(lines[0]!.match(/"name":/g)).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: "event", id: "d-1", msg: "handled" });
    // Where the name was: right after pid and hostname, as pino writes the root's.
    expect(Object.keys(JSON.parse(lines[0]!) as object).slice(0, 6)).toEqual(["level", "time", "pid", "hostname", "name", "id"]);
  });

  it("a line whose object adds a second name to the logger's keeps the last, in the first one's place", () => {
    const { stream, lines } = capture();
    const log = createMaskedLogger(masker, { destination: stream });
    log.info({ name: "reconcile", who: EMAIL, err: { name: "HttpError" } }, "done");
    expectClean(lines, 1);
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(lines[0]!.match(/"name":/g)).toHaveLength(2);
    expect(parsed).toMatchObject({ name: "reconcile", err: { name: "HttpError" }, msg: "done" });
    expect(Object.keys(parsed).indexOf("name")).toBe(Object.keys(parsed).indexOf("hostname") + 1);
  });

  it("a line whose other names are nested (labels, authors, errors) or inside strings is written as pino wrote it, not parsed again", () => {
    const { stream, lines } = capture();
    const log = createMaskedLogger(masker, { destination: stream });
    const parse = vi.spyOn(JSON, "parse");
    try {
      log.info({ labels: [{ name: "a" }], author: { name: "Jane", email: EMAIL }, note: '{"name":"x"}, "name":' }, "nested");
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expectClean(lines, 1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: "jit-access", labels: [{ name: "a" }], author: { name: "Jane" }, note: '{"name":"x"}, "name":' });
  });

  it("a line with a name of its own and nested ones, from a logger without a name, is not parsed again; nor one written without pino", () => {
    const { stream, lines } = capture();
    const log = pino({}, maskingDestination(masker, stream));
    const direct = maskingDestination(masker, stream);
    const parse = vi.spyOn(JSON, "parse");
    try {
      log.info({ name: "reconcile", labels: [{ name: "a" }], err: { name: "HttpError" } }, "x");
      direct.write('{"level":30,"name":"a","payload":{"name":"b"}}\n');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    expect(lines[0]!.match(/"name":/g)).toHaveLength(3);
    expect(lines[1]).toBe('{"level":30,"name":"a","payload":{"name":"b"}}\n');
  });

  it("keeps one name where a log formatter, a message key or a level formatter adds one, and on a line written without pino", () => {
    const { stream, lines } = capture();
    const formatted = pino({ name: "app", formatters: { log: (o: object) => ({ ...o, name: "formatted" }) } }, maskingDestination(masker, stream));
    const keyed = pino({ name: "app", messageKey: "name" }, maskingDestination(masker, stream));
    const leveled = pino({ name: "app", formatters: { level: (_label: string, level: number) => ({ level, name: "leveled" }) } }, maskingDestination(masker, stream));
    formatted.info("a");
    keyed.info("b");
    leveled.info("c");
    maskingDestination(masker, stream).write('{"level":30,"name":"a","name":"b"}\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line.match(/"name":/g)).toHaveLength(1);
    expect(lines.map((line) => (JSON.parse(line) as { name: string }).name)).toEqual(["formatted", "b", "app", "b"]);
  });

  it("masks once however often it is applied", () => {
    const { stream, lines } = capture();
    const root = pino({}, stream);
    let calls = 0;
    const counting = { mask: (text: string) => (calls++, masker.mask(text)) };
    maskLogger(root, counting);
    maskLogger(root.child({}), counting);
    root.info(EMAIL);
    expect(calls).toBe(1);
    expectClean(lines, 1);
  });

  it("covers Probot's logger: pino writing through @probot/pino, JSON and pretty", async () => {
    for (const logFormat of ["json", "pretty"] as const) {
      const transform = await getTransformStream({ logFormat });
      const output: string[] = [];
      transform.on("data", (chunk: Buffer | string) => output.push(chunk.toString()));
      const log = pino({ level: "debug", name: "probot", messageKey: "msg" }, transform);
      const requestLog = log.child({ name: "github" });
      maskLogger(log, masker);
      // What Probot's request logging does: the request body as fields, the route as message.
      requestLog.debug({ body: { email: EMAIL, token: TOKEN } }, `POST /repos/o/r/issues/1/comments - 201 in 12ms`);
      log.info({ key: KEY }, `delivered for ${EMAIL}`);
      await new Promise((resolve) => setImmediate(resolve));
      const written = output.join("");
      expect(written).toContain("POST /repos/o/r/issues/1/comments");
      for (const raw of RAW) expect(written).not.toContain(raw);
    }
  });

  it("keeps level routing of pino.multistream", () => {
    const info = capture();
    const errors = capture();
    const log = pino({ level: "debug" }, pino.multistream([
      { level: "info", stream: info.stream },
      { level: "error", stream: errors.stream },
    ]));
    maskLogger(log, masker);
    log.info({ email: EMAIL }, "hello");
    log.error({ token: TOKEN }, "boom");
    expectClean(info.lines, 2);
    expectClean(errors.lines, 1);
  });
});

describe("maskingDestination", () => {
  it("passes flush, flushSync and end to the destination", () => {
    const calls: string[] = [];
    const target = {
      write: () => undefined,
      flush: (cb?: () => void) => (calls.push("flush"), cb?.()),
      flushSync: () => void calls.push("flushSync"),
      end: () => void calls.push("end"),
    };
    const wrapped = maskingDestination(masker, target) as typeof target;
    wrapped.flush();
    wrapped.flushSync();
    wrapped.end();
    expect(calls).toEqual(["flush", "flushSync", "end"]);
  });
});

describe("errors are logged in brief", () => {
  const payload = { action: "created", comment: { body: "please grant me, call +1 555 0100 or write to the team" } };

  it("keeps a webhook error's event id, name and action, never its payload (Probot's handler logs the error)", () => {
    const { stream, lines } = capture();
    const root = pino({ name: "probot" }, stream);
    maskLogger(root, masker);
    const error = Object.assign(new Error("handler failed"), { event: { id: "d-7", name: "issue_comment", payload } });
    root.child({ name: "event", id: "d-7" }).error(error);
    root.error({ err: error }, "again, as a field");
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain("grant me");
      const err = (JSON.parse(line) as { err: { message: string; event: unknown } }).err;
      expect(err.message).toBe("handler failed");
      expect(err.event).toEqual({ id: "d-7", name: "issue_comment", action: "created" });
    }
  });

  it("keeps a request error's method, URL and status, never the bodies sent and received", () => {
    const { stream, lines } = capture();
    const log = createMaskedLogger(masker, { destination: stream });
    const error = Object.assign(new Error("Validation Failed"), {
      status: 422,
      request: { method: "POST", url: "https://api.github.com/repos/a/b/issues/1/comments", body: JSON.stringify({ body: "comment text sent" }), headers: { authorization: "token [REDACTED]" } },
      response: { status: 422, data: { message: "body is too long", documentation_url: "x" }, headers: {} },
    });
    log.error({ error }, "write refused");
    const parsed = JSON.parse(lines[0]!) as { error: Record<string, unknown> };
    expect(parsed.error["request"]).toEqual({ method: "POST", url: "https://api.github.com/repos/a/b/issues/1/comments" });
    expect(parsed.error["response"]).toEqual({ status: 422 });
    expect(parsed.error["status"]).toBe(422);
    expect(lines[0]).not.toContain("comment text sent");
    expect(lines[0]).not.toContain("authorization");
  });
});
