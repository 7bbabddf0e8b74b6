"""Every URL rule of the built site, in one place (templates never concatenate URLs)."""

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, urlsplit

HOME = "/"
ACTORS = "/acteurs/"
LETTRES = "/lettres/"
FEED = "/lettres/feed.xml"
SEARCH = "/recherche/"
SEARCH_SHARDS = "/pagefind-shards.json"  # the search index's bundles, merged by the search page
SEARCH_PLACES = "/recherche/lieux.json"  # the places a query can name (render/search_page.py)
# OpenStreetMap's tile server: the only other host the site loads from (see netlify.toml).
TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
TILES_ATTRIBUTION = "© contributeurs OpenStreetMap"
TILES_HOST = urlsplit(TILES).netloc  # named on the personal-data page: readers' browsers contact it
TILES_PRIVACY = "https://osmfoundation.org/wiki/Privacy_Policy"
MAP = "/carte/"
MAP_POINTS = "/carte/points/index.json"  # the map's index of zones; each zone's points beside it (compute/map_points.py)
ADMIN = "/admin/"  # the editors' form (Decap CMS); it reads config.yml next to it
ADMIN_CONFIG = "/admin/config.yml"
KEY_FIGURES = "/chiffres-cles/"
KEY_FIGURES_JSON = "/chiffres-cles/chiffres.json"
KEY_FIGURES_COMMUNES = "/chiffres-cles/communes/"  # every commune's figures, in pages, when /chiffres-cles/ shows only some
OPEN_DATA = "/donnees/"  # the open-data page; its files sit beside it (data_file)
SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
NOT_FOUND = "/404.html"
ASSETS = "/assets/"
# Partners' websites show a list of actors in an <iframe>: /integrer/ gives the snippet to copy, the
# framed pages sit under EMBEDS, the only folder netlify.toml lets other sites frame.
EMBED_HELP = "/integrer/"
EMBEDS = "/encart/"
# The correction form of every actor page, handled by the host (Netlify Forms): its name, the page
# that thanks the sender, and the hidden honeypot field a person never fills (spam filter).
CORRECTION_FORM = "correction-fiche"
CORRECTION_SENT = "/correction/merci/"
CORRECTION_HONEYPOT = "ne-pas-remplir"


def actor(slug: str) -> str:
    return f"{ACTORS}{slug}/"


def lettre(numero: int) -> str:
    return f"{LETTRES}{numero}/"


def lettre_pdf(numero: int) -> str:
    return f"{lettre(numero)}lettre-{numero}.pdf"


def lettre_email(numero: int) -> str:
    return f"{lettre(numero)}email.html"


def directory_pdf(commune_key: str | None = None) -> str:
    """The printed directory (PDF): the whole one beside /acteurs/, a commune's beside its page."""
    return f"{browse('communes', commune_key) if commune_key else ACTORS}annuaire.pdf"


def data_file(name: str) -> str:
    """An open-data file: /donnees/acteurs.csv. A data package's paths must stay inside its
    folder, so every file it lists sits in /donnees/."""
    return f"{OPEN_DATA}{name}"


def absolute(base: str, url: str) -> str:
    """A site URL made absolute with the site's public address (feeds and e-mails need it)."""
    return base.rstrip("/") + url


def public(base: str | None, url: str) -> str:
    """A page's address as a reader quotes it: absolute when the site's public address is known."""
    return absolute(base, url) if base else url


def legal(key: str) -> str:
    """A page the law requires (mentions légales, accessibilité, données personnelles)."""
    return f"/{key}/"


def browse_index(kind: str) -> str:
    return f"/{kind}/"


def browse(kind: str, key: str) -> str:
    return f"/{kind}/{key}/"


def paged(url: str, number: int) -> str:
    """Page `number` of a list cut into pages: the first at the list's own address (/acteurs/),
    the next ones below it (/acteurs/page/2/), as Hugo does. An actor whose slug is "page" keeps
    /acteurs/page/: no list page sits there."""
    return url if number == 1 else f"{url}page/{number}/"


def embed_help(kind: str, key: str, title: str) -> str:
    """/integrer/ with one list chosen: the link each list's page gives to partners."""
    return f"{EMBED_HELP}?liste={quote(embed(kind, key))}&nom={quote(title)}"


def embed(kind: str, key: str, number: int = 1) -> str:
    """A framed list of actors: /encart/communes/rouvroy/, then /encart/communes/rouvroy/page/2/…"""
    return paged(f"{EMBEDS}{kind}/{key}/", number)


def asset(name: str) -> str:
    return f"{ASSETS}{name}"


def output_path(url: str) -> str:
    """The file, relative to output/, that serves a URL: folders get an index.html."""
    path = url.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


@lru_cache(maxsize=65536)  # names are slugified for sorting, grouping and URLs alike
def slugify(text: str) -> str:
    """'Hénin-Beaumont' -> 'henin-beaumont': lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def is_slug(text: str) -> bool:
    return re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text) is not None


def edit(base: str, content_path: str) -> str:
    """The content repository's edit page for one file of content/."""
    return base.rstrip("/") + "/" + content_path


def admin_entry(slug: str) -> str:
    """An actor's file in the editors' form (Decap CMS's address for one entry)."""
    return f"{ADMIN}#/collections/acteurs/entries/{slug}"


def correction_mail(address: str, nom: str, page: str) -> str:
    """A pre-filled e-mail to the site's publisher about one actor's listing."""
    subject = f"Fiche « {nom} » : correction ou retrait"
    body = f"Bonjour,\n\nà propos de la fiche {page} :\n\n"
    return f"mailto:{address}?subject={quote(subject)}&body={quote(body)}"


def openstreetmap(lat: float | None, lon: float | None, address: str) -> str:
    """A map centred on the point when known, else OpenStreetMap's search for the address."""
    if lat is not None and lon is not None:
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    return "https://www.openstreetmap.org/search?query=" + quote(address)
