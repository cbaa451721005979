import { describe, expect, it } from "vitest";
import { transactionLogFromRecords } from "../../src/data/transactionLogFromRecords.js";
import { DAYS_PER_UNIT } from "../../src/data/types.js";

describe("transactionLogFromRecords", () => {
  it("codes customers in order of first appearance and stores day numbers since 1970-01-01 with midnight timestamps", () => {
    const log = transactionLogFromRecords([
      { customerId: 42, date: "1970-01-02", amount: 10 },
      { customerId: "b", date: "1969-12-31", amount: 5.5 },
      { customerId: "42", date: "2024-02-29", amount: -3 },
    ]);
    expect(log.length).toBe(3);
    // The number 42 and the string "42" are one customer: ids are compared as text.
    expect(log.customerIds).toEqual(["42", "b"]);
    expect([...log.customer]).toEqual([0, 1, 0]);
    // 2024-02-29 is 19,782 days after 1970-01-01 (54 years × 365 + 13 leap days + 59 days into 2024).
    expect([...log.day]).toEqual([1, -1, 54 * 365 + 13 + 59]);
    expect([...log.timestamp]).toEqual([86_400_000, -86_400_000, (54 * 365 + 13 + 59) * 86_400_000]);
    expect([...log.amount]).toEqual([10, 5.5, -3]);
    expect(log.timeZone).toBe("UTC");
    expect(log.report).toEqual({ rowsRead: 3, rowsUsed: 3, counts: {}, examples: [] });
  });

  it("adds optional columns only when some record has them, with defaults quantity 1, cost 0, order and product ''", () => {
    const plain = transactionLogFromRecords([{ customerId: "a", date: "2024-01-05", amount: 10 }], "Europe/Berlin");
    expect(plain.orderId).toBeUndefined();
    expect(plain.quantity).toBeUndefined();
    expect(plain.product).toBeUndefined();
    expect(plain.cost).toBeUndefined();
    expect(plain.attributes).toEqual({});
    expect(plain.timeZone).toBe("Europe/Berlin");
    const rich = transactionLogFromRecords([
      { customerId: "a", date: "2024-01-05", amount: 10, orderId: "o1", quantity: 3, product: "tea", cost: 4, city: "Austin", vip: true },
      { customerId: "b", date: "2024-01-06", amount: 7, region: 5 },
    ]);
    expect(rich.orderId).toEqual(["o1", ""]);
    expect([...rich.quantity!]).toEqual([3, 1]);
    expect(rich.product).toEqual(["tea", ""]);
    expect([...rich.cost!]).toEqual([4, 0]);
    // Any other field is a text attribute, "" where a record lacks it.
    expect(rich.attributes).toEqual({ city: ["Austin", ""], vip: ["true", ""], region: ["", "5"] });
  });

  it("rejects a non-finite amount and an impossible date, naming the record or the date", () => {
    expect(() => transactionLogFromRecords([{ customerId: "a", date: "2024-01-05", amount: 1 }, { customerId: "a", date: "2024-01-06", amount: NaN }])).toThrow(/record 1: invalid amount NaN/);
    expect(() => transactionLogFromRecords([{ customerId: "a", date: "2023-02-29", amount: 1 }])).toThrow('invalid date "2023-02-29": no such calendar day');
    expect(() => transactionLogFromRecords([{ customerId: "a", date: "05/01/2024", amount: 1 }])).toThrow('invalid date "05/01/2024": expected YYYY-MM-DD');
  });

  // The amount error names the record, the value and the fix.
  it("says how to fix a non-finite amount", () => {
    expect(() => transactionLogFromRecords([{ customerId: "a", date: "2024-01-05", amount: Infinity }])).toThrow(/invalid amount Infinity: .*(use|give|finite)/);
  });

  it("an empty record list gives an empty log", () => {
    const log = transactionLogFromRecords([]);
    expect(log.length).toBe(0);
    expect(log.customerIds).toEqual([]);
    expect(log.report.rowsRead).toBe(0);
  });
});

describe("DAYS_PER_UNIT", () => {
  it("is 1 day, 7 days and a month of 365.25 / 12 = 30.4375 days", () => {
    expect(DAYS_PER_UNIT).toEqual({ days: 1, weeks: 7, months: 30.4375 });
  });
});
