# vmtest-action: sourced by init.sh (bash) when the target asks for `network = "user"`:
# QEMU's user networking behind a virtio-net NIC, set up statically the way QEMU's defaults
# have it — the guest 10.0.2.15/24, the host and gateway 10.0.2.2, DNS at 10.0.2.3 — so the
# command reaches the host's services as 10.0.2.2 and, through it, the internet.
#
# With a busybox its `ip` applet does it; else iproute2's `ip`, one exec for all of it
# (-batch). A guest without either, or a kernel without virtio-net, stays offline, and the
# console says why. Nothing here is fatal: the command may not need the network.

net_dev=
for dir in /sys/class/net/*; do
    # The first Ethernet device (type 1): -nodefaults leaves ours the only one.
    [[ ${dir##*/} != lo ]] && read -r type <"$dir/type" && ((type == 1)) && net_dev=${dir##*/} && break
done 2>/dev/null

if [[ -z $net_dev ]]; then
    log "network: no Ethernet device (a kernel without CONFIG_VIRTIO_NET?): the guest stays offline"
elif ((${#bb[@]})); then
    { "${bb[@]}" ip addr add 10.0.2.15/24 dev "$net_dev" &&
        "${bb[@]}" ip link set "$net_dev" up &&
        "${bb[@]}" ip route add default via 10.0.2.2; } ||
        log "network: configuring $net_dev with busybox ip failed"
elif type -P ip >/dev/null; then
    ip -batch - <<EOF || log "network: configuring $net_dev with ip failed"
addr add 10.0.2.15/24 dev $net_dev
link set $net_dev up
route add default via 10.0.2.2
EOF
else
    log "network: neither busybox nor ip (iproute2) in the guest root: $net_dev is not configured"
fi

# DNS, without ever writing the shared root: with rootfs `/` its /etc/resolv.conf is the
# host's own. The guest's file lives on its private /run and is bind-mounted over the root's
# (or, when /etc/resolv.conf is a link into /run that this guest lacks, as systemd-resolved
# makes it, written there: /run is the guest's tmpfs).
net_run=
while read -r _ net_dir net_type _; do
    [[ $net_dir == /run && $net_type == tmpfs ]] && net_run=1
done </proc/mounts
net_mount=(mount)
((${#bb[@]})) && net_mount=("${bb[@]}" mount)
if [[ -z $net_run ]]; then
    log "network: /run is not the guest's own tmpfs: /etc/resolv.conf left alone, names do not resolve"
elif ! printf 'nameserver 10.0.2.3\n' >/run/vmtest-resolv.conf; then
    log "network: cannot write /run/vmtest-resolv.conf: names do not resolve"
elif [[ -f /etc/resolv.conf ]]; then
    "${net_mount[@]}" -n --bind /run/vmtest-resolv.conf /etc/resolv.conf ||
        log "network: cannot bind /run/vmtest-resolv.conf over /etc/resolv.conf: names do not resolve"
elif [[ -L /etc/resolv.conf ]]; then
    # Only a link into /run (absolute, or ../run from /etc), with no `..` after that: never a
    # file on the shared root.
    net_target=$("${bb[@]}" readlink /etc/resolv.conf)
    case $net_target in
        ../run/* | /run/*) net_target=/run/${net_target#*/run/} ;;
        *) net_target= ;;
    esac
    [[ $net_target == */../* || $net_target == */.. ]] && net_target=
    if [[ -n $net_target ]] && "${bb[@]}" mkdir -p "${net_target%/*}" && printf 'nameserver 10.0.2.3\n' >"$net_target"; then
        :
    else
        log "network: /etc/resolv.conf is a link this guest cannot fill: names do not resolve"
    fi
else
    log "network: the guest root has no /etc/resolv.conf to bind over: names do not resolve"
fi
unset net_dev net_run net_dir net_type net_mount net_target dir type
