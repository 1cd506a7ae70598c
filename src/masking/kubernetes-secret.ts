import { secretPlaceholder, type Rule, type Span } from "./scan.js";
import { disjoint, mergeDisjoint } from "./curl-user.js";

/*
 * The values of a Kubernetes Secret manifest, after gitleaks'
 * kubernetes-secret-yaml rule (cmd/generate/config/rules/kubernetes.go):
 * in a text that declares `kind: Secret` (quoted or not, either case of the
 * `s`; not `ExternalSecret` or `SopsSecret`), each value of a `data:` block
 * in the same YAML document, before or after it, that reads
 * as base64 of at least ten characters — `extra: YWRtaW46cGFzc3dvcmQ=`,
 * `.dockercfg: |` and the value on the next line, `ca.pem: LS0t…` — whatever
 * its key is called. Empty values (`''`, `""`), templates (`{{ .Values.x }}`)
 * and short values (`YmFyCg==`) stay, as gitleaks' allowlist leaves them.
 * Lines end at real line breaks or JSON-escaped ones (`\n`), as a manifest
 * pasted into a log line or a JSON field reads. No anchor of its own is
 * worth a stop: its `k` is a stop of the secret scan already (`token`,
 * `key`), so the scan notes where `kind:` stands as it passes (see
 * {@link kindNotes}); a text the scan noted nothing in is read no further.
 */

const KIND = "kind:";
const DATA = "data:";
const SEPARATOR = "---";
const MAX_LINES = 200;
const MIN_VALUE = 10;
const PLACEHOLDER = secretPlaceholder("kubernetes-secret");

function isBase64(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61;
}

function isKeyChar(c: number): boolean {
  return isBase64(c) || c === 95 || c === 46 || c === 45;
}

/** The length of the line break at `at` (`\n`, `\r\n`, or JSON's `\n` and `\r\n` at any depth), or 0. */
function breakLength(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 10) return 1;
  if (c === 13) return text.charCodeAt(at + 1) === 10 ? 2 : 1;
  if (c !== 92) return 0;
  let i = at;
  while (text.charCodeAt(i) === 92) i++;
  const letter = text.charCodeAt(i);
  if (letter === 110) return i + 1 - at;
  if (letter === 114) return i + 1 - at + breakLength(text, i + 1);
  return 0;
}

/** Where the indentation at `at` ends: blanks, tabs and JSON's `\t`. */
function indentEnd(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) i++;
    else if (c === 92 && text.charCodeAt(i + 1) === 116) i += 2;
    else return i;
  }
}

/** Where the line that `at` stands on ends (its break, or the text's end). */
function lineEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && breakLength(text, i) === 0) {
    // A run of backslashes is a break from its first one or not at all: step over it whole (linear, not a walk per backslash).
    if (text.charCodeAt(i) !== 92) i++;
    else while (text.charCodeAt(i) === 92) i++;
  }
  return i;
}

/** True when a key character stands before `at` (`metadata:`), other than the letter of a JSON escape (`\ndata:`). */
function keyGoesOn(text: string, at: number): boolean {
  const c = text.charCodeAt(at - 1);
  if (!isKeyChar(c)) return false;
  return !((c === 110 || c === 116 || c === 114) && text.charCodeAt(at - 2) === 92);
}

/** True when `kind:` at `at` names a Secret (not `ExternalSecret`, `SopsSecret`). */
function namesSecret(text: string, at: number): boolean {
  let i = indentEnd(text, at + KIND.length);
  while (text[i] === '"' || text[i] === "'" || text[i] === "\\") i++;
  if (text.slice(i, i + 6).toLowerCase() !== "secret") return false;
  return !isKeyChar(text.charCodeAt(i + 6));
}

/** The line start before `at`, when only indentation stands between; -1 otherwise. */
function lineStartBefore(text: string, at: number, floor: number): number {
  let i = at;
  while (i > floor) {
    const c = text.charCodeAt(i - 1);
    if (c === 32 || c === 9) i--;
    else if (c === 116 && text.charCodeAt(i - 2) === 92 && text.charCodeAt(i - 3) !== 92) i -= 2;
    else break;
  }
  if (i === floor || i === 0) return i;
  const c = text.charCodeAt(i - 1);
  // A real break, or the `n` of an escaped one.
  return c === 10 || c === 13 || (c === 110 && text.charCodeAt(i - 2) === 92) ? i : -1;
}

/** The spans of the base64 values in the `data:` block whose key stands at `dataAt`; returns where the block ends. */
function dataValues(text: string, dataAt: number, found: Span[]): number {
  const lineStart = lineStartBefore(text, dataAt, 0);
  if (lineStart < 0) return dataAt;
  const indent = dataAt - lineStart;
  let at = indentEnd(text, dataAt + DATA.length);
  if (breakLength(text, at) === 0) return at; // `data: {…}` on one line: not a block
  let pendingBlock = false;
  for (let lines = 0; lines < MAX_LINES && at < text.length; lines++) {
    at += breakLength(text, at);
    const start = indentEnd(text, at);
    const end = lineEnd(text, start);
    if (end === start || text[start] === "#") {
      at = end;
      continue;
    }
    if (start - at <= indent) return at;
    let valueAt = start;
    if (!pendingBlock) {
      let key = start;
      while (key < end && isKeyChar(text.charCodeAt(key))) key++;
      if (key === start || text[key] !== ":") return at;
      valueAt = indentEnd(text, key + 1);
      if (text[valueAt] === "|" || text[valueAt] === ">") {
        pendingBlock = true;
        at = end;
        continue;
      }
    }
    pendingBlock = false;
    while (text[valueAt] === '"' || text[valueAt] === "'" || text[valueAt] === "\\") valueAt++;
    let valueEnd = valueAt;
    while (valueEnd < end && isBase64(text.charCodeAt(valueEnd))) valueEnd++;
    if (valueEnd - valueAt >= MIN_VALUE) found.push({ start: valueAt, end: valueEnd, replacement: PLACEHOLDER });
    at = end;
  }
  return at;
}

