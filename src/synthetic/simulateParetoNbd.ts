import { simulateCustomers, type SimulatedCustomers, type SimulationOptions } from "./simulateBgNbd.js";

/**
 * Simulates customers from the Pareto/NBD (Schmittlein, Morrison & Colombo 1987): λ ~ Gamma(r, rate alpha),
 * μ ~ Gamma(s, rate beta), an exponential lifetime with rate μ, and Poisson(λ) purchases while alive; optionally
 * Gamma-Gamma spend (Fader & Hardie 2013) per transaction. Options as {@link simulateBgNbd}.
 * @see https://brucehardie.com/notes/009/pareto_nbd_derivations_2005-11-05.pdf
 * @example const sim = simulateParetoNbd({ r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, { seed: 7, customers: 10000, T: { min: 27, max: 39 }, spend: { p: 6.25, q: 3.74, v: 15.44 } })
 */
export function simulateParetoNbd(params: { r: number; alpha: number; s: number; beta: number }, options: SimulationOptions): SimulatedCustomers {
  const { r, alpha, s, beta } = params;
  for (const [k, v] of Object.entries({ r, alpha, s, beta })) if (!(v > 0)) throw new Error(`simulateParetoNbd: parameter ${k} is ${v}: must be positive`);
  const n = options.customers ?? 1000;
  const lambda = new Float64Array(n), dropout = new Float64Array(n);
  return simulateCustomers(options, "simulateParetoNbd", lambda, dropout, (rng, i, T, times) => {
    const lam = rng.gamma(r, alpha);
    const mu = rng.gamma(s, beta);
    lambda[i] = lam;
    dropout[i] = mu;
    const life = rng.exponential(mu);
    const end = Math.min(life, T);
    let t = 0;
    for (;;) {
      t += rng.exponential(lam);
      if (t > end) break;
      times.push(t);
    }
    return life > T;
  });
}
