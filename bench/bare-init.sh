#!/bin/bash
# The bare floor: PID 1 of a QEMU boot with nothing but the kernel and its 9p root. No mounts,
# no ports, no agent: it runs the command (`true`) and powers off at once with busybox's
# `poweroff -f` (the reboot system call, no /proc needed; the host puts busybox's path in
# the file `busybox` beside this script), or the root's `poweroff -f` without one.
here=${0%/*}
bash -c "$(<"$here/command")"
read -r bb <"$here/busybox"
if [[ -n $bb ]]; then
    exec "$bb" poweroff -f
fi
exec poweroff -f