const NO_KINDS: readonly number[] = [];

/**
 * A rule for the secret scan that finds nothing but notes, in order, where
 * `kind:` stands, so that {@link kubernetesSecretSpans} need not search a
 * text without one: its `k` is a stop already, and the scanner only tries it
 * where an `i` follows. The scan tries every rule wherever its needle stands
 * outside what an earlier rule matched; a match may cover or step over a
 * `kind:`, so the positions hold for a pass that matched nothing; after one
 * that did, the caller has the text searched instead. Put the rule first, so
 * that no rule anchored at the same `k` ends the visit before it. The list
 * is reused by the next pass.
 *
 * @example
 * const kinds = kindNotes();
 * const scan = anchoredScanner([kinds.rule, ...secretRules([])], AT_MARKS);
 * const { spans } = scan(text);
 * kubernetesSecretSpans(text, spans, spans.length === 0 ? kinds.noted : null);
 */
export function kindNotes(): { readonly rule: Rule; readonly noted: readonly number[] } {
  const noted: number[] = [];
  const rule: Rule = {
    needle: KIND,
    reset: () => {
      if (noted.length !== 0) noted.length = 0;
    },
    match(_text, at) {
      noted.push(at);
      return null;
    },
  };
  return { rule, noted };
}

/**
 * The values of Kubernetes Secret manifests in `text`, merged into the
 * sorted `spans` already found (an overlapping one is left to the span
 * already there). `kinds`: where `kind:` stands, in order, when the caller
 * knows (see {@link kindNotes}); null to search the text for it.
 *
 * @example
 * kubernetesSecretSpans("kind: Secret\ndata:\n  extra: YWRtaW46cGFzc3dvcmQ=", [], null); // one span, the value
 */
export function kubernetesSecretSpans(text: string, spans: readonly Span[], kinds: readonly number[] | null): readonly Span[] {
  if (kinds === null) return secretValueSpans(text, spans, kindsIn(text));
  return kinds.length === 0 ? spans : secretValueSpans(text, spans, kinds);
}

/** Every `kind:` in `text`, in order. */
function kindsIn(text: string): readonly number[] {
  let kind = text.indexOf(KIND);
  if (kind < 0) return NO_KINDS;
  const kinds: number[] = [];
  for (; kind >= 0; kind = text.indexOf(KIND, kind + KIND.length)) kinds.push(kind);
  return kinds;
}

/**
 * Where the next YAML document separator at or after `from` starts (`---` at a
 * line's start, real or JSON-escaped, and nothing but blanks after it on its
 * line), or the text's length.
 */
function separatorAfter(text: string, from: number): number {
  for (let at = text.indexOf(SEPARATOR, from); at >= 0; at = text.indexOf(SEPARATOR, at + 1)) {
    // At the line's first column: lineStartBefore steps back over no indentation.
    if (lineStartBefore(text, at, 0) === at && separatorLineEnds(text, at + SEPARATOR.length)) return at;
  }
  return text.length;
}

function separatorLineEnds(text: string, at: number): boolean {
  const end = indentEnd(text, at);
  return end >= text.length || breakLength(text, end) > 0;
}

/**
 * The values of every `data:` block in a YAML document that holds a `kind:`
 * naming a Secret: a separator (`---`) ends a document, so the `data:` of the
 * ConfigMap after a Secret is not the Secret's. How far apart the two stand
 * does not matter: a Secret's annotations may run long, and a distance
 * measured on the text would change when a long value before it is masked
 * (masking again would then mask more). A text with no separator (a
 * `kubectl get -o yaml` list) is one document: its `data:` blocks are all
 * masked, whatever the kind of their own item.
 */
function secretValueSpans(text: string, spans: readonly Span[], kinds: readonly number[]): readonly Span[] {
  const secrets = kinds.filter((kind) => namesSecret(text, kind));
  if (secrets.length === 0) return spans;
  const found: Span[] = [];
  // Every pointer moves forward only: each `data:` and each separator is found once, each block read once.
  let s = 0;
  let readTo = 0;
  let documentStart = 0;
  let documentEnd = separatorAfter(text, 0);
  for (let data = text.indexOf(DATA); data >= 0; data = text.indexOf(DATA, data + DATA.length)) {
    while (documentEnd < data) {
      documentStart = documentEnd;
      documentEnd = separatorAfter(text, documentEnd + SEPARATOR.length);
    }
    while (s < secrets.length && secrets[s]! < documentStart) s++;
    if (s === secrets.length) break;
    // `stringData:` and `metadata:` are other keys.
    if (secrets[s]! < documentEnd && data >= readTo && !keyGoesOn(text, data)) readTo = dataValues(text, data, found);
  }
  if (found.length === 0) return spans;
  return mergeDisjoint(spans, disjoint(found));
}
