"""Execute one notebook in a fresh kernel and write its rendered HTML.

Usage: execute_notebook.py NOTEBOOK HTML_OUT [--kernel NAME] [--timeout SECONDS]
Exit 0 on success, 1 with the notebook, cell and error on the first failing cell.
A kernel that never becomes ready is replaced by a fresh one (up to START_ATTEMPTS kernels in all).
"""
import argparse
import atexit
import os
import sys
import tempfile

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter


def write_atomic(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".html")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o644)  # mkstemp creates 0600; rendered notebooks are for reviewers
    os.replace(tmp, path)


# tslab binds its five sockets concurrently: a kernel_info request that reaches the shell socket before the iopub
# socket is bound makes the reply fail ("Socket is blocked by a bind or unbind operation"), the shell loop ends and
# the kernel never answers. A fresh kernel does, so a start-up failure (no cell has run yet) is retried.
START_ATTEMPTS = 3


def execute(path, kernel, timeout):
    """Runs the notebook at `path`; returns (notebook, index of the last cell started, CellExecutionError or None)."""
    for attempt in range(1, START_ATTEMPTS + 1):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            kernel_name=kernel,
            timeout=timeout,
            allow_errors=False,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        )
        current = {"index": None}

        def on_cell_execute(cell, cell_index, **_):
            current["index"] = cell_index

        client.on_cell_execute = on_cell_execute
        try:
            client.execute()
            return nb, current["index"], None
        except CellExecutionError as err:
            return nb, current["index"], err
        except Exception as err:  # noqa: BLE001 - any failure to start the kernel
            if current["index"] is not None or attempt == START_ATTEMPTS:
                raise
            atexit.unregister(client._cleanup_kernel)  # nbclient has already stopped that kernel
            sys.stderr.write(f"kernel {kernel} did not start ({err}); starting a fresh one (attempt {attempt + 1} of {START_ATTEMPTS})\n")
    raise AssertionError("unreachable")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("html_out")
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("--timeout", type=int, default=900)
    args = ap.parse_args()

    nb, index, failed = execute(args.notebook, args.kernel, args.timeout)
    if failed is not None:
        cell = nb.cells[index] if index is not None else None
        # tslab reports compile and runtime errors on the stderr stream, with an empty error value.
        details = []
        for out in (cell.get("outputs", []) if cell is not None else []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                details.append(out.get("text", ""))
            elif out.get("output_type") == "error":
                details.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
                details.extend(out.get("traceback", []))
        sys.stderr.write(
            f"notebook failed: {args.notebook}\n"
            f"cell {index + 1 if index is not None else '?'} (of {len(nb.cells)}):\n"
            f"{cell.source if cell is not None else ''}\n\n"
            f"error:\n{''.join(details).strip() or failed}\n"
        )
        # Still render what ran, so the failure can be read in the report.
        html, _ = HTMLExporter().from_notebook_node(nb)
        write_atomic(args.html_out, html)
        return 1
    html, _ = HTMLExporter().from_notebook_node(nb)
    write_atomic(args.html_out, html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
