#!/bin/bash
# vmtest-action: PID 1 of a kernel target's guest.
#
# The host's root (or the target's rootfs) is the guest root over 9p. Everything a running
# system expects to be private (proc, sys, dev, run, mnt) is mounted over it here so the
# guest never writes into those host directories. Those mounts may fail and are only logged:
# kernels built for tests often lack debugfs, tracefs or cgroups and the command may not need
# them. Then the 9p shares (/mnt/vmtest and vm.mounts) are mounted, which must work, and this
# init runs the command itself (no guest agent: the root needs only bash), reporting to the
# host on the output port, or puts the interactive shell on the console.
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
# the command and the shell. `lo` up (the kernel then gives it 127.0.0.1 and
# ::1), through sysfs: no program to load.
ulimit -l unlimited 2>/dev/null
if read -r flags 2>/dev/null </sys/class/net/lo/flags; then
    echo $((flags | 1)) 2>/dev/null >/sys/class/net/lo/flags
fi
# `network = "user"`: configure the NIC (network.sh beside this script).
network=@NETWORK@
((network)) && . "$here/network.sh"

# The command's output port, found by name (its /dev/vportNpM number depends on device
# order). The host reads everything it needs from it: that the guest is up, the command's
# output, the command's end and status.
output_port=
for dir in /sys/class/virtio-ports/*; do
    # `read`, not $(<...): a builtin, no subshell.
    if [[ -r $dir/name ]] && read -r name <"$dir/name" && [[ $name == org.qemu.virtio_serial.0 ]]; then
        output_port=/dev/${dir##*/}
    fi
done
[[ -n $output_port ]] || fatal "no virtio port named org.qemu.virtio_serial.0 (is CONFIG_VIRTIO_CONSOLE enabled?)"

# What the host handed over beside this script (src/guest/templates.ts renderHandover): the
# port's end marker, and for a command its text, directory, environment and wrapper. Lines
# that carry the marker are the host's, never the command's output: `<marker> ready
# <release>` says the guest is up (and which kernel runs), `<marker> <status>` that the
# command ended. Writes to the port wait until the host has connected to it.
. "$here/command.vars" || fatal "cannot read the host's handover $here/command.vars"
read -r release </proc/sys/kernel/osrelease

# vmtest's `-` command: a login shell on the console, in a session of its own with the
# console as its controlling terminal (job control, Ctrl-C), started where a command would
# run, told the size of the user's terminal (DIR [ROWS COLUMNS]). Leaving it ends init,
# which powers off; the host reads the status from the console.
shell=(@SHELL@)
if ((${#shell[@]})); then
    printf '%s ready %s\n' "$vmtest_marker" "$release" >"$output_port"
    cd -- "${shell[0]}" || cd /
    ((${#shell[@]} == 3)) && stty -F /dev/console rows "${shell[1]}" cols "${shell[2]}"
    setsid --ctty --wait bash --login </dev/console >/dev/console 2>&1
    echo "vmtest: interactive shell exited with $?" >/dev/console
    exit 0
fi

# The command's output path: a pipe this PID 1 holds as fd 9, copied to the port by `cat`
# (busybox's when there is one: it loads fastest). The command's stdout and stderr are that
# pipe, which test runners can open again as /dev/stdout (kselftest's `4>>/dev/stdout`),
# where the port itself opens only once.
exec 9> >(exec "${bb[@]}" cat >"$output_port") ||
    fatal "cannot open the output port $output_port"
printf '%s ready %s\n' "$vmtest_marker" "$release" >&9

# The command, in the wrapper, as upstream's agent runs it: its own bash process (`$$` is
# the wrapper's, which `kill -KILL $$` may end), stdin /dev/null, and exactly the host's
# environment, nothing of this init's: `env -i` hands bash the host's NAME=VALUE words as
# its whole environment, which it reads as it starts (locale, BASH_ENV), as under the agent.
# (busybox's env, already loaded for the mounts, costs less than exporting them here
# first: the locale would be loaded twice.) Its status comes from here, so a wrapper killed
# by a signal still ends with a marker (status 128+N); bash's own notice of that death
# stays off the console (the group's stderr), as upstream's agent shows none.
{
    (exec "${bb[@]}" env -i -- "${vmtest_env[@]}" "$BASH" -c "$vmtest_wrapper" bash "$vmtest_cwd" '' "$vmtest_command" </dev/null >&9 2>&1 9>&-)
    status=$?
} 2>/dev/null
# The guest's writes to shared folders (cache=mmap holds mmap'd ones) reach the host before
# the host hears the end and stops QEMU. Only when the kernel holds dirty pages: a sync is a
# program to load (busybox's, when there is one, starts fastest).
while read -r key kb _ && [[ $key != Dirty: ]]; do :; done </proc/meminfo
[[ $key == Dirty: && $kb == 0 ]] || "${bb[@]}" sync
printf '%s %d\n' "$vmtest_marker" "$status" >&9

# The host stops the VM with QMP once it has the marker. Waiting in bash keeps PID 1 alive
# without depending on a sleep binary.
while :; do
    read -r -t 3600 _ </dev/console || :
done
