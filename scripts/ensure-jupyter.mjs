// Makes sure Debian's Jupyter (nbconvert + nbclient + jupyter-client) is available to /usr/bin/python3.
// Installs it with apt when running as root; otherwise stops with the exact command to run. Never skips.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const PYTHON = "/usr/bin/python3";
const PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-client"];

function haveJupyter() {
  if (!existsSync(PYTHON)) return false;
  const r = spawnSync(PYTHON, ["-c", "import nbclient, nbconvert, nbformat, jupyter_client"], { stdio: "ignore" });
  return r.status === 0;
}

export function ensureJupyter() {
  if (haveJupyter()) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (isRoot && hasApt) {
    console.error(`notebooks: Jupyter is missing; installing Debian packages: ${PACKAGES.join(" ")}`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const up = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const inst = up.status === 0 && spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...PACKAGES], { stdio: "inherit", env });
    if (inst && inst.status === 0 && haveJupyter()) return;
  }
  console.error(
    [
      "notebooks: cannot execute notebooks: Jupyter's nbconvert/nbclient are not available to /usr/bin/python3.",
      "Install them (Debian/Ubuntu) and run the tests again:",
      `  sudo apt-get update && sudo apt-get install -y ${PACKAGES.join(" ")}`,
    ].join("\n"),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureJupyter();
