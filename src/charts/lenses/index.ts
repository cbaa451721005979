// Chart builders of the Five Lenses report (each returns an SVG/figure HTML string rendered by renderPlot).
export { lorenzChart } from "./lorenzChart.js";
export { decilesChart } from "./decilesChart.js";
export { migrationChart } from "./migrationChart.js";
export { retentionCurvesChart } from "./retentionCurvesChart.js";
export { c3Chart } from "./c3Chart.js";
export { cohortHeatmapChart } from "./cohortHeatmapChart.js";
export { healthFactorsChart } from "./healthFactorsChart.js";
