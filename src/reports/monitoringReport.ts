import { plotFeatureDrift } from "../charts/monitoring/plotFeatureDrift.js";
import { plotPsiByFeature } from "../charts/monitoring/plotPsiByFeature.js";
import { plotSegmentShares } from "../charts/monitoring/plotSegmentShares.js";
import { plotTrackingBand } from "../charts/monitoring/plotTrackingBand.js";
import type { MonitoringSnapshot } from "../monitoring/monitorModel.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (v: number | null, d = 3) => (v === null ? "–" : Math.abs(v) > 0 && Math.abs(v) < 10 ** -d ? v.toExponential(1) : v.toFixed(d));
const COLOR = { none: "#54a24b", moderate: "#f58518", major: "#e45756" } as const;

/** What a reviewer should do at each status (also in docs/monitoring.md). */
export const REVIEW_ACTIONS: Readonly<Record<"none" | "moderate" | "major", string>> = {
  none: "No action: the inputs and predictions look like the reference and repeat purchases track the forecast. Let the scheduled warm update run.",
  moderate: "Review: read the alerts, look at the feature charts (which bins moved) and the tracking chart; check for data problems (a missing file, a changed feed) before trusting a warm update. Re-run next period; two moderate runs in a row call for a full refit.",
  major: "Act: the model no longer describes the customers. Find the cause (a promotion, a price change, a new market, broken data), then refit fully (`clvlab update --policy full`) and compare the new parameters with the old before using its CLVs.",
};

/**
 * A self-contained HTML monitoring report (inline SVG, no scripts or external files): overall status and what to do,
 * the alerts, the table of every statistic per feature, PSI by feature, for a stacked pipeline its segment shares
 * (reference vs current), realized vs predicted repeat purchases and revenue with their band, and reference vs current
 * distributions of every feature.
 * @see docs/monitoring.md
 * @example writeFileAtomic("monitor/report.html", monitoringReport(snapshot))
 */
