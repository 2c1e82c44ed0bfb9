#!/bin/bash
# vmtest-action: PID 1 of a kernel target's guest.
#
# The host's root (or the target's rootfs) is the guest root over 9p. Everything a running
# system expects to be private (proc, sys, dev, run, mnt) is mounted over it here so the
# guest never writes into those host directories. Mount failures are logged, not fatal:
# kernels built for tests often lack debugfs, tracefs or cgroups and the command may not
# need them. The host drives everything else through the guest agent started at the end.

export PATH=@PATH@:/usr/local/sbin:/usr/sbin:/sbin
umask 022

log() {
    if [[ -w /dev/kmsg ]]; then
        echo "<6>vmtest: $*" >/dev/kmsg
    else
        echo "vmtest: $*" >/dev/console
    fi
}

# Every exec here costs 50-100 ms under TCG, most of it reading the program's libraries over
# 9p. A static busybox, when the root has one, does the same mount/mkdir/ln syscalls in a
# fraction of that: ~0.7 s less boot (bench/). `-n`: never write /etc/mtab, which on a shared
# root is the host's.
bb=()
if bb_path=$(type -P busybox); then bb=("$bb_path"); fi

try_mount() { # fstype source target options
    # [[ -d ]] first: most mount points exist, and mkdir would be one more exec.
    [[ -d $3 ]] || "${bb[@]}" mkdir -p "$3" 2>/dev/null
    "${bb[@]}" mount -n -t "$1" -o "$4" "$2" "$3" 2>/dev/null || log "could not mount $1 at $3 (kernel option missing?)"
}

# A poweroff on any exit, so a dying init never leaves the kernel panicking in a loop.
trap 'poweroff -f' EXIT

# The 9p root shows the host's /proc until we mount the guest's own. proc always mounts, so
# a busybox that fails here lacks the applet: use util-linux from here on.
if ! "${bb[@]}" mount -n -t proc -o nosuid,nodev,noexec proc /proc 2>/dev/null; then
    bb=()
    mount -t proc -o nosuid,nodev,noexec proc /proc
fi
# Read /proc/mounts with builtins rather than grep (one exec less).
dev_mounted=
while read -r _ mnt _; do
    [[ $mnt == /dev ]] && dev_mounted=1
done </proc/mounts
if [[ -z $dev_mounted ]]; then
    "${bb[@]}" mount -n -t devtmpfs -o nosuid,noexec dev /dev
fi
try_mount tmpfs tmpfs /dev/shm nosuid,nodev
try_mount devpts devpts /dev/pts nosuid,noexec,gid=5,mode=620
try_mount tmpfs tmpfs /run nosuid,nodev,mode=755
try_mount sysfs sys /sys nosuid,nodev,noexec
try_mount debugfs debugfs /sys/kernel/debug nosuid,nodev,noexec
try_mount tracefs tracefs /sys/kernel/tracing nosuid,nodev,noexec
try_mount cgroup2 cgroup2 /sys/fs/cgroup nosuid,nodev,noexec
try_mount tmpfs tmpfs /mnt nosuid,nodev
# Process substitution needs /dev/fd.
[[ -e /dev/fd ]] || "${bb[@]}" ln -s /proc/self/fd /dev/fd

# The guest agent's port, found by name (its /dev/vportNpM number depends on device order).
agent_port=
for dir in /sys/class/virtio-ports/*; do
    if [[ -r $dir/name && $(<"$dir/name") == org.qemu.guest_agent.0 ]]; then
        agent_port=/dev/${dir##*/}
    fi
done
if [[ -z $agent_port ]]; then
    log "no virtio port named org.qemu.guest_agent.0 (is CONFIG_VIRTIO_CONSOLE enabled?)"
    exit 1
fi

agent_log=()
[[ -w /dev/kmsg ]] && agent_log=(--logfile /dev/kmsg)
# --statedir/--pidfile are explicit: distros build qemu-ga with different defaults.
# The agent: `qemu-ga` from PATH, or the runner's tool-cache copy with its library path.
agent=(@AGENT@)
if ! "${agent[@]}" --method=virtio-serial --path="$agent_port" --statedir /run \
        --pidfile /run/qemu-ga.pid "${agent_log[@]}" -d; then
    log "qemu-ga failed to start (is qemu-guest-agent installed in the guest root?)"
    exit 1
fi
log "init done, guest agent on $agent_port"

# Nothing else to do: the host runs the command through the agent and stops the VM with
# QMP. Waiting in bash keeps PID 1 alive without depending on a sleep binary.
while :; do
    read -r -t 3600 _ </dev/console || :
done
