"""Problems: an editor's mistake, located at a file and line, worded in French."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentErrors(Exception):
    """Raised by the build when content/ holds mistakes; carries every one of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problème(s) dans le contenu")
        self.problems = sorted(problems)


class MissingTool(Exception):
    """A tool the build needs is missing (WeasyPrint, Pagefind, Leaflet); the message says what to install."""


class UnusableCache(Exception):
    """A record of the cache that must be cleared before output/ changes cannot be: building
    anyway could later trust a stale record. The message says which file and what to do."""


class CommandRefused(Exception):
    """A command cannot do what was asked (a content folder not found, an option missing); every
    reason, in French, and nothing has been changed. Each command family refuses with its own
    subclass, which the command line words as that family's refusal (cli.main)."""

    def __init__(self, messages: list[str] | str):
        messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(messages))
        self.messages = messages


class NewRefused(CommandRefused):
    """`new` cannot create the file asked for (no name, a file already there)."""


class ImportRefused(CommandRefused):
    """`importer` (sirene, ban) cannot import: a file given cannot be used, or content/ has
    mistakes; content/ is untouched."""
