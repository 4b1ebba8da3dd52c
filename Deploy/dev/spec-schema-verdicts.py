#!/usr/bin/env python3
"""The verdict of Steward's JSON Schema on spec files, for comparison with `steward validate`.

    spec-schema-verdicts.py SCHEMA.json FILE...

Prints one line per file: `valid<TAB>FILE` or `invalid<TAB>FILE<TAB>REASON`. Exits 0 unless
the schema itself is not a valid draft 2020-12 schema.

A file is read as Steward reads it before any schema applies: UTF-8 (one leading byte-order
mark allowed), one YAML document, no anchors, aliases, tags or duplicate keys (those are
"invalid" with a reason starting "yaml:"). Plain scalars are typed as Steward types them:
exactly `true` or `false` is a boolean, plain decimal digits (at most 20) an integer, `~`,
`null`, `Null`, `NULL` or nothing is null, anything else is text; quoted scalars are text.
The document is then checked with jsonschema's Draft202012Validator.
"""
import re
import sys

import jsonschema
import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

NULLS = {"", "~", "null", "Null", "NULL"}
DIGITS = re.compile(r"[0-9]{1,20}")


class Refused(Exception):
    pass


def value(node):
    """The JSON value of a composed node, typed as Steward types it."""
    if getattr(node, "steward_anchor", False):
        raise Refused("yaml: an anchor")
    if isinstance(node, ScalarNode):
        if explicit_tag(node):
            raise Refused(f"yaml: the tag {node.tag}")
        if node.style:  # quoted or block: text
            return node.value
        text = node.value
        if text in NULLS:
            return None
        if text in ("true", "false"):
            return text == "true"
        if DIGITS.fullmatch(text):
            return int(text)
        return text
    if isinstance(node, SequenceNode):
        if explicit_tag(node):
            raise Refused(f"yaml: the tag {node.tag}")
        return [value(item) for item in node.value]
    if isinstance(node, MappingNode):
        if explicit_tag(node):
            raise Refused(f"yaml: the tag {node.tag}")
        result = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise Refused("yaml: a merge key")
            if not isinstance(key_node, ScalarNode):
                raise Refused("yaml: a key that is not a name")
            key = key_node.value
            if key in result:
                raise Refused(f"yaml: the duplicate key {key}")
            result[key] = value(value_node)
        return result
    raise Refused("yaml: an unknown node")


def explicit_tag(node):
    """Whether the node's tag was written in the file (the composer resolves implicit ones)."""
    return getattr(node, "steward_explicit", False)


class Composer(yaml.SafeLoader):
    """Keeps aliases and explicit tags visible to `value`."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise Refused("yaml: an alias")
        event = self.peek_event()
        node = super().compose_node(parent, index)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            node.steward_explicit = True
        if getattr(event, "anchor", None):
            node.steward_anchor = True
        return node


def document(data):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refused(f"yaml: not UTF-8 ({error.reason})")
    if "\ufeff" in text or "\x00" in text:
        raise Refused("yaml: a byte-order mark or NUL inside the text")
    try:
        loader = Composer(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise Refused(f"yaml: {str(error).splitlines()[0]}")
    except RecursionError:
        raise Refused("yaml: nested too deeply")
    if root is None:
        raise Refused("yaml: an empty document")
    try:
        return value(root)
    except RecursionError:
        raise Refused("yaml: nested too deeply")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = yaml.safe_load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    sys.setrecursionlimit(20000)
    for path in sys.argv[2:]:
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            instance = document(data)
        except Refused as refused:
            print(f"invalid\t{path}\t{refused}")
            continue
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is None:
            print(f"valid\t{path}")
        else:
            where = "/".join(str(part) for part in error.absolute_path) or "(root)"
            print(f"invalid\t{path}\t{where}: {error.message[:200]}")


if __name__ == "__main__":
    main()
