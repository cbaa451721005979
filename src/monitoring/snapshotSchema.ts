import { MODEL_IDS } from "../models/modelIds.js";
// JSON Schema (draft 2020-12 subset) of the monitoring snapshot, and a small validator for exactly that subset
// (type, enum, const, required, properties, additionalProperties, items, minimum, maximum): no JSON Schema package
// is a dependency, and the snapshot needs only these keywords.

/** The JSON Schema keywords the snapshot schema uses. */
export type JsonSchema = {
  type?: string | string[];
  enum?: readonly unknown[];
  const?: unknown;
  required?: readonly string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  description?: string;
  $schema?: string;
  $id?: string;
  title?: string;
};

const num: JsonSchema = { type: "number" };
const nnum: JsonSchema = { type: ["number", "null"] };
const str: JsonSchema = { type: "string" };
const date: JsonSchema = { type: "string", description: "ISO date YYYY-MM-DD" };
const severity: JsonSchema = { enum: ["none", "moderate", "major"] };
const numbers: JsonSchema = { type: "array", items: num };
const count: JsonSchema = { type: "integer", minimum: 0 };
const nonNegative: JsonSchema = { type: "number", minimum: 0 };
const share: JsonSchema = { type: "number", minimum: 0, maximum: 1 };
const shares: JsonSchema = { type: "array", items: share };
const pair: JsonSchema = { type: "object", required: ["moderate", "major"], properties: { moderate: nonNegative, major: nonNegative }, additionalProperties: false };

