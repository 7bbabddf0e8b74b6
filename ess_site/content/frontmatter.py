"""Reading stage helpers: raw bytes -> text -> YAML values that remember their lines.

PyYAML's node tree (`yaml.compose`) knows where each key sits; we walk it ourselves so that
duplicate keys, aliases, foreign tags and absurd nesting become French problems at a line,
instead of being resolved silently or raising a traceback.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import Problem
from .schema import MAX_FILE_BYTES

MAX_DEPTH = 8
# libyaml's parser when PyYAML was built with it (it is in the PyPI wheels): same nodes and
# marks, several times faster; the pure-Python one otherwise.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALLOWED_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
SEQ_TAG = "tag:yaml.org,2002:seq"
INT_TAG = "tag:yaml.org,2002:int"
LEADING_ZERO = re.compile(r"0[0-9_]+")
MAP_TAG = "tag:yaml.org,2002:map"

# PyYAML's most frequent complaints, said the way an editor can act on them.
YAML_HINTS = {
    "mapping values are not allowed here": "« : » inattendu ; mettez la valeur entre guillemets si elle contient « : »",
    "found character '\\t' that cannot start any token": "tabulation interdite ; indentez avec des espaces",
    "could not find expected ':'": "« : » manquant après un nom de champ",
    "found unexpected end of stream": "guillemet ou crochet non refermé",
    "found unknown escape character": "caractère d'échappement inconnu ; utilisez des guillemets simples",
}

# What PyYAML was reading when it failed -> what the editor left open; the message is put on the
# line where it opens (PyYAML's own mark is where it gave up, often lines later).
UNCLOSED = {
    "while scanning a quoted scalar": "guillemet ouvert sur cette ligne et jamais refermé",
    "while parsing a flow sequence": "crochet « [ » ouvert sur cette ligne et jamais refermé",
    "while parsing a flow mapping": "accolade « { » ouverte sur cette ligne et jamais refermée",
}


class _Invalid:
    """Stands for a value already reported as a problem, so validators do not report it twice."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


class YamlMap(dict):
    """A YAML mapping; `lines[key]` is the file line of each key, `line` that of the mapping."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


class YamlList(list):
    """A YAML sequence; `lines[i]` is the file line of item i."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.lines: list[int] = []


@dataclass
class Document:
    """One content file, read: its front matter (or whole YAML) and Markdown body."""

    path: Path
    fields: YamlMap
    body: str = ""
    body_line: int = 1
    digest: str = ""  # of the file's name and text: what everything made from it depends on


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """Read a content file as text (UTF-8, BOM and CRLF accepted), or record why not."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(Problem(path, 1, f"fichier illisible ({error.strerror})"))
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(path, 1, f"fichier trop volumineux ({len(data) // 1024} Kio ; maximum {MAX_FILE_BYTES // 1024} Kio)"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(path, line, "le fichier n'est pas en UTF-8 ; enregistrez-le en UTF-8"))
        return None
    text = normalized(text)
    if not text.strip():
        problems.append(Problem(path, 1, "fichier vide"))
        return None
    return text


def normalized(text: str) -> str:
    """Text as every reader of content expects it: no BOM, LF line endings."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, path: Path, problems: list[Problem]) -> tuple[str, str, int] | None:
    """Split '---' front matter from the Markdown body: (yaml_text, body, body_first_line)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        problems.append(Problem(path, 1, "le fichier doit commencer par une ligne « --- » suivie des champs"))
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    problems.append(Problem(path, 1, "la ligne « --- » qui ferme l'en-tête est introuvable"))
    return None


def flow_depth(text: str) -> int:
    """How deep [ and { nest (quotes ignored: an overestimate only costs the slower parser)."""
    openings = text.count("[") + text.count("{")
    if openings <= 1:
        return openings  # the common case, without a loop over every character
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when it is safe; errors and deep nesting (libyaml recurses in C and
    can crash) go through the pure-Python parser, whose messages YAML_HINTS translates."""
    if LOADER is yaml.SafeLoader or flow_depth(text) > 64:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(text: str, path: Path, first_line: int, problems: list[Problem]) -> YamlMap | None:
    """Parse YAML text whose first line is file line `first_line` into a YamlMap."""
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as error:
        opened = UNCLOSED.get(error.context or "") if error.context_mark else None
        mark = error.context_mark if opened else error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        hint = opened or YAML_HINTS.get(error.problem or "", f"syntaxe YAML invalide ({error.problem})")
        problems.append(Problem(path, line, hint))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(path, first_line, f"syntaxe YAML invalide ({error})"))
        return None
    except RecursionError:
        problems.append(Problem(path, first_line, "imbrication beaucoup trop profonde"))
        return None
    if node is None or node.tag != MAP_TAG or not isinstance(node, yaml.MappingNode):
        problems.append(Problem(path, first_line, "l'en-tête doit être une liste de champs « nom: valeur »"))
        return None
    return _Walker(path, first_line, problems).value(node, depth=0)


class _Walker:
    """Turns a composed node tree into YamlMap/YamlList/scalars, recording problems."""

    def __init__(self, path: Path, first_line: int, problems: list[Problem]):
        self.path, self.first_line, self.problems = path, first_line, problems
        self.seen: set[int] = set()
        self.alias_reported = False  # one message per file: an alias bomb repeats the same alias thousands of times
        self.constructor = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str) -> _Invalid:
        self.problems.append(Problem(self.path, self.line(node), message))
        return INVALID

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def value(self, node: yaml.Node, depth: int):
        if id(node) in self.seen:
            if self.alias_reported:
                return INVALID
            self.alias_reported = True
            return self.fail(node, "les alias YAML (« & » et « * ») ne sont pas acceptés ; recopiez la valeur")
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            return self.fail(node, "valeur trop imbriquée")
        if isinstance(node, yaml.MappingNode) and node.tag == MAP_TAG:
            return self.mapping(node, depth)
        if isinstance(node, yaml.SequenceNode) and node.tag == SEQ_TAG:
            return self.sequence(node, depth)
        if isinstance(node, yaml.ScalarNode) and node.tag in ALLOWED_SCALAR_TAGS:
            return self.scalar(node)
        return self.fail(node, f"étiquette YAML « {node.tag.replace('tag:yaml.org,2002:', '!!')} » non acceptée")

    def mapping(self, node: yaml.MappingNode, depth: int) -> YamlMap:
        result = YamlMap(self.line(node))
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                self.fail(key_node, "nom de champ invalide ; un nom de champ est un mot suivi de « : »")
                continue
            key = key_node.value
            if key in result.lines:
                self.fail(key_node, f"champ « {key} » en double (déjà ligne {result.lines[key]})")
                continue
            result.lines[key] = self.line(key_node)
            result[key] = self.value(value_node, depth + 1)
        return result

    def sequence(self, node: yaml.SequenceNode, depth: int) -> YamlList:
        result = YamlList(self.line(node))
        for item in node.value:
            result.lines.append(self.line(item))
            result.append(self.value(item, depth + 1))
        return result

    def scalar(self, node: yaml.ScalarNode):
        if node.tag == INT_TAG and LEADING_ZERO.fullmatch(node.value):
            return node.value  # YAML 1.1 reads 01000 as octal 512: keep the digits typed (postal code, phone)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", node.value):
                return self.fail(node, f"« {node.value} » : ce jour n'existe pas")
            return self.fail(node, f"valeur « {node.value} » impossible")
