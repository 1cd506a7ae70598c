import { checkChain, type ChainComment } from "./check-chain.js";
import { lineHash, signLine, type SinkLine } from "./file-sink.js";

/** A record found in the file, to compare with GitHub. */
export interface FileRecord {
  line: number;
  request: string;
  commentId: number;
  hash: string;
  event: string;
}

export interface FileProblem {
  line: number;
  detail: string;
}

export interface FileCheck {
  lines: number;
  records: FileRecord[];
  problems: FileProblem[];
  /**
   * Records whose previous record is not in the file: written before the file
   * was configured, by another replica into its own file, or lost with a
   * failed append (logged). Not tampering: removing a line breaks the line chain.
   */
  gaps: FileProblem[];
  /** Hash of the last line: note it down, and a later check shows whether lines were cut off the end. */
  lastLineHash: string | null;
}

/**
 * Checks an AUDIT_LOG_FILE: each line follows the one before it (hash) and
 * is signed with the signing key, each record verifies and belongs to the
 * request its line names, and a request's records are in order. Lines cut off
 * the end cannot be seen from the file alone; compare `lastLineHash` with
 * one noted earlier.
 *
 * @example
 * const check = verifyFile(await readFile(path, "utf8"), key);
 * check.problems.length === 0;
 */
export function verifyFile(text: string, key: string): FileCheck {
  const raw = text.split("\n");
  if (raw.at(-1) === "") raw.pop();
  const problems: FileProblem[] = [];
  const byRequest = new Map<string, (ChainComment & { line: number })[]>();
  let previous: string | null = null;
  raw.forEach((lineText, index) => {
    const line = index + 1;
    const parsed = readLine(lineText);
    if (typeof parsed === "string") problems.push({ line, detail: `line ${line} ${parsed}` });
    else {
      if (parsed.prevLine !== previous) problems.push({ line, detail: `line ${line} does not follow line ${line - 1}: a line was removed, inserted or changed` });
      if (signLine(withoutMac(parsed), key) !== lineText) problems.push({ line, detail: `line ${line} was changed after it was written: its signature does not match` });
      const chain = byRequest.get(parsed.request) ?? [];
      chain.push({ seq: line, id: parsed.commentId, body: parsed.body, at: 0, byApp: true, line });
      byRequest.set(parsed.request, chain);
    }
    previous = lineHash(lineText);
  });

  const records: FileRecord[] = [];
  const gaps: FileProblem[] = [];
  for (const [request, comments] of byRequest) {
    checkChain(comments, request, key).forEach((checked, i) => {
      const line = comments[i]!.line;
      if (checked.record && checked.hash !== undefined) records.push({ line, request, commentId: checked.commentId, hash: checked.hash, event: checked.record.event });
      if (checked.status === "missing-before") gaps.push({ line, detail: `line ${line}: the record of ${request} before it is not in this file` });
      else if (checked.status !== "verified" && checked.status !== "duplicate") problems.push({ line, detail: `line ${line}: ${checked.detail ?? checked.status}` });
    });
  }
  problems.sort((a, b) => a.line - b.line);
  return { lines: raw.length, records, problems, gaps, lastLineHash: previous };
}

/** A line as a SinkLine, or why it cannot be read. */
function readLine(text: string): SinkLine | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "is not valid JSON: an interrupted write, or an edit";
  }
  const line = value as Partial<SinkLine> | null;
  const ok = line !== null && typeof line === "object" && (line.prevLine === null || typeof line.prevLine === "string")
    && typeof line.request === "string" && typeof line.commentId === "number" && typeof line.hash === "string"
    && typeof line.body === "string" && typeof line.mac === "string";
  return ok ? (line as SinkLine) : "is not a record line of jit-access";
}

function withoutMac(line: SinkLine): Omit<SinkLine, "mac"> {
  const { mac: _mac, ...rest } = line;
  return rest;
}
