"""A command tree that loads a command's module only when that command runs.

``clew --help`` and ``clew <group> --help`` are answered from ``commands.json``, a table of every
group and command (its help text and the module that defines it), generated from the real tree.
Running a command imports its module (and with it the heavy libraries it needs: igraph,
WeasyPrint, SQLAlchemy...), then hands over to the real Typer command.

The table is generated, never hand-written: ``scripts/cli_commands.py`` rewrites it after a
command is added, renamed or documented differently, and ``tests/cli/test_lazy.py`` fails while
it is out of date. A command missing from a stale table still runs: an unknown name loads every
command module and looks again before saying there is no such command.

Edge cases: a group with options of its own (a Typer callback with parameters) cannot be
described by the table, so generating it refuses one; the root's options are its own (the root
is a ``LazyGroup``, built by Typer from ``app``).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Sequence
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from typing import Any

import typer
import typer.main
from typer import _click, core
from typer._click.exceptions import UsageError
from typer._click.parser import _split_opt
from typer._coercion import RuntimeParam

__all__ = ["TABLE", "LazyGroup", "describe", "load_all", "render"]

#: The generated table of the command tree, next to this module.
TABLE = Path(__file__).with_name("commands.json")

#: A node of the table: ``help``, ``short_help``, ``hidden``; a command has ``module``, a group
#: ``no_args_is_help`` and ``commands`` (name -> node, in the order the help lists them).
Node = dict[str, Any]


@cache
def _table() -> Node:
    node: Node = json.loads(TABLE.read_text(encoding="utf-8"))
    return node


def load_all(modules: Sequence[str]) -> None:
    """Import every command module: each registers its commands on the shared Typer apps."""
    for module in modules:
        importlib.import_module(module)


class _Listed(core.TyperCommand):
    """A command as the help lists it: its name and help, nothing loaded."""


class _Words(RuntimeParam):
    """Reads a root option as given (a flag or a word its callback checks), without building a
    Pydantic adapter: that alone costs a third of ``clew <group> --help``."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        return value


class LazyGroup(core.TyperGroup):
    """A group whose subcommands come from the table and load only when one is run.

    The root is ``typer.Typer(cls=LazyGroup)`` (``clew.cli.common.app``), so ``app()`` and
    Typer's test runner get the lazy tree too; ``path`` is a group's place under the root.
    """

    def __init__(self, *, path: tuple[str, ...] = (), **attrs: Any) -> None:
        super().__init__(**attrs)
        self.path = path

    def get_params(self, ctx: _click.Context) -> list[_click.Parameter]:
        """The group's options (the root's flags and words, and --help), read as given."""
        params = super().get_params(ctx)
        for param in params:
            if not isinstance(param, core._TyperParameter) or param._runtime_param is not None:
                continue
            descriptor = param.type_descriptor
            if descriptor.annotation in (bool, str):  # others keep Typer's own coercion
                param._runtime_param = _Words(
                    annotation=descriptor.annotation, parameter_info=descriptor.parameter_info
                )
        return params

    def _children(self) -> dict[str, Node]:
        node = _table()
        for part in self.path:
            node = node.get("commands", {}).get(part, {})
        children: dict[str, Node] = node.get("commands", {})
        return children

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self._children())

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        node = self._children().get(cmd_name)
        if node is None:
            return None
        if "commands" in node:
            return LazyGroup(
                path=(*self.path, cmd_name), name=cmd_name, help=node.get("help"),
                short_help=node.get("short_help"), hidden=node.get("hidden", False),
                no_args_is_help=node.get("no_args_is_help", True),
                rich_markup_mode=self.rich_markup_mode,
            )  # fmt: skip
        return _Listed(
            name=cmd_name, help=node.get("help"), short_help=node.get("short_help"),
            hidden=node.get("hidden", False), rich_markup_mode=self.rich_markup_mode,
        )  # fmt: skip

    def _real_command(self, name: str) -> Any:
        """The real Click command ``name`` under this group (its module imported), or None."""
        from clew.cli.common import app

        command: Any = typer.main.get_group(app)  # the root's ``commands``: what is registered
        for part in (*self.path, name):
            commands = getattr(command, "commands", None)
            if commands is None or part not in commands:
                return None
            command = commands[part]
        return command

    def resolve_command(
        self, ctx: _click.Context, args: list[str]
    ) -> tuple[str | None, Any, list[str]]:
        name = args[0]
        node = self._children().get(name)
        if node is not None and "commands" in node:
            return name, self.get_command(ctx, name), args[1:]  # a group stays lazy
        if node is not None:
            importlib.import_module(node["module"])
        else:
            from clew.cli import MODULES

            load_all(MODULES)  # a table older than the code: look in the real tree
        command = self._real_command(name)
        if command is None:
            if _split_opt(name)[0]:
                self.parse_args(ctx, args)  # an unknown option: Click's own message
            message = f"No such command {name!r}"
            matches = get_close_matches(name, self.list_commands(ctx))
            if matches:
                message += ". Did you mean " + ", ".join(repr(m) for m in matches) + "?"
            raise UsageError(message if matches else message + ".", ctx)
        return name, command, args[1:]


def _describe(command: Any) -> Node:
    node: Node = {"help": command.help}
    if command.short_help:
        node["short_help"] = command.short_help
    if command.hidden:
        node["hidden"] = True
    commands = getattr(command, "commands", None)
    if commands is None:
        node["module"] = command.callback.__module__
        return node
    if any(p.name != "help" for p in command.params) or command.callback is not None:
        raise ValueError(f"group {command.name!r} has options of its own: it cannot load lazily")
    node["no_args_is_help"] = command.no_args_is_help
    node["commands"] = {name: _describe(sub) for name, sub in commands.items()}
    return node


def describe(app: typer.Typer, modules: Sequence[str]) -> Node:
    """The table of the whole tree, every module loaded: what ``commands.json`` holds."""
    load_all(modules)
    root = typer.main.get_group(app)  # its ``commands``: everything registered
    return {"commands": {name: _describe(sub) for name, sub in root.commands.items()}}


def render(node: Node) -> str:
    return json.dumps(node, indent=1, ensure_ascii=False) + "\n"
