import { appendFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFileSink, lineHash, type SinkLine } from "../../src/audit/file-sink.js";

const KEY = "k".repeat(32);

function entry(n: number) {
  return { request: "acme/access#1", commentId: 1000 + n, hash: String(n).repeat(64).slice(0, 64), body: `record ${n} ✓` };
}

function recorder() {
  const errors: { fields: object; message: string }[] = [];
  return { errors, log: { info: () => undefined, error: (fields: object, message: string) => void errors.push({ fields, message }) } };
}

async function tempFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "jit-sink-")), "audit.jsonl");
}

describe("the append-only file sink", () => {
  it("chains each line to the one before it", async () => {
    const path = await tempFile();
    const { log, errors } = recorder();
    const sink = createFileSink(path, KEY, log);
    await sink.append(entry(1));
    await sink.append(entry(2));
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    const parsed = lines.map((l) => JSON.parse(l) as SinkLine);
    expect(parsed.map((l) => l.prevLine)).toEqual([null, lineHash(lines[0]!)]);
    expect(parsed[1]).toMatchObject(entry(2));
    expect(parsed[1]?.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(errors).toEqual([]);
  });

  it("goes on from where the file ends when the app starts again, on a new line after a cut-off write", async () => {
    const path = await tempFile();
    const { log } = recorder();
    await createFileSink(path, KEY, log).append(entry(1));
    await appendFile(path, '{"prevLine":"cut short');
    await createFileSink(path, KEY, log).append(entry(2));
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect((JSON.parse(lines[2]!) as SinkLine).prevLine).toBe(lineHash('{"prevLine":"cut short'));
  });

  it("logs a failure, keeps the entry, and writes it first once the file can be written again", async () => {
    const dir = await mkdtemp(join(tmpdir(), "jit-sink-"));
    const path = join(dir, "missing", "audit.jsonl");
    const { log, errors } = recorder();
    const sink = createFileSink(path, KEY, log);
    await sink.append(entry(1));
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining("cannot open AUDIT_LOG_FILE"),
      expect.stringContaining("the GitHub comment is posted"),
    ]);
    expect(errors[1]?.fields).toMatchObject({ request: "acme/access#1", waiting: 1 });
    await mkdir(join(dir, "missing"));
    await sink.append(entry(2));
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l) as SinkLine);
    expect(lines.map((l) => l.commentId)).toEqual([1001, 1002]);
  });

  it("never rewrites what is in the file", async () => {
    const path = await tempFile();
    await writeFile(path, "line written before\n");
    const { log } = recorder();
    await createFileSink(path, KEY, log).append(entry(1));
    expect((await readFile(path, "utf8")).startsWith("line written before\n")).toBe(true);
  });
});
