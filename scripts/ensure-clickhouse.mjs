// Makes sure Debian's ClickHouse (clickhouse-server + clickhouse-client) is installed, for the engine tests that
// start a two-shard cluster on loopback. Installs it with apt when running as root; otherwise stops with the exact
// command to run. Never skips.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

// A two-shard ClickHouse cluster on loopback, for the engine tests and the engine benchmark.
async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

function config(dir, http, tcp, inter, shards, name) {
  const replicas = shards.map(([h, p]) => `<shard><replica><host>${h}</host><port>${p}</port></replica></shard>`).join("");
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>error</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><size>10M</size><count>1</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${http}</http_port><tcp_port>${tcp}</tcp_port><interserver_http_port>${inter}</interserver_http_port>
  <path>${dir}/data/</path><tmp_path>${dir}/tmp/</tmp_path><user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile><default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size><uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <timezone>UTC</timezone>
  <remote_servers><${name}>${replicas}</${name}></remote_servers>
</yandex>`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage><max_threads>2</max_threads></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>`;

async function waitReady(port, proc, dir, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`clickhouse-server exited with ${proc.exitCode}; see ${dir}/error.log`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/?query=SELECT%201`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`clickhouse-server on port ${port} did not answer within ${ms} ms; see ${dir}/error.log`);
}

/**
 * Starts two servers on loopback forming a two-shard cluster named `name` (own temporary folders, free ports, a
 * `remote_servers` config naming both); `stop()` ends them by pid and removes the folders. Fails loudly when
 * ClickHouse cannot start.
 * @returns {Promise<{ httpPorts: [number, number], name: string, stop(): Promise<void> }>}
 */
export async function startClickhouseCluster(name = "clv2") {
  const bin = ensureClickhouse();
  const root = mkdtempSync(join(tmpdir(), "clvlab-clickhouse-"));
  const ports = await Promise.all(Array.from({ length: 6 }, freePort));
  const tcp = [ports[1], ports[4]];
  const shards = [["127.0.0.1", tcp[0]], ["127.0.0.1", tcp[1]]];
  const procs = [];
  const dirs = [];
  for (let k = 0; k < 2; k++) {
    const dir = join(root, `s${k}`);
    for (const sub of ["data", "tmp", "user_files", "format_schemas"]) mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, "users.xml"), USERS);
    writeFileSync(join(dir, "config.xml"), config(dir, ports[3 * k], ports[3 * k + 1], ports[3 * k + 2], shards, name));
    const p = spawn(bin, [`--config-file=${join(dir, "config.xml")}`], { stdio: "ignore", cwd: dir });
    procs.push(p);
    dirs.push(dir);
  }
  const stop = async () => {
    for (const p of procs) {
      if (p.exitCode !== null || p.pid === undefined) continue;
      const exited = new Promise((r) => p.once("exit", () => r()));
      process.kill(p.pid, "SIGTERM");
      // The data are temporary: a short grace, then SIGKILL, keeps the test fast.
      const t = setTimeout(() => p.pid !== undefined && p.exitCode === null && process.kill(p.pid, "SIGKILL"), 1000);
      await exited;
      clearTimeout(t);
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await Promise.all([waitReady(ports[0], procs[0], dirs[0], 20_000), waitReady(ports[3], procs[1], dirs[1], 20_000)]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { httpPorts: [ports[0], ports[3]], name, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureClickhouse());
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
