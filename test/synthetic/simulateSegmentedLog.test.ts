import { describe, expect, it } from "vitest";
import { simulateSegmentedLog } from "../../src/synthetic/simulateSegmentedLog.js";
import { dayNumber } from "../../src/time/dayNumber.js";

describe("simulateSegmentedLog", () => {
  const sim = simulateSegmentedLog({ seed: 3, customers: 1500 });
  const { log, segment, acquisitionDay } = sim;
  // Per customer: sorted purchase days.
  const days: number[][] = log.customerIds.map(() => []);
  for (let i = 0; i < log.length; i++) days[log.customer[i]!]!.push(log.day[i]!);

  it("is reproducible from its seed and differs between seeds", () => {
    const again = simulateSegmentedLog({ seed: 3, customers: 1500 });
    expect(Array.from(again.log.amount)).toEqual(Array.from(log.amount));
    expect(simulateSegmentedLog({ seed: 4, customers: 1500 }).log.length).not.toBe(log.length);
  });

  it("acquires customers over two years (several cohorts) with each first purchase on the acquisition day", () => {
    expect(acquisitionDay[0]!).toBeGreaterThanOrEqual(dayNumber("2021-01-01"));
    expect(acquisitionDay[acquisitionDay.length - 1]! - acquisitionDay[0]!).toBeGreaterThan(700);
    for (let c = 0; c < 50; c++) expect(Math.min(...days[c]!)).toBe(acquisitionDay[c]!);
    expect(sim.settings.end).toBe("2024-01-01");
  });

  it("mixes the three segments in the requested shares (0.5, 0.3, 0.2 within binomial error)", () => {
    const share = [0, 1, 2].map((s) => segment.filter((v) => v === s).length / segment.length);
    // 4 binomial standard errors at n = 1500 are at most 0.052.
    expect(Math.abs(share[0]! - 0.5)).toBeLessThan(0.052);
    expect(Math.abs(share[1]! - 0.3)).toBeLessThan(0.048);
    expect(Math.abs(share[2]! - 0.2)).toBeLessThan(0.042);
  });

  it("regular buyers' gaps are near-periodic (coefficient of variation about 1/√8 = 0.35), heterogeneous buyers' near exponential (about 1)", () => {
    const cv = (seg: number) => {
      const out: number[] = [];
      for (let c = 0; c < days.length; c++) {
        if (segment[c] !== seg || days[c]!.length < 6) continue;
        const g = days[c]!.slice(1).map((d, j) => d - days[c]![j]!);
        const m = g.reduce((a, v) => a + v, 0) / g.length;
        out.push(Math.sqrt(g.reduce((a, v) => a + (v - m) ** 2, 0) / (g.length - 1)) / m);
      }
      out.sort((a, b) => a - b);
      return out[out.length >> 1]!; // median over customers
    };
    expect(cv(1)).toBeGreaterThan(0.25);
    expect(cv(1)).toBeLessThan(0.45);
    expect(cv(0)).toBeGreaterThan(0.75);
  });

  it("seasonal buyers make most repeat purchases from 15 November to 31 December (13% of the year)", () => {
    let inS = 0, all = 0;
    for (let c = 0; c < days.length; c++) {
      if (segment[c] !== 2) continue;
      for (const d of days[c]!.slice(1)) {
        const dt = new Date(d * 86_400_000);
        all++;
        if (dt.getUTCMonth() === 11 || (dt.getUTCMonth() === 10 && dt.getUTCDate() >= 15)) inS++;
      }
    }
    expect(inS / all).toBeGreaterThan(0.6);
  });

  it("spends differently by segment: about $30, $55 and $80 a purchase", () => {
    const mean = (s: number) => {
      let a = 0, k = 0;
      for (let i = 0; i < log.length; i++)
        if (segment[log.customer[i]!] === s) {
          a += log.amount[i]!;
          k++;
        }
      return a / k;
    };
    expect(mean(0)).toBeGreaterThan(24);
    expect(mean(0)).toBeLessThan(36);
    expect(mean(1)).toBeGreaterThan(50);
    expect(mean(1)).toBeLessThan(60);
    expect(mean(2)).toBeGreaterThan(72);
    expect(mean(2)).toBeLessThan(88);
  });

  it("rejects less than two years of acquisition", () => {
    expect(() => simulateSegmentedLog({ seed: 1, acquisitionDays: 365 })).toThrow(/invalid acquisitionDays 365: use a whole number ≥ 730/);
  });
});
