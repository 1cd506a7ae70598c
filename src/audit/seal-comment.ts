import { boundRecord, mapStrings, type Bound } from "./bound-record.js";
import { sealRecord, type SignedRecord } from "./record-codec.js";
import { renderRecord } from "./render-record.js";

/**
 * GitHub refuses a comment body over 65,536 characters (422). Measured here
 * in UTF-8 bytes, which are never fewer than characters however GitHub counts
 * them, so a body within it is within GitHub's limit.
 */
export const COMMENT_LIMIT = 65_536;

// Tried in turn until the comment fits: the first fits every record the app
// writes in practice; the later ones only a record quoting many long texts.
const BOUNDS: readonly Bound[] = [
  { chars: 2_000, items: 50 },
  { chars: 600, items: 20 },
  { chars: 200, items: 5 },
];

/** A sealed comment body, its hash, and the record as it was sealed (cut where it had to be). */
export interface SealedComment {
  body: string;
  hash: string;
  record: SignedRecord;
}

/**
 * Renders and seals a record into a comment body that GitHub accepts:
 * long texts and lists are cut (see boundRecord), more where the body would
 * still be too long, and the cut record is masked again so a cut never leaves
 * a half-masked text. `record` must already be masked. Throws when even the
 * tightest bound does not fit, which no record the core writes reaches.
 *
 * @example
 * const { body, hash } = sealComment(record, key, (text) => masker.mask(text));
 */
export function sealComment(record: SignedRecord, key: string, mask: (text: string) => string): SealedComment {
  let size = 0;
  for (const bound of BOUNDS) {
    const bounded = mapStrings(boundRecord(record, bound), mask);
    const sealed = sealRecord(mask(renderRecord(bounded)), bounded, key);
    size = Buffer.byteLength(sealed.body, "utf8");
    if (size <= COMMENT_LIMIT) return { ...sealed, record: bounded };
  }
  throw new Error(`the ${record.event} record does not fit in a comment even with its texts cut to ${BOUNDS.at(-1)?.chars ?? 0} characters (${size} bytes): nothing was posted`);
}
