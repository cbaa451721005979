// Every SQL difference between the engines clvlab targets lives in this one table; the query builders use nothing
// dialect-specific outside it.

/** SQL dialects clvlab can write its queries in. */
export type SqlDialect = "duckdb" | "clickhouse" | "postgres" | "spark" | "bigquery" | "snowflake";

export const SQL_DIALECTS: readonly SqlDialect[] = ["duckdb", "clickhouse", "postgres", "spark", "bigquery", "snowflake"];

/** The few places where the dialects differ. Arguments are SQL expressions. */
export interface DialectRules {
  /** Days from 1970-01-01 to the calendar date of `date` (a DATE, a date string or a naive timestamp: its wall-clock date). */
  dayNumber(date: string): string;
  /** Integer division of non-negative integers, rounding down. */
  intDiv(a: string, b: string): string;
  /** A stable 64-bit hash of a text value, for deterministic customer samples and shard keys. */
  hash(text: string): string;
  /** Non-negative remainder of a hash by `m`. */
  hashMod(text: string, m: number): string;
  /** The value of `value` on the row where `key` is smallest (ties: any, since the keys here are unique). */
  argMin(value: string, key: string): string;
  /** Calendar year and month (1-12) of a DATE. */
  year(date: string): string;
  month(date: string): string;
  /** Second smallest value of a group (NULL, or -2147483648 in ClickHouse, when the group has one row). */
  secondSmallest(col: string): string;
  /** Text type for casts. */
  text: string;
  /** 64-bit integer type. */
  bigint: string;
  /** 64-bit float type. */
  double: string;
  /** Keyword for an inner join (ClickHouse 18 wants an explicit strictness). */
  innerJoin: string;
}

const std = { text: "VARCHAR", bigint: "BIGINT", double: "DOUBLE", innerJoin: "JOIN" };

/** The dialect table. */
export const DIALECTS: Readonly<Record<SqlDialect, DialectRules>> = {
  duckdb: {
    ...std,
    dayNumber: (d) => `date_diff('day', DATE '1970-01-01', CAST(${d} AS DATE))`,
    intDiv: (a, b) => `((${a}) // (${b}))`,
    hash: (t) => `hash(${t})`,
    hashMod: (t, m) => `(hash(${t}) % ${m})`,
    argMin: (v, k) => `arg_min(${v}, ${k})`,
    year: (d) => `year(${d})`,
    month: (d) => `month(${d})`,
    secondSmallest: (c) => `list_sort(list(${c}))[2]`,
  },
  clickhouse: {
    text: "String",
    bigint: "Int64",
    double: "Float64",
    innerJoin: "ALL INNER JOIN",
    dayNumber: (d) => `toInt32(toDate(${d}))`,
    intDiv: (a, b) => `intDiv(${a}, ${b})`,
    hash: (t) => `cityHash64(${t})`,
    hashMod: (t, m) => `(cityHash64(${t}) % ${m})`,
    argMin: (v, k) => `argMin(${v}, ${k})`,
    year: (d) => `toYear(${d})`,
    month: (d) => `toMonth(${d})`,
    secondSmallest: (c) => `if(count() >= 2, arraySort(groupArray(${c}))[2], -2147483648)`, // no NULL into a non-Nullable column in ClickHouse 18
  },
  postgres: {
    ...std,
    double: "DOUBLE PRECISION",
    dayNumber: (d) => `(CAST(${d} AS DATE) - DATE '1970-01-01')`,
    intDiv: (a, b) => `((${a}) / (${b}))`,
    hash: (t) => `hashtextextended(${t}, 0)`,
    hashMod: (t, m) => `mod(abs(hashtextextended(${t}, 0)), ${m})`,
    argMin: (v, k) => `(array_agg(${v} ORDER BY ${k}))[1]`,
    year: (d) => `CAST(EXTRACT(YEAR FROM ${d}) AS INTEGER)`,
    month: (d) => `CAST(EXTRACT(MONTH FROM ${d}) AS INTEGER)`,
    secondSmallest: (c) => `(array_agg(${c} ORDER BY ${c}))[2]`,
  },
  spark: {
    ...std,
    text: "STRING",
    dayNumber: (d) => `datediff(CAST(${d} AS DATE), DATE '1970-01-01')`,
    intDiv: (a, b) => `((${a}) DIV (${b}))`,
    hash: (t) => `xxhash64(${t})`,
    hashMod: (t, m) => `pmod(xxhash64(${t}), ${m})`,
    argMin: (v, k) => `min_by(${v}, ${k})`,
    year: (d) => `year(${d})`,
    month: (d) => `month(${d})`,
    secondSmallest: (c) => `try_element_at(sort_array(collect_list(${c})), 2)`,
  },
  bigquery: {
    ...std,
    text: "STRING",
    bigint: "INT64",
    double: "FLOAT64",
    dayNumber: (d) => `DATE_DIFF(CAST(${d} AS DATE), DATE '1970-01-01', DAY)`,
    intDiv: (a, b) => `DIV(${a}, ${b})`,
    hash: (t) => `FARM_FINGERPRINT(${t})`,
    hashMod: (t, m) => `MOD(ABS(FARM_FINGERPRINT(${t})), ${m})`,
    argMin: (v, k) => `ARRAY_AGG(${v} ORDER BY ${k} LIMIT 1)[OFFSET(0)]`,
    year: (d) => `EXTRACT(YEAR FROM ${d})`,
    month: (d) => `EXTRACT(MONTH FROM ${d})`,
    secondSmallest: (c) => `ARRAY_AGG(${c} ORDER BY ${c} LIMIT 2)[SAFE_OFFSET(1)]`,
  },
  snowflake: {
    ...std,
    dayNumber: (d) => `DATEDIFF(day, DATE '1970-01-01', CAST(${d} AS DATE))`,
    intDiv: (a, b) => `FLOOR((${a}) / (${b}))`,
    hash: (t) => `HASH(${t})`,
    hashMod: (t, m) => `MOD(ABS(HASH(${t})), ${m})`,
    argMin: (v, k) => `MIN_BY(${v}, ${k})`,
    year: (d) => `YEAR(${d})`,
    month: (d) => `MONTH(${d})`,
    secondSmallest: (c) => `GET(ARRAY_AGG(${c}) WITHIN GROUP (ORDER BY ${c}), 1)`,
  },
};

/** Validates a dialect name. */
export function parseDialect(value: string): SqlDialect {
  if ((SQL_DIALECTS as readonly string[]).includes(value)) return value as SqlDialect;
  throw new Error(`invalid dialect "${value}": use ${SQL_DIALECTS.join(", ")}`);
}
