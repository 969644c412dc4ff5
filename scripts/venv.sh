# Sourced by scripts/demo and scripts/test (not run on its own), from the repository root.
#
#   xlprod_venv EXTRAS    # EXTRAS: "" or "test"
#
# Makes sure xlprod is installed in a Python >= 3.11 virtual environment and sets
#   venv  the environment's folder (.venv/, or the active one when VIRTUAL_ENV is set)
#   py    its python
#   shown how to name the environment to the user (.venv when it is the project's)
# Debian and Ubuntu's own python3 is "externally managed" (PEP 668): pip refuses to
# install into it, so the scripts never do; they create .venv/ once and install there.
# A second run with an unchanged pyproject.toml installs nothing.

_venv_say() {
    echo "scripts/$(basename "$0"): $*" >&2
}

# Runs "$@" as root: directly, or through sudo. Fails when neither is possible.
_venv_as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null; then
        sudo "$@"
    else
        _venv_say "cannot run as root (not root, no sudo): $*"
        return 1
    fi
}

# apt-get update, then apt-get install PACKAGES…, as root.
apt_install() {
    if ! command -v apt-get >/dev/null; then
        _venv_say "no apt-get on this machine: install $* by hand"
        return 1
    fi
    _venv_as_root apt-get update -q &&
        _venv_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# Prints "X.Y" when PYTHON runs and is >= 3.11; fails otherwise.
_venv_version_ok() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2]); sys.exit(sys.version_info < (3, 11))' \
        2>/dev/null
}

# The python that creates .venv/: XLPROD_PYTHON, else python3.11, else python3 (on PATH).
_venv_pick_python() {
    local candidate found version tried=
    for candidate in ${XLPROD_PYTHON:+"$XLPROD_PYTHON"} python3.11 python3; do
        found="$(command -v "$candidate")" || continue
        if version="$(_venv_version_ok "$found")"; then
            echo "$found"
            return 0
        fi
        tried+="${tried:+, }$found (${version:-does not run})"
    done
    _venv_say "xlprod needs Python 3.11 or newer to create .venv/; found: ${tried:-no python3 on PATH}."
    _venv_say "Install python3.11 (or newer), put it first on PATH, or name it: XLPROD_PYTHON=/path/to/python3.11 $0"
    return 1
}

# python -m venv .venv; when Debian's venv module is missing, install it and retry.
_venv_create() {
    local python="$1" version="$2"
    _venv_say "creating .venv/ with $python (Python $version)"
    if "$python" -m venv .venv; then
        return 0
    fi
    rm -rf .venv   # a failed attempt leaves an environment without pip
    if [[ "$("$python" -c 'import sys; print(sys.base_prefix)')" != /usr ]]; then
        _venv_say "$python -m venv failed (see above)"
        return 1
    fi
    # Debian/Ubuntu ship the venv module (ensurepip) separately.
    _venv_say "$python cannot create a virtual environment: installing python$version-venv with apt-get"
    apt_install "python$version-venv" || apt_install python3-venv || {
        _venv_say "could not install python$version-venv; as root: apt-get install python$version-venv"
        return 1
    }
    _venv_say "python$version-venv installed; creating .venv/ again"
    "$python" -m venv .venv || { rm -rf .venv; return 1; }
}

xlprod_venv() {
    local extras="$1" python version root stamp hash spec
    shown=.venv
    root="$(pwd -P)"
    if [[ -n "${VIRTUAL_ENV:-}" ]]; then
        venv="$VIRTUAL_ENV"
        [[ "$venv" -ef "$root/.venv" ]] || shown="$venv"
        py="$venv/bin/python"
        if ! version="$(_venv_version_ok "$py")"; then
            _venv_say "the active virtual environment $venv has Python ${version:-that does not run};" \
                "xlprod needs 3.11 or newer: deactivate it, or activate a newer one"
            return 1
        fi
    else
        venv="$root/.venv"
        py="$venv/bin/python"
        if ! _venv_version_ok "$py" >/dev/null || [[ ! -e "$venv/bin/pip" ]]; then
            if [[ -e .venv ]]; then
                _venv_say ".venv/ is unusable (broken, or older than Python 3.11): making it again"
                rm -rf .venv
            fi
            python="$(_venv_pick_python)" || return 1
            version="$(_venv_version_ok "$python")"
            _venv_create "$python" "$version" || return 1
        fi
    fi

    # The stamp: pyproject.toml's hash and this clone's path, then the extras installed
    # ("test" includes what the plain install has).
    stamp="$venv/.xlprod-installed"
    hash="$(sha256sum pyproject.toml | cut -d' ' -f1) $root"
    spec=".${extras:+[$extras]}"
    local stamped_hash="" stamped_extras=""
    { read -r stamped_hash && read -r stamped_extras; } 2>/dev/null <"$stamp" || true
    # Installed, up to date, and this clone's xlprod (checked from / so that the
    # repository's own folder on sys.path cannot answer for the installed one).
    if [[ "$stamped_hash" == "$hash" && ( -z "$extras" || "$stamped_extras" == "$extras" ) ]] &&
        [[ -x "$venv/bin/xlprod" ]] &&
        (cd / && "$py" -c 'import sys, xlprod; sys.exit(xlprod.__file__ != sys.argv[1])' \
            "$root/xlprod/__init__.py") 2>/dev/null; then
        return 0
    fi
    _venv_say "installing xlprod ($spec) into $shown/ with pip"
    "$py" -m pip install --quiet -e "$spec" || {
        _venv_say "pip could not install xlprod into $venv (see above)"
        return 1
    }
    printf '%s\n%s\n' "$hash" "$extras" >"$stamp"
}
