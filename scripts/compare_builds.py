"""Compare the site this working tree builds with the site an earlier commit builds, byte for byte.

A change that only reorganizes the code must leave the built site as it was. This script checks
out REF (a commit, HEAD by default) in a temporary git worktree, then builds the same content
with both generators, each from scratch with its own empty cache: the sample content/ (with the
lettres' PDFs and the search index), and N generated actors (bench/generate.py, without PDFs).
It prints each differing file and exits 1 if any differs.

The search index's bundles (pagefind/, pagefind-1/, pagefind-d62/…) are left out of the comparison: Pagefind
itself names and orders its filter files differently from one run to the next on the very same
pages. Every page it reads is compared, and so is the list of bundles (pagefind-shards.json).

Usage: python scripts/compare_builds.py [REF] [--actors 1000]
"""

import argparse
import filecmp
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


def build(tree: Path, content: Path, output: Path, cache: Path, *options: str) -> None:
    command = [sys.executable, str(tree / "build.py"), "build", "--content", str(content), "--output", str(output),
               "--cache", str(cache), "--complet", *options]
    result = subprocess.run(command, cwd=tree, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"build failed in {tree}:\n{result.stderr}")


def differences(left: Path, right: Path) -> list[str]:
    """Paths (relative) that are missing on one side or whose bytes differ."""
    found = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"{prefix}{name} (seulement dans {REF_LABEL})" for name in comparison.left_only)
        found.extend(f"{prefix}{name} (seulement dans l'arbre de travail)" for name in comparison.right_only)
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
        found.extend(f"{prefix}{name} (octets différents)" for name in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            if not (prefix == "" and is_bundle(name)):
                walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


REF_LABEL = "la référence"


def is_bundle(name: str) -> bool:
    """A search bundle of the site's root: pagefind/, pagefind-<n>/, pagefind-d<département>/, pagefind-d<département>-<n>/."""
    return re.fullmatch(r"pagefind(-d[0-9A-Za-z]+)?(-[0-9]+)?", name) is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", nargs="?", default="HEAD")
    parser.add_argument("--actors", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        reference = work / "reference"
        subprocess.run(["git", "worktree", "add", "--detach", str(reference), args.ref], cwd=ROOT, check=True, capture_output=True)
        try:
            (reference / "node_modules").symlink_to(ROOT / "node_modules")  # Leaflet and Decap CMS, as npm ci installed them
            generated = work / "generated"
            generate(args.actors, generated)
            cases = [("content/ (PDF et recherche compris)", ROOT / "content", ()),
                     (f"{args.actors} acteurs générés", generated, ("--sans-pdf",))]
            failed = False
            for label, content, options in cases:
                for side, tree in (("ref", reference), ("work", ROOT)):
                    build(tree, content, work / side / "output", work / side / "cache", *options)
                found = differences(work / "ref" / "output", work / "work" / "output")
                output = work / "work" / "output"
                files = sum(1 for path in output.rglob("*") if path.is_file() and not is_bundle(path.relative_to(output).parts[0]))
                print(f"{label} : {files} fichiers comparés (hors index de recherche), {len(found)} différence(s) avec {args.ref}")
                for line in found[:50]:
                    print(f"  {line}")
                failed |= bool(found)
                for side in ("ref", "work"):
                    subprocess.run(["rm", "-rf", str(work / side)], check=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(reference)], cwd=ROOT, capture_output=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