export function monitoringReport(s: MonitoringSnapshot): string {
  const t = s.tracking;
  const rows = s.features
    .map(
      (f) =>
        `<tr><td>${esc(f.name)}</td><td>${f.group}${f.alerting ? "" : " (mix)"}</td><td>${fmt(f.statistics.psi)}</td><td>${fmt(f.statistics.jensenShannon)}</td><td>${fmt(f.statistics.ksStatistic)}</td><td>${fmt(f.statistics.ksPValue)}</td><td>${fmt(f.statistics.wassersteinNormalized)}</td><td>${fmt(f.statistics.cramersV)}</td><td>${fmt(f.statistics.chiSquarePValue)}</td><td>${f.referenceMean === null ? "–" : `${fmt(f.referenceMean)} → ${fmt(f.currentMean)}`}</td><td style="color:${f.alerting ? COLOR[f.status] : "#888"};font-weight:600">${f.status}${f.alerting ? "" : " (not alerted)"}</td></tr>`,
    )
    .join("\n");
  const alerts = s.alerts.length ? `<ul>${s.alerts.map((a) => `<li><b style="color:${COLOR[a.severity]}">${a.severity}</b> ${a.source} <code>${esc(a.name)}</code>: ${esc(a.reason)}</li>`).join("")}</ul>` : "<p>No alerts.</p>";
  const notes = s.notes.length ? `<h3>Mix features (reported, not alerted)</h3><ul>${s.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
  const trackRows = t.periods.map((p) => `<tr${p.outside ? ' style="color:#e45756"' : ""}><td>${p.start} – ${p.end}</td><td>${p.actualPurchases}</td><td>${p.expectedPurchases.toFixed(1)}</td><td>${p.lowerPurchases} – ${p.upperPurchases}</td><td>${(p.trackingError * 100).toFixed(1)}%</td><td>${p.actualRevenue.toFixed(0)}</td><td>${p.expectedRevenue.toFixed(0)}</td></tr>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CLV model monitoring ${esc(s.current.end)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.status{display:inline-block;padding:4px 12px;border-radius:4px;color:#fff;font-weight:700}.grid{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}</style></head><body>
<h1>CLV model monitoring</h1>
<p>Model <code>${esc(s.model.id)}</code> (${s.model.kind === "clv-pipeline" ? `stacked segmentation pipeline on ${s.model.purchaseModel}` : s.model.purchaseModel}, trained ${s.model.trainingStart} – ${s.model.trainingEnd}${s.model.parent ? `, parent ${esc(s.model.parent)}` : ""}); times in ${s.timeUnit}.
Reference: customers at ${s.reference.end} (${s.reference.customers}); current: customers at ${s.current.end} (${s.current.customers}, of whom ${s.current.newCustomers} new).</p>
<p><span class="status" style="background:${COLOR[s.status]}">${s.status.toUpperCase()}</span> exit code ${s.status === "none" ? 0 : s.status === "moderate" ? 1 : 2}</p>
<p><b>What to do.</b> ${esc(REVIEW_ACTIONS[s.status])}</p>
<h2>Alerts</h2>${alerts}${notes}
<h2>Drift by feature</h2>
<p>Alerts use effect sizes (PSI ≥ ${s.thresholds.psi.moderate} / ${s.thresholds.psi.major}, Jensen–Shannon ≥ ${s.thresholds.jensenShannon.moderate} / ${s.thresholds.jensenShannon.major}, Wasserstein/sd ≥ ${s.thresholds.wasserstein.moderate} / ${s.thresholds.wasserstein.major}, Cramér's V ≥ ${s.thresholds.cramersV.moderate} / ${s.thresholds.cramersV.major}); p-values are shown but ${s.thresholds.pValue > 0 ? `alert below ${s.thresholds.pValue}` : "do not alert (at large n every trivial shift is significant)"}.</p>
<table><thead><tr><th>feature</th><th>group</th><th>PSI</th><th>JS</th><th>KS D</th><th>KS p</th><th>W/sd</th><th>V</th><th>χ² p</th><th>mean ref → cur</th><th>status</th></tr></thead><tbody>
${rows}
</tbody></table>
<figure>${plotPsiByFeature(s.features, s.thresholds.psi)}</figure>
${segmentSection(s)}
<h2>Realized vs predicted</h2>
<p>${t.customers} customers known at ${t.referenceEnd}; ${t.periods.length} whole ${t.period}s to ${t.currentEnd}. Tracking error ${(t.trackingError * 100).toFixed(1)}%, cumulative ${t.cumulativeActual} vs ${t.cumulativeExpected.toFixed(0)} expected (${(t.cumulativeBias * 100).toFixed(1)}%, band ${t.cumulativeLower}–${t.cumulativeUpper}${t.cumulativeOutside ? ", outside" : ""}), ${t.consecutiveOutside} ${t.period}(s) in a row outside the band (longest run ${t.maxConsecutiveOutside}); status <b style="color:${COLOR[t.status]}">${t.status}</b>.</p>
${t.periods.length ? `<figure>${plotTrackingBand(t)}</figure><figure>${plotTrackingBand(t, { measure: "revenue" })}</figure>` : "<p>No whole period since the reference end yet.</p>"}
<details><summary>Tracking table</summary><table><thead><tr><th>period</th><th>actual</th><th>expected</th><th>band</th><th>error</th><th>revenue</th><th>expected revenue</th></tr></thead><tbody>${trackRows}</tbody></table></details>
<h2>Reference vs current distributions</h2>
<div class="grid">${s.features.map((f) => `<figure>${plotFeatureDrift(f)}</figure>`).join("\n")}</div>
<p style="color:#666">Snapshot schema clvlab.monitoring-snapshot v${s.schemaVersion}, created ${s.createdAt}.</p>
</body></html>
`;
}

/** The segment-share section of a stacked pipeline's report (empty for a BTYD bundle). */
function segmentSection(s: MonitoringSnapshot): string {
  const seg = s.segmentShares;
  if (!seg) return "";
  const f = s.features.find((x) => x.name === "segment_share");
  const st = f?.statistics;
  const rows = seg.segments.map((x) => `<tr><td>${x.segment}: ${esc(x.label)}</td><td>${x.referenceCount}</td><td>${(x.referenceShare * 100).toFixed(1)}%</td><td>${x.currentCount}</td><td>${(x.currentShare * 100).toFixed(1)}%</td><td>${(x.referenceSoftShare * 100).toFixed(1)}% → ${(x.currentSoftShare * 100).toFixed(1)}%</td></tr>`).join("\n");
  return `<h2>Segment shares</h2>
<p>Customers per most probable segment of the ${seg.k}-segment mixture: ${seg.referenceSource === "training" ? "the shares stored at training" : `recomputed at ${esc(s.reference.end)}`} vs ${esc(s.current.end)}.${st ? ` Chi-square ${fmt(st.chiSquare, 2)} (p ${fmt(st.chiSquarePValue)}, reported), PSI ${fmt(st.psi)}, Cramér's V ${fmt(st.cramersV)}: <b style="color:${COLOR[f!.status]}">${f!.status}</b>.` : ""}</p>
<figure>${plotSegmentShares(seg, { ...(st ? { psi: st.psi } : {}), ...(f ? { status: f.status } : {}) })}</figure>
<table><thead><tr><th>segment</th><th>reference customers</th><th>share</th><th>current customers</th><th>share</th><th>mean soft share</th></tr></thead><tbody>${rows}</tbody></table>`;
}
