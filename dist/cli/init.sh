#!/bin/bash
# vmtest-action: PID 1 of a kernel target's guest.
#
# The host's root (or the target's rootfs) is the guest root over 9p. Everything a running
# system expects to be private (proc, sys, dev, run, mnt) is mounted over it here so the
# guest never writes into those host directories. Those mounts may fail and are only logged:
# kernels built for tests often lack debugfs, tracefs or cgroups and the command may not need
# them. Then the 9p shares (/mnt/vmtest and vm.mounts) are mounted, which must work, and the
# guest agent is started; the host drives the rest through it.
#
# Every exec here costs 30-130 ms under TCG, mostly reading the program over 9p, so this
# script counts them: builtins wherever bash has one, busybox for the mounts when the root
# has one.

export PATH=@PATH@
umask 022
here=${0%/*}

log() {
    if [[ -w /dev/kmsg ]]; then
        echo "<6>vmtest: $*" >/dev/kmsg
    else
        echo "vmtest: $*" >/dev/console
    fi
}

# A reason the host reports as the target's error (src/guest/markers.ts). Straight to the
# console: a `quiet` kernel would not print it from /dev/kmsg. mount.sh says it the same way.
fatal() {
    echo "vmtest: FATAL: $*" >/dev/console
    exit 1
}

# A poweroff on any exit, so a dying init never leaves the kernel panicking in a loop.
trap 'poweroff -f' EXIT

# The mounts: proc, dev, the system.fstab entries, then the 9p shares as TAG PATH READONLY
# triples (/mnt/vmtest unless workspace_mount is off, then vm.mounts), all by mount.sh
# beside this script. With a busybox (the host looked it up on PATH) that is one exec in all;
# without, util-linux's mount and coreutils' mkdir run from this bash. mount.sh says why when
# it fails.
# VMTEST_DEBUG (the host asked for debug output) makes mount.sh name the optional mounts it
# skipped.
bb=(@BUSYBOX@)
shares=(@SHARES@)
VMTEST_DEBUG=@DEBUG@
if ((${#bb[@]})); then
    VMTEST_BUSYBOX=${bb[0]} VMTEST_DEBUG=$VMTEST_DEBUG "${bb[@]}" sh "$here/mount.sh" --system "$here/system.fstab" "${shares[@]}" || exit 1
else
    . "$here/mount.sh" --system "$here/system.fstab" "${shares[@]}"
fi

# What BPF and network tests expect of a system, each quietly skipped when the kernel lacks
# it (bpffs is in system.fstab). Locked memory, which BPF maps are charged to: no limit for
# the agent, the command and the shell. `lo` up (the kernel then gives it 127.0.0.1 and
# ::1), through sysfs: no program to load.
ulimit -l unlimited 2>/dev/null
if read -r flags 2>/dev/null </sys/class/net/lo/flags; then
    echo $((flags | 1)) 2>/dev/null >/sys/class/net/lo/flags
fi
# `network = "user"`: configure the NIC (network.sh beside this script).
network=@NETWORK@
((network)) && . "$here/network.sh"

# The guest agent's port and the command's output port, found by name (their /dev/vportNpM
# numbers depend on device order).
agent_port=
output_port=
for dir in /sys/class/virtio-ports/*; do
    # `read`, not $(<...): a builtin, no subshell.
    if [[ -r $dir/name ]] && read -r name <"$dir/name"; then
        [[ $name == org.qemu.guest_agent.0 ]] && agent_port=/dev/${dir##*/}
        [[ $name == org.qemu.virtio_serial.0 ]] && output_port=/dev/${dir##*/}
    fi
done
[[ -n $agent_port ]] || fatal "no virtio port named org.qemu.guest_agent.0 (is CONFIG_VIRTIO_CONSOLE enabled?)"

# The command's output path, made now so that its `cat` loads while the agent starts, off the
# command's path: a pipe this PID 1 holds as fd 9, copied to the output port. The wrapper
# (command.sh) writes into it through /proc/1/fd/9 — a pipe, which test runners can open
# again as /dev/stdout, where the port itself opens only once — and learns its name from
# /dev/.vmtest-output (/dev is the guest's own devtmpfs, never the shared root).
shell=(@SHELL@)
if [[ -n $output_port ]] && ((!${#shell[@]})); then
    exec 9> >(exec "${bb[@]}" cat >"$output_port") && echo /proc/1/fd/9 >/dev/.vmtest-output
fi

agent_log=()
[[ -w /dev/kmsg ]] && agent_log=(--logfile /dev/kmsg)
# --statedir/--pidfile are explicit: distros build qemu-ga with different defaults.
# The agent: `qemu-ga` from PATH, or the runner's tool-cache copy with its library path.
agent=(@AGENT@)
"${agent[@]}" --method=virtio-serial --path="$agent_port" --statedir /run \
    --pidfile /run/qemu-ga.pid "${agent_log[@]}" -d ||
    fatal "the guest agent (${agent[*]}) failed to start (is qemu-guest-agent installed in the guest root?)"
log "init done, guest agent on $agent_port"

# vmtest's `-` command: a login shell on the console, in a session of its own with the
# console as its controlling terminal (job control, Ctrl-C), started where a command would
# run, told the size of the user's terminal (DIR [ROWS COLUMNS]). Leaving it ends init,
# which powers off; the host reads the status from the console.
if ((${#shell[@]})); then
    cd -- "${shell[0]}" || cd /
    ((${#shell[@]} == 3)) && stty -F /dev/console rows "${shell[1]}" cols "${shell[2]}"
    setsid --ctty --wait bash --login </dev/console >/dev/console 2>&1
    echo "vmtest: interactive shell exited with $?" >/dev/console
    exit 0
fi

# Nothing else to do: the host runs the command through the agent and stops the VM with
# QMP. Waiting in bash keeps PID 1 alive without depending on a sleep binary.
while :; do
    read -r -t 3600 _ </dev/console || :
done
