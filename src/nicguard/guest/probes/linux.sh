# nicguard guest probe, output format v1 (Linux). Read-only: it runs `ip ... show`, reads
# files and /sys, and writes nothing but its own standard output.
# Needs POSIX sh, iproute2 and coreutils; uses lsattr (e2fsprogs) when present.
# NICGUARD_ROOT: the folder configuration files are read under (default /; the test bed
# gives each guest its own). Format: docs/guest.md ("Probe output format v1").
LC_ALL=C
export LC_ALL
root=${NICGUARD_ROOT:-/}
root=${root%/}
tab=$(printf '\t')
# Run Command keeps the last 4,096 bytes; the markers and the end line need the rest.
budget=3950
out=''
lines=0
trunc=0
status=ok

emit() {
  rec=$1
  shift
  for field in "$@"; do rec="$rec$tab${field:--}"; done
  if [ $((${#out} + ${#rec} + 1)) -gt "$budget" ]; then
    trunc=1
    return
  fi
  out="$out$rec
"
  lines=$((lines + 1))
}

untab() {
  text=$1
  while case $text in *"$tab"*) true ;; *) false ;; esac; do
    text="${text%%"$tab"*} ${text#*"$tab"}"
  done
}

probe_links() {
  while IFS= read -r row; do
    [ -n "$row" ] || continue
    set -f
    # shellcheck disable=SC2086
    set -- $row
    set +f
    name=${2%:}
    name=${name%%@*}
    flags=$3
    mac=-
    kind=-
    master=-
    previous=''
    shift 3
    for word in "$@"; do
      case $previous in
        link/ether) mac=$word ;;
        master) master=$word ;;
        '\') [ "$kind" = - ] && kind=$word ;;
      esac
      [ "$word" = link/loopback ] && kind=loopback
      previous=$word
    done
    driver=-
    if [ -e "/sys/class/net/$name/device/driver" ]; then
      driver=$(readlink "/sys/class/net/$name/device/driver")
      driver=${driver##*/}
    fi
    state=down
    case $flags in *,UP,* | *'<UP,'* | *,UP'>'*) state=up ;; esac
    emit I "$name" "$mac" "$driver" "$kind" "$master" "$state"
  done <<EOF
$(ip -o -d link show)
EOF
}

probe_addresses() {
  while IFS= read -r row; do
    [ -n "$row" ] || continue
    set -f
    # shellcheck disable=SC2086
    set -- $row
    set +f
    name=${2%%@*}
    address=$4
    marks=''
    shift 4
    for word in "$@"; do
      case $word in dynamic | secondary) marks="$marks${marks:+,}$word" ;; esac
    done
    emit A "$name" "$address" "$marks"
  done <<EOF
$(ip -o addr show)
EOF
}

probe_dhcp_routes() {
  seen=' '
  while IFS= read -r row; do
    set -f
    # shellcheck disable=SC2086
    set -- $row
    set +f
    while [ $# -gt 1 ]; do
      if [ "$1" = dev ]; then
        case $seen in *" $2 "*) ;; *) seen="$seen$2 " && emit R "$2" ;; esac
      fi
      shift
    done
  done <<EOF
$(ip -4 route show proto dhcp; ip -6 route show proto dhcp)
EOF
}

# Only the lines that decide DHCP/static and DNS, to stay inside the budget.
wanted_line() {
  case $path in
    *.lease | *.leases | */netif/leases/*)
      case $1 in *interface* | *fixed-address* | *domain-name-servers* | lease* | '}'* | ADDRESS=* | DNS=*) return 0 ;; esac
      return 1 ;;
    */sysconfig/network/config)
      case $1 in NETCONFIG_DNS_STATIC_SERVERS=*) return 0 ;; esac
      return 1 ;;
    */system-connections/*)
      case $1 in '['* | type=* | interface-name=* | mac-address=* | method=* | address* | dns=* | ignore-auto-dns=*) return 0 ;; esac
      return 1 ;;
    */ifcfg-*)
      case $1 in DEVICE=* | HWADDR=* | BOOTPROTO=* | IPADDR* | PREFIX* | NETMASK* | DNS* | PEERDNS=*) return 0 ;; esac
      return 1 ;;
    */dhclient.conf)
      case $1 in supersede*domain-name-servers* | prepend*domain-name-servers*) return 0 ;; esac
      return 1 ;;
  esac
  return 0
}

probe_file() {
  path=$1
  file="$root$path"
  [ -f "$file" ] && [ -r "$file" ] || return 0
  if [ -L "$file" ]; then
    emit X symlink "$path" "$(readlink "$file")"
  fi
  emit F "$path"
  while IFS= read -r line || [ -n "$line" ]; do
    untab "$line"
    body=${text#"${text%%[! ]*}"}
    case $body in '' | '#'* | ';'*) continue ;; esac
    wanted_line "$body" || continue
    emit '|' $((${#text} - ${#body})) "$body"
  done <"$file"
}

probe_files() {
  for pattern in \
    /etc/netplan/*.yaml /etc/systemd/network/*.network /etc/NetworkManager/system-connections/* \
    /etc/sysconfig/network-scripts/ifcfg-* /etc/sysconfig/network/ifcfg-* /etc/sysconfig/network/config \
    /etc/network/interfaces /etc/network/interfaces.d/* /etc/cloud/cloud.cfg.d/*network* \
    /etc/systemd/resolved.conf /etc/systemd/resolved.conf.d/*.conf /etc/dhcp/dhclient.conf \
    /etc/resolv.conf /run/systemd/resolve/resolv.conf \
    /var/lib/dhcp/*.leases /var/lib/dhclient/*.lease* /var/lib/NetworkManager/*.lease /run/systemd/netif/leases/*; do
    for file in "$root"$pattern; do
      [ -e "$file" ] && probe_file "${file#"$root"}"
    done
  done
}

probe_immutable() {
  command -v lsattr >/dev/null 2>&1 || {
    emit X note lsattr-missing
    return 0
  }
  [ -e "$root/etc/resolv.conf" ] || return 0
  attrs=$(lsattr -d "$root/etc/resolv.conf" 2>/dev/null) || return 0
  case ${attrs%% *} in *i*) emit X immutable /etc/resolv.conf ;; esac
}

if command -v ip >/dev/null 2>&1 && ip -o link show >/dev/null 2>&1; then
  emit H "$(uname -n)"
  probe_links
  probe_addresses
  probe_dhcp_routes
  probe_immutable
  probe_files
else
  status='error:iproute2 (ip) is missing or failed'
fi
printf 'NICGUARD-PROBE\tv1\tlinux\n%sNICGUARD-PROBE-END\tv1\tstatus=%s\tlines=%s\ttrunc=%s\n' "$out" "$status" "$lines" "$trunc"
