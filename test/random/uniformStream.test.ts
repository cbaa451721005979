import { describe, expect, it } from "vitest";
import mt19937 from "@stdlib/random-base-mt19937";
import { createRng } from "../../src/random/createRng.js";
import { uniformStream } from "../../src/random/uniformStream.js";

describe("uniformStream", () => {
  it("draws exactly createRng(seed)'s uniforms and integers, across several state updates, for seeds 0, 1, 12345 and 2^32 - 1", () => {
    for (const seed of [0, 1, 12345, 0xffffffff]) {
      const ref = createRng(seed);
      const fast = uniformStream(seed);
      for (let i = 0; i < 2000; i++) {
        if (i % 3 === 0) expect(fast.int(50_000 - i)).toBe(ref.int(50_000 - i));
        else expect(fast.uniform()).toBe(ref.uniform());
      }
    }
  });
  it("is @stdlib's MT19937 word stream (seed + 1) as 53-bit doubles (genrand_res53), after the 6 words createRng's samplers take", () => {
    const words = mt19937.factory({ seed: 8 }) as unknown as () => number;
    for (let i = 0; i < 6; i++) words();
    const fast = uniformStream(7);
    for (let i = 0; i < 700; i++) {
      const a = words() >>> 5;
      const b = words() >>> 6;
      expect(fast.uniform()).toBe((a * 67108864 + b) / 9007199254740992);
    }
  });
  it("rejects a seed outside the 32-bit range", () => {
    expect(() => uniformStream(-1)).toThrow(/invalid seed -1/);
  });
});
