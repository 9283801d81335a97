# shellcheck shell=bash
# Sourced by the scripts that install Debian packages (kernel-common.sh,
# install-sccache-redis): this machine's own apt sources, and a newer suite's
# packages through a private apt configuration that never touches the
# machine's. The caller defines log() and die().

# as_root COMMAND...: runs COMMAND as root (through sudo unless it is root).
as_root() {
	if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# True when the Debian package $1 is installed.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

# Installs, from the machine's own apt sources, the packages not yet installed.
ensure_packages() {
	local missing=() p
	for p in "$@"; do installed "$p" || missing+=("$p"); done
	((${#missing[@]})) || return 0
	log "installing ${missing[*]}"
	as_root apt-get update -qq || log "apt-get update failed; trying the current package lists"
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
}

# reinstall_if_missing PACKAGE FILE: reinstalls PACKAGE when it is installed
# but its FILE was removed by hand (linux-source-6.12 and its tarball).
reinstall_if_missing() {
	if ! installed "$1" || [[ -e $2 ]]; then return 0; fi
	log "$1 is installed but $2 is missing: reinstalling"
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --reinstall "$1" >/dev/null
}

# newer_apt DIR apt-get|apt-cache ARGS...: apt with its own sources list,
# state and cache under DIR, reading the Debian suites in NEWER_SUITES
# (trixie and trixie-backports unless the caller sets others; one DIR per
# set). The machine's apt sources are never touched; the package lists are
# fetched once a day. Downloads land in the current directory (apt-get
# download).
[[ -v NEWER_SUITES ]] || NEWER_SUITES=(trixie trixie-backports)
newer_apt() {
	local dir="$1" tool="$2"
	shift 2
	mkdir -p "$dir/lists/partial" "$dir/archives/partial"
	local list="$dir/sources.list" want s
	want="$(for s in "${NEWER_SUITES[@]}"; do
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $s main"
	done)"
	[[ -f $list && "$(cat "$list")" == "$want" ]] || { echo "$want" >"$list"; rm -f "$dir/.updated"; }
	local opts=(-o "Dir::Etc::SourceList=$list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir" -o "Dir::Cache::Archives=$dir/archives"
		-o Dir::State::status=/var/lib/dpkg/status -o APT::Sandbox::User=root
		-o Debug::NoLocking=1)
	if [[ ! -f $dir/.updated || -n "$(find "$dir/.updated" -mmin +1440)" ]]; then
		apt-get "${opts[@]}" -qq update >/dev/null || die "apt-get update of ${NEWER_SUITES[*]} failed"
		touch "$dir/.updated"
	fi
	"$tool" "${opts[@]}" "$@"
}
