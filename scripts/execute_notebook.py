"""Execute one notebook in a fresh kernel and write its rendered HTML.

Usage: execute_notebook.py NOTEBOOK HTML_OUT [--kernel NAME] [--timeout SECONDS]
Exit 0 on success, 1 with the notebook, cell and error on the first failing cell.
"""
import argparse
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
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("html_out")
    ap.add_argument("--kernel", default="tslab")
    ap.add_argument("--timeout", type=int, default=900)
    args = ap.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=args.kernel,
        timeout=args.timeout,
        allow_errors=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(args.notebook))}},
    )
    failed = None
    try:
        client.execute()
    except CellExecutionError as err:
        failed = err
    if failed is not None:
        # Find the failing cell: the first code cell whose outputs hold an error.
        index, source = "?", ""
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                index, source = i + 1, cell.source
                break
        sys.stderr.write(
            f"notebook failed: {args.notebook}\n"
            f"cell {index}:\n{source}\n\nerror:\n{failed}\n"
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
