#!/bin/sh
# vmtest-action: PID 1 of the generated initramfs (busybox sh), used for stock distro kernels
# whose 9p and virtio drivers are modules. It loads those modules in dependency order, mounts
# the 9p root the kernel would have mounted itself (root=/rootfstype=/rootflags=), and hands
# over to the real init named by `init=` on the kernel command line.
#
# Any failure prints one `vmtest-initramfs: FATAL:` line and powers the VM off, so the host
# sees QEMU exit with the reason on the console instead of waiting for its boot deadline.

export PATH=/bin
# The command line is split on whitespace below: no globbing of its words.
set -f

say() { echo "vmtest-initramfs: $*"; }

fail() {
    say "FATAL: $*"
    say "powering off"
    poweroff -f
    # poweroff can only fail if the reboot syscall does; try the sysrq route, then let the
    # kernel panic (PID 1 exiting), which panic=-1 and -no-reboot turn into a QEMU exit.
    echo o >/proc/sysrq-trigger 2>/dev/null
    sleep 5
    exit 1
}

mount -t proc -o nosuid,nodev,noexec proc /proc || fail "cannot mount /proc"
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys || fail "cannot mount /sys"
mount -t devtmpfs -o nosuid,noexec devtmpfs /dev || fail "cannot mount devtmpfs on /dev (CONFIG_DEVTMPFS)"

# The kernel ignores root=/rootflags=/init= once an initramfs runs: read them ourselves, with
# the defaults the kernel would use for a 9p root. Of `ro` and `rw` the last one wins, as in
# the kernel. Words after `--` belong to init, not to us.
init=
root=/dev/root
rootfstype=9p
rootflags=
rootmode=rw
for word in $(cat /proc/cmdline); do
    case $word in
        --) break ;;
        init=*) init=${word#init=} ;;
        root=*) root=${word#root=} ;;
        rootfstype=*) rootfstype=${word#rootfstype=} ;;
        rootflags=*) rootflags=${word#rootflags=} ;;
        ro) rootmode=ro ;;
        rw) rootmode=rw ;;
    esac
done
[ -n "$init" ] || fail "no init= on the kernel command line"
# shared_fs = "virtiofs" roots take no options of ours; a 9p root without rootflags= gets the
# ones the kernel would use.
[ -n "$rootflags" ] || [ "$rootfstype" != 9p ] || rootflags=@NINEP_OPTIONS@

# One path per line, dependencies first (written by src/initramfs/build.ts).
loaded=0
while read -r module; do
    [ -n "$module" ] || continue
    if ! out=$(insmod "$module" 2>&1); then
        fail "insmod $module failed: ${out:-no message} (the kernel's reason is in the lines above)"
    fi
    loaded=$((loaded + 1))
done </etc/vmtest-initramfs/modules

mkdir -p /newroot
# The 9p transport binds its devices while insmod runs; retry briefly in case a mount tag
# is not registered yet.
tries=0
until out=$(mount -t "$rootfstype" -o "${rootflags:+$rootflags,}$rootmode" "$root" /newroot 2>&1); do
    tries=$((tries + 1))
    if [ "$tries" -ge 25 ]; then
        fail "cannot mount the $rootfstype root (tag $root, options ${rootflags:+$rootflags,}$rootmode): ${out:-no message}"
    fi
    sleep 0.2
done
[ -e "/newroot$init" ] || fail "init $init does not exist in the $rootfstype root"

# devtmpfs moves along (the real init then finds /dev already mounted, as when the kernel
# automounts it without an initramfs); proc and sys are mounted afresh by the real init.
if [ -d /newroot/dev ]; then
    mount --move /dev /newroot/dev || fail "cannot move /dev into the new root"
else
    umount /dev
fi
umount /sys
say "loaded $loaded modules, switching root"
umount /proc
exec switch_root /newroot "$init"
fail "switch_root /newroot $init failed"
