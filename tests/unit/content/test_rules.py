"""The web form (Decap CMS, in the browser) and the build judge a typed value the same way:
the same samples go to the build's field checks (Python) and to the form's patterns, run by
JavaScript's own RegExp in Node.js as Decap runs them (RegExp(pattern).test(value))."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ess_site.content import rules
from ess_site.content.checks import FieldChecker
from ess_site.content.frontmatter import YamlMap
from ess_site.tools.cms import PATTERNS

NODE = shutil.which("node")  # Decap's patterns are run by JavaScript's own RegExp
needs_node = pytest.mark.skipif(NODE is None, reason="Node.js (node) is not installed: the form's patterns cannot be run")

SAMPLES = {
    "code_postal": {"62110": True, "62 110": True, " 62110 ": True, "62\u00a0110": True, "6211": False, "621100": False,
                    "abcde": False, "62-110": False, "\u0666\u0662\u0661\u0661\u0660": False},
    "siret": {"73282932000074": True, "732 829 320 00074": True, "7328293200007": False, "siret": False,
              "732-829-320-00074": False, "732829320000745": False},
    "email": {"accueil@jardin.example.org": True, "a.b+c@x-y.fr": True, " contact@asso.fr ": True, "accueil@": False,
              "accueil jardin.fr": False, "a@b.c": False, "é@b.fr": False, "a@b.fr, c@d.fr": False},
    "site_web": {"https://jardin.example.org/": True, "http://a.fr": True, "https://a.fr/page?x=1#haut": True,
                 " https://a.fr ": True, "www.jardin.fr": False, "javascript:alert(1)": False, "https://localhost": False,
                 "https://a.fr/une page": False, "ftp://a.fr": False, "https://": False},
    "telephone": {"03 21 12 34 56": True, "0321123456": True, "+33 3 21 12 34 56": True, "03.21.12.34.56": True,
                  "03-21-12-34-56": True, "03  21 12 34 56": True, "+33321123456": True, "3 21 12 34 56": False,
                  "03 21 12 34": False, "03 21 12 34 56 78": False, "0021123456": False, "03\t21 12 34 56": False,
                  "+33 0 3 21 12 34 56": False, "03/21/12/34/56": False},
}


def build_accepts(key: str, value: str) -> bool:
    """Whether the build's check of this field (format only) passes."""
    fields = YamlMap(1)
    fields[key], fields.lines[key] = value, 2
    problems = []
    check = FieldChecker(fields, Path("actors/essai.md"), problems)
    read = {"code_postal": lambda: check.digits(key, rules.POSTAL_CODE, "code postal"),
            "siret": lambda: check.digits(key, rules.SIRET, "numéro SIRET"),
            "email": lambda: check.email(key), "site_web": lambda: check.url(key), "telephone": lambda: check.telephone(key)}
    read[key]()
    return not problems


def form_accepts(cases: list[tuple[str, str]]) -> list[bool]:
    """Decap's test of each (pattern, value), by Node.js."""
    script = "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));" \
             "console.log(JSON.stringify(cases.map(([p, v]) => RegExp(p).test(v))));"
    result = subprocess.run([NODE, "-e", script], input=json.dumps(cases),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@needs_node
@pytest.mark.parametrize("key", SAMPLES)
def test_form_and_build_give_the_same_verdicts(key):
    samples = SAMPLES[key]
    build = {value: build_accepts(key, value) for value in samples}
    form = dict(zip(samples, form_accepts([(PATTERNS[key][0], value) for value in samples])))
    assert build == samples
    assert form == samples


def test_kept_values_are_compact():
    assert rules.TELEPHONE.compact("03 21.12-34\u00a056") == "0321123456"
    assert rules.SIRET.compact("732 829 320 00074") == "73282932000074"
