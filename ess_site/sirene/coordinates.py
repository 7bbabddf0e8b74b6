"""Lambert 93 (EPSG:2154, the register's coordinates in mainland France) -> WGS84, by pyproj."""

from functools import cache

from pyproj import Transformer


@cache
def transformer() -> Transformer:
    return Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)


def lambert93_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """(lat, lon) of a Lambert 93 point."""
    lon, lat = transformer().transform(x, y)
    return lat, lon
