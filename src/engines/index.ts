export type { SqlDialect } from "./dialects.js";
export { SQL_DIALECTS, parseDialect } from "./dialects.js";
export type {
  EngineKind, EngineSourceOptions, HistogramOptions, CustomerHistogram, SpendData, CellTable, EngineScoreOptions, ScoreDestination,
  ScoreWriteReport, Engine,
} from "./types.js";
export { openMemoryEngine, MemoryEngine } from "./memoryEngine.js";
export type { DuckDbOptions } from "./duckdbEngine.js";
export { openDuckDb, DuckDbEngine } from "./duckdbEngine.js";
export { openClickHouse, ClickHouseEngine, parseClickHouseUrl } from "./clickhouseEngine.js";
export { openEngine, ENGINE_SUGGESTION } from "./openEngine.js";
export type { HistogramModelName, HistogramFit, SpendFit } from "./fitHistogram.js";
export { fitHistogram, fitSpend } from "./fitHistogram.js";
export type { CellModel, CellPredictionOptions } from "./cellPredictions.js";
export { cellPredictions, horizonColumn } from "./cellPredictions.js";
export type { SqlStep, GenerateSqlOptions } from "./generateSql.js";
export { generateSql } from "./generateSql.js";
export { engineHoldoutData } from "./engineHoldoutData.js";
export { engineMonitorData } from "./engineMonitorData.js";
