"""Regenerate the generated pages of docs/ from data/senders.yaml, with the advisor itself.

    python scripts/gen_docs.py            # rewrite docs/matrix.md and docs/countries.md
    python scripts/gen_docs.py --check    # exit 1, naming them, when they are out of date

Each page is the Markdown output of an ``advisor`` command run on the shipped
knowledge base, under a one-line comment saying how to regenerate it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "senders.yaml"
COMMAND = "python scripts/gen_docs.py"

#: page (relative to the docs directory) -> the advisor command that makes it.
PAGES = {
    "matrix.md": ("matrix", "--format", "markdown"),
    "countries.md": ("countries", "--format", "markdown"),
}


def header(args: tuple[str, ...]) -> str:
    return (
        f"<!-- Generated from data/senders.yaml by `advisor {' '.join(args)}`: "
        f"do not edit; regenerate with `{COMMAND}`. -->\n\n"
    )


def generate(data: Path = DATA) -> dict[str, str]:
    """Page name -> its text, each made by running the advisor on ``data``."""
    pages = {}
    for name, args in PAGES.items():
        done = subprocess.run(
            [sys.executable, "-m", "advisor", *args, "--data", str(data)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"advisor {' '.join(args)} failed: {done.stderr.strip()}")
        pages[name] = header(args) + done.stdout
    return pages


def stale(docs: Path, pages: dict[str, str]) -> list[str]:
    """The pages whose file in ``docs`` is missing or differs from the generated text."""
    return [
        name
        for name, text in pages.items()
        if not (docs / name).is_file() or (docs / name).read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date pages")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the docs directory")
    options = parser.parse_args(argv)
    pages = generate()
    if options.check:
        out_of_date = stale(options.docs, pages)
        for name in out_of_date:
            print(f"{options.docs / name} is out of date: run {COMMAND}", file=sys.stderr)
        return 1 if out_of_date else 0
    options.docs.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (options.docs / name).write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
