#!/bin/bash
# The benchmark's floor: PID 1 of a bare QEMU boot that does only what running a command
# needs, with no host agent in the loop. Mounts proc and sysfs (devtmpfs when the kernel did
# not), finds the command port by name, runs the command from the file `command` beside this
# script with `bash -c`, its output on the port, then syncs and powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
[[ -e /dev/null ]] || mount -t devtmpfs dev /dev
port=/dev/console
for dir in /sys/class/virtio-ports/*; do
    [[ $(<"$dir/name") == org.qemu.virtio_serial.0 ]] && port=/dev/${dir##*/}
done
bash -c "$(<"${0%/*}/command")" >"$port" 2>&1
sync
poweroff -f
