import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadTransactions } from "../../src/data/loadTransactions.js";
import { generateTexasRetail } from "../../src/synthetic/generateTexasRetail.js";
import { TEXAS_CITIES } from "../../src/synthetic/texasCities.js";
import { dayNumber, isoDate } from "../../src/time/dayNumber.js";

const TEXAS_SEED = 2024; // the seed of data/texas_transactions.csv (scripts/make-data.mjs)
const committed = fileURLToPath(new URL("../../data/texas_transactions.csv", import.meta.url));
const tx = generateTexasRetail({ seed: TEXAS_SEED });

describe("generateTexasRetail", () => {
  it("reproduces the committed data/texas_transactions.csv byte for byte from its seed", () => {
    expect(readFileSync(committed, "utf8")).toBe(tx.toCsv());
  });

  it("is deterministic from the seed and changes with it", () => {
    expect(generateTexasRetail({ seed: TEXAS_SEED }).toCsv()).toBe(tx.toCsv());
    expect(generateTexasRetail({ seed: TEXAS_SEED + 1 }).toCsv()).not.toBe(tx.toCsv());
  });

  it("has 1,000 customers split 35/30/20/15 % over Houston, Dallas, San Antonio and Austin", () => {
    expect(tx.log.customerIds.length).toBe(1000);
    const count = new Map<string, number>();
    for (const c of tx.truth.city) count.set(c, (count.get(c) ?? 0) + 1);
    expect(Object.fromEntries(count)).toEqual({ Houston: 350, Dallas: 300, "San Antonio": 200, Austin: 150 });
    // every row of a customer carries that customer's city
    const city = tx.log.attributes.city!;
    const truthCity = new Map(tx.truth.customerIds.map((id, i) => [id, tx.truth.city[i]!]));
    for (let i = 0; i < tx.log.length; i++) expect(city[i]).toBe(truthCity.get(tx.log.customerIds[tx.log.customer[i]!]!));
  });

  it("acquires customers over 2023-2024, never before their city's launch date, with the first order on the acquisition day", () => {
    const launch = new Map(TEXAS_CITIES.map((c) => [c.city, dayNumber(c.launchDate)]));
    const first = new Map<string, number>();
    for (let i = 0; i < tx.log.length; i++) {
      if (tx.log.amount[i]! < 0) continue;
      const id = tx.log.customerIds[tx.log.customer[i]!]!;
      first.set(id, Math.min(first.get(id) ?? Infinity, tx.log.day[i]!));
    }
    const years = new Set<string>();
    tx.truth.customerIds.forEach((id, k) => {
      const acq = tx.truth.acquisitionDay[k]!;
      expect(acq).toBeGreaterThanOrEqual(launch.get(tx.truth.city[k]!)!);
      expect(acq).toBeLessThanOrEqual(dayNumber("2024-12-31"));
      expect(first.get(id)).toBe(acq);
      years.add(isoDate(acq).slice(0, 4));
    });
    expect([...years].sort()).toEqual(["2023", "2024"]);
  });

  it("churns customers at month starts: no purchase on or after a customer's churn day", () => {
    const churn = new Map(tx.truth.customerIds.map((id, k) => [id, tx.truth.churnDay[k]!]));
    let churned = 0;
    for (const d of tx.truth.churnDay) {
      if (d <= dayNumber(tx.observationEnd)) {
        churned++;
        expect(isoDate(d).slice(8)).toBe("01");
      }
    }
    expect(churned).toBeGreaterThan(200);
    for (let i = 0; i < tx.log.length; i++) {
      if (tx.log.amount[i]! >= 0) expect(tx.log.day[i]!).toBeLessThan(churn.get(tx.log.customerIds[tx.log.customer[i]!]!)!);
    }
  });

  it("uses globally unique order ids (one customer and one day per order) with several lines per order", () => {
    const orders = new Map<string, string>();
    const lines = new Map<string, number>();
    const ids = tx.log.orderId!;
    for (let i = 0; i < tx.log.length; i++) {
      const key = `${tx.log.customer[i]}|${tx.log.day[i]}`;
      const prev = orders.get(ids[i]!);
      if (prev !== undefined) expect(prev).toBe(key);
      orders.set(ids[i]!, key);
      lines.set(ids[i]!, (lines.get(ids[i]!) ?? 0) + 1);
    }
    const multi = [...lines.values()].filter((n) => n > 1).length;
    expect(multi / lines.size).toBeGreaterThan(0.4);
    expect(tx.log.length / lines.size).toBeGreaterThan(1.5);
    // ids increase with the date
    const sortedIds = [...orders.keys()].sort();
    const dayOf = (id: string) => Number(orders.get(id)!.split("|")[1]);
    for (let k = 1; k < sortedIds.length; k++) expect(dayOf(sortedIds[k]!)).toBeGreaterThanOrEqual(dayOf(sortedIds[k - 1]!));
  });

  it("lifts each city's purchase rate in its promotion month (orders per active customer vs. the months around it)", () => {
    for (const c of TEXAS_CITIES) {
      const monthOrders = new Map<string, Set<string>>();
      for (let i = 0; i < tx.log.length; i++) {
        if (tx.log.attributes.city![i] !== c.city || tx.log.amount[i]! < 0) continue;
        const m = isoDate(tx.log.day[i]!).slice(0, 7);
        if (!monthOrders.has(m)) monthOrders.set(m, new Set());
        monthOrders.get(m)!.add(tx.log.orderId![i]!);
      }
      const promo = monthOrders.get(c.promotionMonth)?.size ?? 0;
      const [y, mo] = c.promotionMonth.split("-").map(Number) as [number, number];
      const around = [-2, -1, 1, 2].map((k) => {
        const d = new Date(Date.UTC(y, mo - 1 + k, 1)).toISOString().slice(0, 7);
        return monthOrders.get(d)?.size ?? 0;
      });
      expect(promo).toBeGreaterThan(1.4 * Math.max(...around));
    }
  });

  it("has amounts, costs and quantities consistent per line (cost below amount; returns negative)", () => {
    const { amount, cost, quantity } = tx.log;
    let returns = 0;
    for (let i = 0; i < tx.log.length; i++) {
      if (amount[i]! < 0) {
        returns++;
        expect(quantity![i]!).toBeLessThan(0);
      } else {
        expect(quantity![i]!).toBeGreaterThanOrEqual(1);
        expect(cost![i]!).toBeLessThan(amount[i]!);
      }
    }
    expect(returns).toBeGreaterThan(0);
    expect(returns / tx.log.length).toBeLessThan(0.03);
  });

  it("loads back from its CSV into the same log", async () => {
    const log = await loadTransactions(committed);
    expect(log.length).toBe(tx.log.length);
    expect(log.customerIds).toEqual(tx.log.customerIds);
    expect(log.customer).toEqual(tx.log.customer);
    expect(log.day).toEqual(tx.log.day);
    expect(log.amount).toEqual(tx.log.amount);
    expect(log.cost).toEqual(tx.log.cost);
    expect(log.quantity).toEqual(tx.log.quantity);
    expect(log.orderId).toEqual(tx.log.orderId);
    expect(log.product).toEqual(tx.log.product);
    expect(log.attributes.channel).toEqual(tx.log.attributes.channel);
    expect(log.report.counts.return).toBe(tx.log.report.counts.return);
  });

  it("rejects bad options with a clear message", () => {
    expect(() => generateTexasRetail({ seed: 1, customers: 0 })).toThrow("invalid customers 0: use a positive integer");
    expect(() => generateTexasRetail({ seed: 1, monthlyChurn: 1.5 })).toThrow("invalid monthlyChurn 1.5");
  });
});
