# Sourced by the set-up scripts: installs the Debian packages given as arguments, if missing.
ensure_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Paquets système manquants : ${missing[*]} (installez-les avec le gestionnaire de paquets de votre système)." >&2
    return 1
  fi
  local sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "Installation des paquets système : ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
}

# What WeasyPrint needs to typeset the lettres' PDFs.
BUILD_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
