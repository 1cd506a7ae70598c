import { createHash, createHmac } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";

/** One record as the app posted it, for the write-once copy. */
export interface SinkEntry {
  /** "owner/repo#number". */
  request: string;
  commentId: number;
  /** The record's hash (what the next record's `prev` names). */
  hash: string;
  /** The comment body exactly as posted: readable text and signed record. */
  body: string;
}

/** Where the app copies each record it posts. Appending never throws: a failure is logged and retried. */
export interface AuditSink {
  append(entry: SinkEntry): Promise<void>;
  /** Resolves once every line appended so far is written and synced, or its failure logged (shutdown). */
  flushed(): Promise<void>;
}

/** One line of the file: the hash of the line before it, the entry, and a signature over both. */
export interface SinkLine extends SinkEntry {
  /** SHA-256 of the previous line's text, or null on the first line. */
  prevLine: string | null;
  /** HMAC-SHA256 with the signing key over the rest of the line, so the chain cannot be rebuilt without the key. */
  mac: string;
}

export interface SinkLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * An append-only JSON-lines copy of every record (AUDIT_LOG_FILE). Each line
 * names the hash of the line before it and is signed with the signing key,
 * so a removed, changed or reordered line breaks the file's own chain and the
 * chain cannot be rebuilt without the key; the file is only ever opened with
 * flag "a", so the process cannot rewrite what is there. A copy survives
 * even if the repository, an issue or a comment is deleted.
 *
 * Appending is best effort by design: the GitHub comment is the record and
 * is already posted when the copy is written, so a failure here must not undo
 * or repeat it. A failed line is logged as an error and kept in memory; the
 * next append writes it first, so the file keeps the order of the trail.
 *
 * One process writes one file: two writers would both chain to the same line.
 *
 * @example
 * const sink = createFileSink("/var/log/jit-access/audit.jsonl", signingKey, log);
 * await sink.append({ request: "acme/access#7", commentId: 1004, hash, body });
 */
export function createFileSink(path: string, key: string, log: SinkLog): AuditSink {
  let handle: FileHandle | undefined;
  let tail: Tail | undefined;
  const waiting: SinkEntry[] = [];

  const flush = async (): Promise<void> => {
    handle ??= await open(path, "a", 0o600);
    tail ??= await readTail(path);
    while (waiting.length > 0) {
      const text = signLine({ prevLine: tail.hash, ...waiting[0]! }, key);
      // A line cut short by a crash stays as it is; the next one starts on a line of its own.
      await handle.write(`${tail.open ? "\n" : ""}${text}\n`);
      await handle.datasync();
      tail = { hash: lineHash(text), open: false };
      waiting.shift();
    }
  };

  const fail = (error: unknown, fields: object, message: string): void => {
    // A handle that failed may be broken: open afresh next time, and read again where the file ends.
    void handle?.close().catch(() => undefined);
    handle = undefined;
    tail = undefined;
    log.error({ err: error, path, waiting: waiting.length, ...fields }, message);
  };
  // Open at once, so a path the app cannot write to shows in the log at start-up, not at the first grant.
  let queue: Promise<void> = flush().catch((error: unknown) => fail(error, {}, "cannot open AUDIT_LOG_FILE for appending; records are still posted on GitHub"));

  return {
    append(entry) {
      waiting.push(entry);
      queue = queue.then(flush).catch((error: unknown) =>
        fail(error, { request: entry.request, hash: entry.hash }, "could not append the record to AUDIT_LOG_FILE; the GitHub comment is posted, and the next append tries again"),
      );
      return queue;
    },
    flushed: () => queue,
  };
}

/**
 * The hash that chains a line to the next one.
 *
 * @example
 * lineHash('{"line":1}').length; // 64
 */
export function lineHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * A line of the file as text, signed.
 *
 * @example
 * signLine({ prevLine: null, request: "acme/access#7", commentId: 1004, hash, body }, key);
 */
export function signLine(line: Omit<SinkLine, "mac">, key: string): string {
  const unsigned = JSON.stringify(line);
  const mac = createHmac("sha256", key).update(unsigned).digest("hex");
  return JSON.stringify({ ...line, mac });
}

interface Tail {
  /** Hash of the last line, or null for an empty file. */
  hash: string | null;
  /** The file does not end with a newline: an interrupted write. */
  open: boolean;
}

/** Where the file ends. Reads backwards, so a long file costs little. */
async function readTail(path: string): Promise<Tail> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    let bytes = Buffer.alloc(0);
    let text = "";
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - 65_536);
      const chunk = Buffer.alloc(end - start);
      await file.read(chunk, 0, chunk.length, start);
      // Decode the whole tail at once: a chunk may start inside a character.
      bytes = Buffer.concat([chunk, bytes]);
      text = bytes.toString("utf8");
      end = start;
      if (text.trimEnd().includes("\n")) break;
    }
    const last = text.trimEnd().split("\n").at(-1) ?? "";
    return { hash: last === "" ? null : lineHash(last), open: text !== "" && !text.endsWith("\n") };
  } finally {
    await file.close();
  }
}
