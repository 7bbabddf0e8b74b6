"""The vendored geography is the one of the npm package package.json pins (scripts/vendor_geography.py)."""

import gzip
import json
import sys

from ess_site.config import ROOT
from ess_site.geography import COG

sys.path.insert(0, str(ROOT / "scripts"))
import vendor_geography  # noqa: E402


def test_the_vendored_geography_is_the_pinned_package_s():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["@etalab/decoupage-administratif"]
    vendored = json.loads(gzip.decompress(COG.read_bytes()))
    assert vendored["version"] == pinned
    assert vendored == vendor_geography.compact(vendor_geography.PACKAGE)
