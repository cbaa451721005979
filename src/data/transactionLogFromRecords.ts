import { dayNumber } from "../time/dayNumber.js";
import type { TransactionLog } from "./types.js";

/** One transaction given as a plain object (small data, tests, notebooks). */
export interface TransactionRecord {
  customerId: string | number;
  /** ISO date `YYYY-MM-DD` (a local calendar day). */
  date: string;
  amount: number;
  orderId?: string;
  quantity?: number;
  product?: string;
  cost?: number;
  [attribute: string]: unknown;
}

const KNOWN = new Set(["customerId", "date", "amount", "orderId", "quantity", "product", "cost"]);

/**
 * Builds a {@link TransactionLog} from plain records. For files use the loaders, which validate and report.
 * @example transactionLogFromRecords([{ customerId: "a", date: "2024-01-05", amount: 10 }])
 */
export function transactionLogFromRecords(records: readonly TransactionRecord[], timeZone = "UTC"): TransactionLog {
  const n = records.length;
  const ids = new Map<string, number>();
  const customer = new Int32Array(n);
  const day = new Int32Array(n);
  const timestamp = new Float64Array(n);
  const amount = new Float64Array(n);
  const hasOrder = records.some((r) => r.orderId !== undefined);
  const hasQty = records.some((r) => r.quantity !== undefined);
  const hasProduct = records.some((r) => r.product !== undefined);
  const hasCost = records.some((r) => r.cost !== undefined);
  const orderId: string[] = [];
  const product: string[] = [];
  const quantity = hasQty ? new Float64Array(n) : undefined;
  const cost = hasCost ? new Float64Array(n) : undefined;
  const attrNames = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) if (!KNOWN.has(k)) attrNames.add(k);
  const attributes: Record<string, string[]> = {};
  for (const a of attrNames) attributes[a] = new Array<string>(n);
  records.forEach((r, i) => {
    const id = String(r.customerId);
    let code = ids.get(id);
    if (code === undefined) ids.set(id, (code = ids.size));
    customer[i] = code;
    if (!Number.isFinite(r.amount)) throw new Error(`record ${i}: invalid amount ${String(r.amount)}: give a finite number (negative for a return)`);
    const d = dayNumber(r.date);
    day[i] = d;
    timestamp[i] = d * 86_400_000;
    amount[i] = r.amount;
    if (hasOrder) orderId.push(r.orderId ?? "");
    if (hasProduct) product.push(r.product ?? "");
    if (quantity) quantity[i] = r.quantity ?? 1;
    if (cost) cost[i] = r.cost ?? 0;
    for (const a of attrNames) attributes[a]![i] = r[a] === undefined ? "" : String(r[a]);
  });
  return {
    length: n,
    customerIds: [...ids.keys()],
    customer,
    day,
    timestamp,
    amount,
    ...(hasOrder ? { orderId } : {}),
    ...(quantity ? { quantity } : {}),
    ...(hasProduct ? { product } : {}),
    ...(cost ? { cost } : {}),
    attributes,
    timeZone,
    report: { rowsRead: n, rowsUsed: n, counts: {}, examples: [] },
  };
}
