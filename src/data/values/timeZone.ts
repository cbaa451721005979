// Time-zone arithmetic for the loaders: UTC offsets of an IANA zone through Intl.DateTimeFormat, cached per
// 15-minute bucket (every real offset transition falls on a quarter hour) so million-row loads call Intl rarely.

const MS_PER_DAY = 86_400_000;
const BUCKET_MS = 900_000;

/** Offsets (minutes east of UTC) of one IANA zone at given instants. */
export class ZoneOffsets {
  readonly zone: string;
  readonly isUtc: boolean;
  private readonly fmt: Intl.DateTimeFormat | undefined;
  private readonly cache = new Map<number, number>();

  constructor(zone: string) {
    this.zone = zone;
    this.isUtc = zone === "UTC" || zone === "Etc/UTC" || zone === "GMT" || zone === "Etc/GMT" || zone === "Z";
    if (this.isUtc) return;
    try {
      this.fmt = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new Error(`invalid time zone ${JSON.stringify(zone)}: use an IANA name such as "UTC" or "America/Chicago"`);
    }
  }

  /** Minutes east of UTC at the instant `utcMs`. */
  offsetAt(utcMs: number): number {
    if (this.isUtc) return 0;
    const bucket = Math.floor(utcMs / BUCKET_MS);
    const hit = this.cache.get(bucket);
    if (hit !== undefined) return hit;
    const parts = this.fmt!.formatToParts(new Date(bucket * BUCKET_MS));
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    for (const p of parts) {
      if (p.type === "year") y = Number(p.value);
      else if (p.type === "month") mo = Number(p.value);
      else if (p.type === "day") d = Number(p.value);
      else if (p.type === "hour") h = Number(p.value);
      else if (p.type === "minute") mi = Number(p.value);
      else if (p.type === "second") s = Number(p.value);
    }
    const localAsUtc = daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000;
    const off = Math.round((localAsUtc - bucket * BUCKET_MS) / 60_000);
    this.cache.set(bucket, off);
    return off;
  }

  /** The instant of a naive local wall time given as if it were UTC (ms). In a DST gap the later offset applies. */
  localToUtc(localMs: number): number {
    if (this.isUtc) return localMs;
    const o1 = this.offsetAt(localMs);
    const u = localMs - o1 * 60_000;
    const o2 = this.offsetAt(u);
    return o2 === o1 ? u : localMs - o2 * 60_000;
  }

  /** The local calendar day (days since 1970-01-01) of the instant `utcMs`. */
  dayOf(utcMs: number): number {
    return Math.floor((utcMs + this.offsetAt(utcMs) * 60_000) / MS_PER_DAY);
  }
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days in month `m` (1-12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