/** The monitoring snapshot's JSON Schema (version 1). Documented in docs/monitoring.md. */
export const MONITORING_SNAPSHOT_SCHEMA: Readonly<JsonSchema> = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://clvlab.dev/schemas/monitoring-snapshot-1.json",
  title: "clvlab monitoring snapshot",
  type: "object",
  required: ["schema", "schemaVersion", "createdAt", "model", "timeUnit", "reference", "current", "thresholds", "features", "tracking", "alerts", "notes", "status"],
  additionalProperties: false,
  properties: {
    schema: { const: "clvlab.monitoring-snapshot" },
    schemaVersion: { const: 1 },
    createdAt: str,
    model: {
      type: "object",
      required: ["id", "kind", "purchaseModel", "trainingStart", "trainingEnd", "parent"],
      additionalProperties: false,
      properties: { id: str, kind: str, purchaseModel: { enum: [MODEL_IDS.bgNbd, MODEL_IDS.paretoNbd, MODEL_IDS.mbgNbd] }, trainingStart: date, trainingEnd: date, parent: { type: ["string", "null"] } },
    },
    timeUnit: { enum: ["days", "weeks", "months"] },
    reference: { type: "object", required: ["end", "customers"], additionalProperties: false, properties: { end: date, customers: count } },
    current: { type: "object", required: ["end", "customers", "newCustomers"], additionalProperties: false, properties: { end: date, customers: count, newCustomers: count } },
    thresholds: {
      type: "object",
      required: ["psi", "jensenShannon", "wasserstein", "cramersV", "pValue", "trackingRun"],
      additionalProperties: false,
      properties: { psi: pair, jensenShannon: pair, wasserstein: pair, cramersV: pair, pValue: { type: "number", minimum: 0, maximum: 1 }, trackingRun: pair },
    },
    features: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "group", "alerting", "kind", "binning", "edges", "labels", "referenceProportions", "currentProportions", "referenceCount", "currentCount", "referenceNonFinite", "currentNonFinite", "referenceMean", "currentMean", "statistics", "status", "reasons"],
        additionalProperties: false,
        properties: {
          name: str,
          group: { enum: ["input", "prediction"] },
          alerting: { type: "boolean" },
          kind: { enum: ["numeric", "categorical"] },
          binning: { enum: ["quantile", "values", "edges", "categories"] },
          edges: numbers,
          labels: { type: "array", items: str },
          referenceProportions: shares,
          currentProportions: shares,
          referenceCount: count,
          currentCount: count,
          referenceNonFinite: count,
          currentNonFinite: count,
          referenceMean: nnum,
          currentMean: nnum,
          statistics: {
            type: "object",
            required: ["psi", "jensenShannon", "ksStatistic", "ksPValue", "wassersteinNormalized", "chiSquare", "chiSquarePValue", "cramersV"],
            additionalProperties: false,
            properties: { psi: nonNegative, jensenShannon: { type: "number", minimum: 0, maximum: 1 }, ksStatistic: nnum, ksPValue: nnum, wassersteinNormalized: nnum, chiSquare: nnum, chiSquarePValue: nnum, cramersV: nnum },
          },
          status: severity,
          reasons: { type: "array", items: str },
        },
      },
    },
    tracking: {
      type: "object",
      required: ["period", "periodDays", "band", "level", "referenceEnd", "currentEnd", "customers", "periods", "trackingError", "cumulativeBias", "cumulativeActual", "cumulativeExpected", "cumulativeLower", "cumulativeUpper", "cumulativeOutside", "consecutiveOutside", "maxConsecutiveOutside", "status", "reasons"],
      additionalProperties: false,
      properties: {
        period: { enum: ["week", "month"] },
        periodDays: num,
        band: { enum: ["poisson", "bootstrap"] },
        level: { type: "number", minimum: 0, maximum: 1 },
        referenceEnd: date,
        currentEnd: date,
        customers: count,
        periods: {
          type: "array",
          items: {
            type: "object",
            required: ["index", "start", "end", "expectedPurchases", "actualPurchases", "lowerPurchases", "upperPurchases", "expectedRevenue", "actualRevenue", "lowerRevenue", "upperRevenue", "trackingError", "outside"],
            additionalProperties: false,
            properties: {
              index: { type: "integer", minimum: 1 },
              start: date,
              end: date,
              expectedPurchases: nonNegative,
              actualPurchases: count,
              lowerPurchases: nonNegative,
              upperPurchases: nonNegative,
              expectedRevenue: num,
              actualRevenue: num,
              lowerRevenue: num,
              upperRevenue: num,
              trackingError: num,
              outside: { type: "boolean" },
            },
          },
        },
        trackingError: nonNegative,
        cumulativeBias: num,
        cumulativeActual: count,
        cumulativeExpected: nonNegative,
        cumulativeLower: nonNegative,
        cumulativeUpper: nonNegative,
        cumulativeOutside: { type: "boolean" },
        consecutiveOutside: count,
        maxConsecutiveOutside: count,
        status: severity,
        reasons: { type: "array", items: str },
      },
    },
    segmentShares: {
      type: "object",
      description: "stacked segmentation pipelines only: customers per most probable segment, reference vs current (statistics in the segment_share feature)",
      required: ["k", "referenceSource", "segments"],
      additionalProperties: false,
      properties: {
        k: { type: "integer", minimum: 1 },
        referenceSource: { enum: ["training", "reference-end"] },
        segments: {
          type: "array",
          items: {
            type: "object",
            required: ["segment", "label", "referenceShare", "currentShare", "referenceCount", "currentCount", "referenceSoftShare", "currentSoftShare"],
            additionalProperties: false,
            properties: { segment: count, label: str, referenceShare: share, currentShare: share, referenceCount: count, currentCount: count, referenceSoftShare: share, currentSoftShare: share },
          },
        },
      },
    },
    alerts: {
      type: "array",
      items: { type: "object", required: ["source", "name", "severity", "reason"], additionalProperties: false, properties: { source: { enum: ["feature", "prediction", "tracking"] }, name: str, severity: { enum: ["moderate", "major"] }, reason: str } },
    },
    notes: { type: "array", items: str },
    status: severity,
  },
};

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function check(v: unknown, s: JsonSchema, path: string, errors: string[]): void {
  if (s.const !== undefined && v !== s.const) errors.push(`${path}: expected ${JSON.stringify(s.const)}, got ${JSON.stringify(v)}`);
  if (s.enum && !s.enum.includes(v)) errors.push(`${path}: ${JSON.stringify(v)} is not one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  if (s.type) {
    const t = typeOf(v);
    const allowed = Array.isArray(s.type) ? s.type : [s.type];
    const ok = allowed.includes(t) || (t === "integer" && allowed.includes("number"));
    if (!ok) {
      errors.push(`${path}: expected ${allowed.join(" or ")}, got ${t}`);
      return;
    }
  }
  if (typeof v === "number") {
    if (!Number.isFinite(v)) errors.push(`${path}: ${v} is not finite`);
    if (s.minimum !== undefined && v < s.minimum) errors.push(`${path}: ${v} is below the minimum ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) errors.push(`${path}: ${v} is above the maximum ${s.maximum}`);
  }
  if (Array.isArray(v) && s.items) v.forEach((x, i) => check(x, s.items!, `${path}[${i}]`, errors));
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) errors.push(`${path}: missing required property "${r}"`);
    for (const [k, x] of Object.entries(o)) {
      const sub = s.properties?.[k];
      if (sub) check(x, sub, `${path}.${k}`, errors);
      else if (s.additionalProperties === false) errors.push(`${path}: unexpected property "${k}"`);
      else if (typeof s.additionalProperties === "object") check(x, s.additionalProperties, `${path}.${k}`, errors);
    }
  }
}

/**
 * Validates a parsed monitoring snapshot against {@link MONITORING_SNAPSHOT_SCHEMA}; returns the list of problems
 * (empty when valid), each naming the JSON path, what was expected and what was found.
 * @see https://json-schema.org/draft/2020-12/json-schema-validation (the keywords used)
 * @example validateMonitoringSnapshot(JSON.parse(readFileSync("monitor/snapshot.json", "utf8"))) // []
 */
export function validateMonitoringSnapshot(doc: unknown): string[] {
  const errors: string[] = [];
  check(doc, MONITORING_SNAPSHOT_SCHEMA, "$", errors);
  return errors;
}
