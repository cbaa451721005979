import type { TemporalCrossValidation } from "../validation/crossValidateTemporal.js";
import type { HoldoutEvaluation } from "../validation/evaluateHoldout.js";
import { plotErrorByGroup } from "../charts/validation/plotErrorByGroup.js";
import { plotFrequencyHoldout } from "../charts/validation/plotFrequencyHoldout.js";
import { plotHoldoutTracking } from "../charts/validation/plotHoldoutTracking.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const CSS = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:1200px;margin:2em auto;padding:0 1em}
h1{font-size:1.7em;border-bottom:2px solid #4682b4;padding-bottom:.2em}h2{margin-top:1.8em;color:#2c5d8a;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.8em 0;font-size:12px}th,td{border:1px solid #ddd;padding:2px 6px}th{background:#f3f6f9;text-align:left}
td{text-align:right;font-variant-numeric:tabular-nums}td:first-child,td:nth-child(2){text-align:left}td b{color:#1a6b2f}
p.note{color:#555;font-size:13px}figure{margin:1em 0}svg{max-width:100%;height:auto}ul.warn{color:#7a4b00;font-size:12px}`;

/**
 * A self-contained HTML validation report (inline CSS, charts inlined as SVG, no external assets): the settings
 * (dates, units, margin, discounting), the holdout comparison table with the best value per column in bold, the
 * cross-validation summary and fold tables when given, the tracking, frequency and error-by-group charts, the
 * account of rows and the fit warnings.
 * @see Fader, Hardie & Lee (2005) for the charts, https://doi.org/10.1287/mksc.1040.0098
 * @example writeFileAtomic("report.html", validationReport(evaluateHoldout(log, opts), crossValidateTemporal(log, cvOpts)))
 */
export function validationReport(ev: HoldoutEvaluation, cv?: TemporalCrossValidation, title = "Model comparison and validation"): string {
  const s: string[] = [];
  s.push(`<h1>${esc(title)}</h1>`);
  s.push(
    `<p>Calibration to <b>${ev.calibrationEnd}</b>, holdout ${ev.calibrationEnd} (exclusive) to <b>${ev.observationEnd}</b> (${ev.holdoutDays} days, ${ev.periodEnds.length} periods of ${ev.periodDays} days). ` +
      `${ev.report.customers} customers scored (first purchase by the calibration end); models fitted in ${ev.timeUnit} on the calibration period only. ` +
      `Purchases are distinct purchase days; value is net revenue × margin ${ev.margin}, discounted at ${(100 * ev.discountRate).toFixed(1)}% a year (each period at its end), forecasts and actuals alike.</p>`,
  );
  s.push(`<h2>Holdout comparison</h2>`, ev.table.html);
  s.push(
    `<p class="note">Bold: best in column within target. MAPE&gt;0: over customers with a non-zero actual (n&gt;0 of them). Tracking: MAPE of per-period totals. Aggregate: signed percent error of the holdout total (its absolute value is ARPE for value). ` +
      `Brier and AUC: P(X &gt; 0), "buys again"; log score and RPS: the predicted count distribution (BTYD: conditional on each customer's history; baselines: Poisson). – where a model gives no such prediction.</p>`,
  );
  const st = ev.models.find((m) => m.coverage95 !== undefined);
  if (st) s.push(`<p>Stacked predictor 95% intervals of holdout value cover ${(100 * st.coverage95!).toFixed(1)}% of customers.</p>`);
  if (cv) {
    s.push(`<h2>Expanding-window cross-validation (${cv.folds.length} folds)</h2>`);
    s.push(`<p>${cv.folds.map((f) => `fold ${f.fold}: calibration to ${f.calibrationEnd}, holdout to ${f.observationEnd} (${f.customers} customers)`).join("; ")}.</p>`);
    s.push(cv.summaryTable.html, `<p class="note">Means over folds; CV = coefficient of variation across folds (sd / |mean|; of |bias| and |aggregate error|), lower is more stable.</p>`);
    s.push(`<details><summary>Per-fold metrics</summary>${cv.foldTable.html}</details>`);
  }
  s.push(`<h2>Tracking</h2>`, `<figure>${plotHoldoutTracking(ev, { kind: "cumulative" })}</figure>`, `<figure>${plotHoldoutTracking(ev, { kind: "incremental" })}</figure>`);
  s.push(`<h2>Holdout vs calibration frequency</h2>`, `<figure>${plotFrequencyHoldout(ev)}</figure>`);
  s.push(
    `<h2>Error by cohort and segment</h2>`,
    `<figure>${plotErrorByGroup(ev, { by: "cohort", target: "purchases" })}</figure>`,
    `<figure>${plotErrorByGroup(ev, { by: "segment", target: "purchases" })}</figure>`,
    `<figure>${plotErrorByGroup(ev, { by: "segment", target: "value" })}</figure>`,
  );
  s.push(
    `<h2>Rows</h2><p>${ev.report.calibrationRows} calibration rows fitted; ${ev.report.holdoutRowsScored} holdout rows scored; ${ev.report.rowsOfNewCustomers} holdout rows of customers first seen after calibration (not scored); ${ev.report.rowsAfterObservationEnd} rows after the observation end (not used).</p>`,
  );
  const warnings = [...ev.warnings, ...(cv ? cv.folds.flatMap((f) => f.warnings.map((w) => `fold ${f.fold}: ${w}`)) : [])];
  if (warnings.length) s.push(`<h2>Warnings</h2><ul class="warn">${warnings.map((w) => `<li>${esc(w)}</li>`).join("")}</ul>`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head><body>${s.join("\n")}</body></html>\n`;
}
