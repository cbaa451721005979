// Cuts a transaction log at a day (internal): the calibration log that fits see, so no later row can reach them.
import type { TransactionLog } from "../data/types.js";

/** The rows on or before `lastDay` (day number), customers re-encoded in their order of first appearance. */
export function logUpTo(log: TransactionLog, lastDay: number): TransactionLog {
  const keep: number[] = [];
  for (let i = 0; i < log.length; i++) if (log.day[i]! <= lastDay) keep.push(i);
  const m = keep.length;
  const remap = new Int32Array(log.customerIds.length).fill(-1);
  const ids: string[] = [];
  const customer = new Int32Array(m), day = new Int32Array(m), timestamp = new Float64Array(m), amount = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const i = keep[j]!;
    const c = log.customer[i]!;
    if (remap[c]! < 0) {
      remap[c] = ids.length;
      ids.push(log.customerIds[c]!);
    }
    customer[j] = remap[c]!;
    day[j] = log.day[i]!;
    timestamp[j] = log.timestamp[i]!;
    amount[j] = log.amount[i]!;
  }
  const pick = <T>(a: readonly T[]) => keep.map((i) => a[i]!);
  const pickF = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]!);
  const attributes: Record<string, readonly string[]> = {};
  for (const [k, v] of Object.entries(log.attributes)) attributes[k] = pick(v);
  return {
    length: m,
    customerIds: ids,
    customer,
    day,
    timestamp,
    amount,
    ...(log.orderId ? { orderId: pick(log.orderId) } : {}),
    ...(log.quantity ? { quantity: pickF(log.quantity) } : {}),
    ...(log.product ? { product: pick(log.product) } : {}),
    ...(log.cost ? { cost: pickF(log.cost) } : {}),
    attributes,
    timeZone: log.timeZone,
    report: log.report,
  };
}
