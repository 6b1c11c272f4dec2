"""Regenerate ``src/clew/cli/commands.json``, the table ``clew --help`` answers from.

Run as ``.venv/bin/python scripts/cli_commands.py`` after a command is added, renamed or its help
changed; ``tests/cli/test_lazy.py`` fails while the table is out of date.
"""

from __future__ import annotations

import sys

from clew.cli import MODULES, app
from clew.cli.lazy import TABLE, describe, render


def main() -> None:
    TABLE.write_text(render(describe(app, MODULES)), encoding="utf-8")
    sys.stdout.write(f"wrote {TABLE}\n")


if __name__ == "__main__":
    main()
