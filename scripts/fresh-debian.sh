#!/usr/bin/env bash
# Proves the README's test command on a Debian release with nothing installed by hand: makes a minimal root of
# that release (debootstrap), clones this checkout's HEAD into it, runs `bash scripts/bootstrap.sh test` there
# as root, and prints ctest's summary. Its exit status is the test command's.
#   sudo bash scripts/fresh-debian.sh bookworm|trixie
# Needs root (chroot and mounts). Packages come from the mirror this machine's own apt sources name.
# Downloads are kept between runs in $STARLING_FRESH_CACHE (default /var/cache/starling/fresh-debian): the
# minimal root as a tarball and the .deb files apt fetched. Each run still starts from the bare minimal root.
# The root is made under $STARLING_FRESH_WORK (default /var/tmp) and removed afterwards, its mounts always
# undone; STARLING_FRESH_KEEP=1 keeps it for a look.
set -euo pipefail

release=${1:-}
case "$release" in
bookworm | trixie) ;;
*)
    echo "usage: bash scripts/fresh-debian.sh bookworm|trixie" >&2
    exit 2
    ;;
esac
if ((EUID != 0)); then
    echo "fresh-debian: needs root (debootstrap, chroot and mounts)" >&2
    exit 2
fi

checkout=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${STARLING_FRESH_CACHE:-/var/cache/starling/fresh-debian}
say() { echo "fresh-debian($release): $*"; }

bash "$checkout/scripts/bootstrap.sh" packages fresh-root

# The Debian archive this machine installs from: the first deb822 `URIs:` or one-line `deb` source that is
# neither a security nor a source archive.
debian_mirror() {
    local files=() file uri
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f "$file" ]] && files+=("$file")
    done
    ((${#files[@]})) || return 1
    uri=$(awk '
        /^[[:space:]]*#/ { next }
        tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i; next }
        $1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }
    ' "${files[@]}" | grep -v -- '-security' | head -n 1)
    [[ -n "$uri" ]] && echo "$uri"
}

mirror=$(debian_mirror) || {
    echo "fresh-debian: no Debian archive found in /etc/apt/sources.list{,.d}" >&2
    exit 1
}

mkdir -p "$cache/$release-archives"
base="$cache/$release-minbase.tar"
if [[ ! -f "$base" ]]; then
    say "making a minimal $release root from $mirror (kept in $base)"
    staging=$(mktemp -d "${STARLING_FRESH_WORK:-/var/tmp}/starling-debootstrap.XXXXXX")
    if ! debootstrap --variant=minbase "$release" "$staging" "$mirror" >"$staging.log" 2>&1; then
        tail -n 20 "$staging.log" >&2
        rm -rf "$staging" "$staging.log"
        echo "fresh-debian: debootstrap failed" >&2
        exit 1
    fi
    tar -C "$staging" -cf "$base.partial" .
    mv "$base.partial" "$base"
    rm -rf "$staging" "$staging.log"
fi

work=$(mktemp -d "${STARLING_FRESH_WORK:-/var/tmp}/starling-fresh-$release.XXXXXX")
mounts=()
cleanup() {
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount -R "${mounts[i]}" 2>/dev/null || umount -R -l "${mounts[i]}" 2>/dev/null || true
    done
    if [[ "${STARLING_FRESH_KEEP:-}" == 1 ]]; then
        say "kept the root in $work"
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mount_in() { # mount_in TARGET-IN-ROOT mount-arguments...
    local target="$work/$1"
    shift
    mkdir -p "$target"
    mount "$@" "$target"
    mounts+=("$target")
}

say "unpacking the minimal root into $work"
tar -C "$work" -xf "$base"
mount_in proc -t proc proc
mount_in sys -t sysfs sysfs
mount_in dev --rbind /dev
mount_in var/cache/apt/archives --bind "$cache/$release-archives"
cp /etc/resolv.conf "$work/etc/resolv.conf"
# The root reaches the network as the host does: its resolver above, and the extra CA certificates Node.js is
# told to trust (NODE_EXTRA_CA_CERTS, e.g. a proxy's), for npm in the benchmarks' smoke run.
node_ca=()
if [[ -n "${NODE_EXTRA_CA_CERTS:-}" && -r "$NODE_EXTRA_CA_CERTS" ]]; then
    cp "$NODE_EXTRA_CA_CERTS" "$work/etc/host-node-extra-ca.crt"
    node_ca=(NODE_EXTRA_CA_CERTS=/etc/host-node-extra-ca.crt)
fi

say "cloning $(git -C "$checkout" rev-parse --short HEAD) into /starling"
git clone -q --no-hardlinks "$checkout" "$work/starling"

say "running the README's test command: bash scripts/bootstrap.sh test"
status=0
chroot "$work" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI="${CI:-}" "${node_ca[@]}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c 'cd /starling && bash scripts/bootstrap.sh test' 2>&1 | tee "$work/test.log" || status=$?

qt=$(chroot "$work" dpkg-query -W -f='${Version}' qt6-base-dev 2>/dev/null || echo unknown)
echo
say "Debian $(cat "$work/etc/debian_version"), Qt $qt: ctest's summary"
grep -E '^[0-9]+% tests passed|^Total Test time|^The following tests|^[[:space:]]+[0-9]+ - ' "$work/test.log" || true
if ((status != 0)); then
    say "FAILED (exit $status)"
fi
exit "$status"
