// Customer summaries, RFM, period panel and cohorts. One export line per public function.
export type { CustomerSummary } from "./types.js";
