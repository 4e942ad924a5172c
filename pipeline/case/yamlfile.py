"""Safe YAML loading that remembers the line of every value.

Validation messages must name the line; PyYAML's node tree has it, so we compose nodes with
the safe loader and build plain data plus a map from each path to its line. Anchors and
aliases are refused outright: a case file never needs them and they make YAML bombs. So are
duplicate keys (PyYAML keeps the last one silently: a second `register:` would empty the
first) and nesting deeper than any case file needs (it would exhaust Python's stack).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import BadInput, Problem, display_path
from pipeline.fileio import is_inside, read_utf8

Loc = tuple[str | int, ...]
MAX_YAML_BYTES = 2_000_000
MAX_DEPTH = 50


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _NoAliasLoader(yaml.SafeLoader):
    depth = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not allowed in a case file", event.start_mark
            )
        if self.depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"lists and mappings are nested more than {MAX_DEPTH} deep", self.peek_event().start_mark
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _to_data(node: yaml.Node, loader: yaml.SafeLoader, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
        raise yaml.constructor.ConstructorError(None, None, f"the tag {node.tag} is not allowed", node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{key}' appears twice in the same mapping (first on line {lines[loc + (key,)]})",
                    key_node.start_mark)
            lines[loc + (key,)] = key_node.start_mark.line + 1
            value = _to_data(value_node, loader, loc + (key,), lines)
            lines[loc + (key,)] = key_node.start_mark.line + 1
            result[key] = value
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, loader, loc + (i,), lines) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value   # 2025-02-29 is no date: the schema says why, at this line
        raise


def load_yaml(path: Path, base: Path | None = None) -> tuple[Any, dict[Loc, int]]:
    """Return (data, lines) for a YAML file, or raise BadInput naming the file and line; with `base`
    (the case folder), a file that is a link to somewhere outside it is refused unread."""
    if base is not None and not is_inside(path, base):
        shown = os.path.relpath(os.path.abspath(path), os.path.abspath(base))   # the link, not its target
        raise BadInput(Problem(shown, f"is a link to {Path(path).resolve()}, outside the case folder",
                               "copy the file into the case folder instead of linking to it"))
    shown = display_path(path, base)
    try:
        text = read_utf8(path, shown, limit=MAX_YAML_BYTES, what="a case file", fix="check this is the right file")
    except OSError as exc:
        raise BadInput(Problem(shown, f"cannot be read ({exc.strerror})", "check the file exists and is readable"))
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: str, first_line: int = 1) -> tuple[Any, dict[Loc, int]]:
    """(data, lines) for YAML text that starts on line `first_line` of the file `shown`."""
    loader = _NoAliasLoader(text)
    lines: dict[Loc, int] = {}
    try:
        node = loader.get_single_node()
        data = _to_data(node, loader, (), lines) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        raise BadInput(Problem(shown, f"is not valid YAML: {what}",
                               "fix the indentation or quoting at that line",
                               line=mark.line + first_line if mark else None))
    finally:
        loader.dispose()
    shift = first_line - 1
    return data, {loc: line + shift for loc, line in lines.items()}


def line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of `loc`, or of its nearest ancestor that has one."""
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())
