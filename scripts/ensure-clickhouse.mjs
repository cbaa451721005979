// Makes sure Debian's ClickHouse (clickhouse-server + clickhouse-client) is installed, for the engine tests that
// start a two-shard cluster on loopback. Installs it with apt when running as root; otherwise stops with the exact
// command to run. Never skips.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const PACKAGES = ["clickhouse-server", "clickhouse-client"];
const CANDIDATES = ["/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server", "/usr/bin/clickhouse"];

/** Path of the server binary, or undefined when ClickHouse is not installed. */
export function clickhouseServerBinary() {
  return CANDIDATES.find((p) => existsSync(p));
}

/** Installs ClickHouse from Debian's packages when missing (root only); returns the server binary or throws with the command to run. */
export function ensureClickhouse() {
  const have = clickhouseServerBinary();
  if (have) return have;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    console.error(`engines: ClickHouse is missing; installing Debian packages: ${PACKAGES.join(" ")}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    let inst = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...PACKAGES], { stdio: "inherit", env });
    if (inst.status !== 0) {
      const up = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
      if (up.status === 0) inst = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...PACKAGES], { stdio: "inherit", env });
    }
    const now = clickhouseServerBinary();
    if (inst.status === 0 && now) return now;
  }
  throw new Error(
    [
      "engines: ClickHouse is not installed and could not be installed here.",
      "Install it (Debian/Ubuntu) and run the tests again:",
      `  sudo apt-get update && sudo apt-get install -y ${PACKAGES.join(" ")}`,
    ].join("\n"),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureClickhouse());
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
