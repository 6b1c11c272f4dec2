"""The README tells the truth about the repository: its links, its layout, its settings."""

from __future__ import annotations

import re
from pathlib import Path

from clew.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
PACKAGE = ROOT / "src" / "clew"


def _section(heading: str) -> str:
    start = README.index(f"\n## {heading}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def _layout() -> list[str]:
    """The names listed in the layout block (``src/clew/`` then one indented entry a line)."""
    block = re.search(r"```\nsrc/clew/\n(.*?)```", _section("How it is built"), re.S)
    assert block, "the layout section has no src/clew/ block"
    return [line.split()[0] for line in block.group(1).splitlines() if line.strip()]


def test_links_stay_inside_the_repository() -> None:
    targets = re.findall(r"\]\(([^)\s]+)\)", README)
    local = [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:", t) and t[0] != "#"]
    assert local
    for target in local:
        path = (ROOT / target).resolve()
        assert path.is_relative_to(ROOT), f"the README links outside the repository: {target}"
        assert path.exists(), f"the README links to a missing file: {target}"
    # Nor in code spans: no path that climbs out of the repository or names the machine's.
    assert not re.findall(r"(?<!\.)\.\./|/work/|/home/", README)


def test_the_layout_names_every_package_and_nothing_else() -> None:
    listed = _layout()
    packages = sorted(p.parent.name + "/" for p in PACKAGE.glob("*/__init__.py"))
    missing = [p for p in packages if p not in listed]
    assert not missing, f"the README's layout omits {missing}"
    absent = [entry for entry in listed if not (PACKAGE / entry).exists()]
    assert not absent, f"the README's layout lists what does not exist: {absent}"


def test_every_setting_is_in_the_configuration_table() -> None:
    table = _section("Configuration")
    missing = [
        f"CLEW_{name.upper()}"
        for name in Settings.model_fields
        if f"`CLEW_{name.upper()}`" not in table
    ]
    assert not missing, f"the configuration table misses {missing}"
