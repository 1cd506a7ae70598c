import type { ChainComment } from "../../src/audit/check-chain.js";
import { sealRecord, type SignedRecord } from "../../src/audit/record-codec.js";
import { recordFacts } from "../../src/audit/record-facts.js";
import { renderRecord } from "../../src/audit/render-record.js";
import type { RecordData } from "../../src/core/records.js";

export const KEY = "k".repeat(32);

/**
 * Seals records into a chain as the app would: facts carried, each naming
 * the previous record's hash, the comments one minute apart from `start`;
 * with `ids`, each record carries an id, as records written since ids exist do.
 */
export function sealChain(datas: readonly RecordData[], options: { issue?: string; start?: number; key?: string; ids?: boolean } = {}): (ChainComment & { hash: string; record: SignedRecord })[] {
  const issue = options.issue ?? "acme/access#1";
  const start = options.start ?? Date.parse("2026-11-02T09:00:00Z");
  let prev: string | null = null;
  return datas.map((data, i) => {
    const at = start + i * 60_000;
    const id = options.ids ? { id: `rec_${i}` } : {};
    const record = { v: 1, issue, at: new Date(at).toISOString(), prev, ...id, ...recordFacts(data, datas.slice(0, i)), ...data } as SignedRecord;
    const sealed = sealRecord(renderRecord(record), record, options.key ?? KEY);
    prev = sealed.hash;
    return { seq: i * 2, id: 1000 + i, body: sealed.body, at, byApp: true, hash: sealed.hash, record };
  });
}
