"""Render stage helper: French spacing in the text of a finished HTML page.

Templates and editors type plain spaces before « : ; ! ? » and inside guillemets; French
typography wants them unbreakable, so a line never starts with a lone colon or ».
Only text between tags is touched, never attributes or URLs.
"""

import re

NBSP, NNBSP = "\u00a0", "\u202f"
TEXT = re.compile(r">([^<]*[:;!?«»][^<]*)<")  # only text that holds something to fix
RULES = (
    (re.compile(r" ([:»])"), NBSP + r"\1"),
    (re.compile(r"« "), "«" + NBSP),
    (re.compile(r" ([;!?])"), NNBSP + r"\1"),
)


def french_spacing(html: str) -> str:
    def fix(match: re.Match) -> str:
        text = match[1]
        for pattern, replacement in RULES:
            text = pattern.sub(replacement, text)
        return f">{text}<"

    return TEXT.sub(fix, html)
