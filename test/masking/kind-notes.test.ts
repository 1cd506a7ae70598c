import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ADVERSARIAL, labelledCorpus } from "jit-access-bench/masking.js";
import { anchoredScanner } from "../../src/masking/anchored-scan.js";
import { AT_MARKS, mayBeAddress } from "../../src/masking/emails.js";
import { createMasker } from "../../src/masking/index.js";
import { kindNotes, kubernetesSecretSpans } from "../../src/masking/kubernetes-secret.js";
import { secretRules } from "../../src/masking/secrets.js";

/*
 * The Kubernetes stage is fed the places of `kind:` noted by the secret scan
 * instead of searching the text. After a pass that matched nothing the notes
 * must be every `kind:` of the text, and the stage must find what it finds
 * when it searches (the plain way); after one that matched something the
 * masker searches, so only the stage's answer is compared there.
 */

const kinds = kindNotes();
const scan = anchoredScanner([kinds.rule, ...secretRules(["hunter2hunter2"])], AT_MARKS, mayBeAddress);
const FRAGMENTS = [
  "kind:", "kind: Secret", "Kind: secret", 'kind: "Secret"', "\\nkind: \\\"Secret\\\"", "data:", "\ndata:\n  a: YWRtaW46cGFzc3dvcmQ=\n", "\\n  .dockercfg: |\\n    eyJhdXRocyI6e30K",
  "metadata:", "k", "ki", "kin", "ind:", "token: ", "key=", "ghp_0123456789abcdefghijABCDEFGHIJ012345", "hunter2hunter2", "jane@example.com", "_", " ", "\n", "\\n", '"', "é",
];
const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 20 }).map((parts) => parts.join(""));

/** Every `kind:` of the text, by search. */
function searched(input: string): number[] {
  const out: number[] = [];
  for (let at = input.indexOf("kind:"); at >= 0; at = input.indexOf("kind:", at + 1)) out.push(at);
  return out;
}

let noted = 0;

function sameAsSearching(input: string): void {
  const { spans } = scan(input);
  const plain = kubernetesSecretSpans(input, spans, null);
  if (spans.length > 0) return;
  expect(kinds.noted).toEqual(searched(input));
  expect(kubernetesSecretSpans(input, spans, kinds.noted)).toEqual(plain);
  noted += kinds.noted.length;
}

describe("kind: noted by the secret scan", () => {
  it("is every kind: of a text the scan matched nothing in, and the stage finds what searching finds", () => {
    noted = 0;
    fc.assert(fc.property(text, (input) => sameAsSearching(input)), { numRuns: 3000 });
    for (const line of labelledCorpus(1 << 16, 5).lines) sameAsSearching(line);
    for (const make of Object.values(ADVERSARIAL)) sameAsSearching(make(1 << 12));
    sameAsSearching("kind: Secret data: kind:".repeat(100));
    // The comparison means something only if the notes held places of `kind:`.
    expect(noted).toBeGreaterThan(1000);
  });

  it("masks a Secret's values from the notes alone", () => {
    const input = "apiVersion: v1\nkind: Secret\ndata:\n  extra: YWRtaW46cGFzc3dvcmQ=";
    const { spans } = scan(input);
    expect(spans).toEqual([]);
    expect(kinds.noted).toEqual([input.indexOf("kind:")]);
    expect(kubernetesSecretSpans(input, spans, kinds.noted).map((s) => input.slice(s.start, s.end))).toEqual(["YWRtaW46cGFzc3dvcmQ="]);
  });
});

describe("a Secret's data: blocks are those of its own YAML document", () => {
  const masker = createMasker();
  const value = "YWRtaW46cGFzc3dvcmQ=";
  const masked = "[secret:kubernetes-secret]";

  it("leaves a ConfigMap's data after a separator (gitleaks kubernetes.go's false positive)", () => {
    const input = " kind: Secret\n target:\n   name: mysecret\n\n---\n\nkind: ConfigMap\n data:\n       key: secret/mysecret\n       extra: " + value;
    expect(masker.mask(input)).toBe(input);
  });

  it("masks a Secret's data before or after its kind, between other documents, also in a JSON string", () => {
    const input = `kind: ConfigMap\ndata:\n  a: ${value}\n---\napiVersion: v1\ndata:\n  b: ${value}\nkind: Secret\n---\nkind: ConfigMap\ndata:\n  c: ${value}`;
    expect(masker.mask(input)).toBe(`kind: ConfigMap\ndata:\n  a: ${value}\n---\napiVersion: v1\ndata:\n  b: ${masked}\nkind: Secret\n---\nkind: ConfigMap\ndata:\n  c: ${value}`);
    const line = JSON.stringify({ msg: `kind: Secret\n---\nkind: ConfigMap\ndata:\n  e: ${value}\n---\nkind: Secret\ndata:\n  f: ${value}` });
    expect(masker.mask(line)).toBe(JSON.stringify({ msg: `kind: Secret\n---\nkind: ConfigMap\ndata:\n  e: ${value}\n---\nkind: Secret\ndata:\n  f: ${masked}` }));
  });

  it("masks a Secret's data however far after its kind, in its own document, and masking again changes nothing", () => {
    const far = `kind: Secret\nmetadata:\n  annotations:\n    note: ${"z".repeat(3100)}\ndata:\n  b: ${value}\n---\nkind: Secret\ndata:\n  a: ${value}\n`;
    expect(masker.mask(far)).toBe(far.replaceAll(value, masked));
    const list = `items:\n- kind: Secret\n  data:\n    tls.crt: ${"QUFB".repeat(800)}\n- kind: ConfigMap\n  data:\n    x: c2Vjb25kdmFsdWUxMjM0NQ==`;
    const once = masker.mask(list);
    expect(once).toBe(`items:\n- kind: Secret\n  data:\n    tls.crt: ${masked}\n- kind: ConfigMap\n  data:\n    x: ${masked}`);
    expect(masker.mask(once)).toBe(once);
  });

  it("reads a list with no separator, an indented `---` and `---x` as one document (fails closed)", () => {
    expect(masker.mask(`items:\n- kind: ConfigMap\n  data:\n    g: ${value}\n- kind: Secret\n  data:\n    h: ${value}`)).toBe(`items:\n- kind: ConfigMap\n  data:\n    g: ${masked}\n- kind: Secret\n  data:\n    h: ${masked}`);
    expect(masker.mask(`kind: Secret\n  ---\ndata:\n  i: ${value}`)).toBe(`kind: Secret\n  ---\ndata:\n  i: ${masked}`);
    expect(masker.mask(`kind: Secret\n---x\ndata:\n  j: ${value}`)).toBe(`kind: Secret\n---x\ndata:\n  j: ${masked}`);
  });
});
