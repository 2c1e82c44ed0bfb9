# vmtest-action: mounts what the guest needs, in POSIX sh so that one script serves two
# callers:
#  - a kernel target's init runs `busybox sh mount.sh --system FSTAB TAG PATH RO ...` from
#    beside itself (or sources it into bash when the root has no busybox). busybox's sh runs
#    mount, mkdir and ln as its own applets, with no program to load over 9p: under TCG each
#    exec of one costs 30-130 ms, mostly reading it and its libraries. --system first mounts the guest's private
#    proc, dev, sys, run and mnt over the shared root (FSTAB: templates/system.fstab).
#  - the guest agent of an image target runs `bash -c <this> vmtest TAG PATH RO ...`; then it
#    prints the guest kernel's release first, so the host learns it without a round trip.
# Then each 9p share (TAG PATH RO triples: /mnt/vmtest unless workspace_mount is off, then
# vm.mounts) is mounted.
# `-n` on every mount: never write /etc/mtab, which on a shared root is the host's. A failure
# here is fatal and says why on stderr, after `vmtest: FATAL:` (src/guest/markers.ts).

vmtest_fail() {
    echo "vmtest: FATAL: $*" >&2
    exit 1
}

if [ "$1" = --system ]; then
    vmtest_fstab=$2
    shift 2
    # Until the guest's own proc is mounted, /proc is the host's, seen over 9p: busybox's
    # applets (which re-exec /proc/self/exe) must not run before, so this mount is the
    # busybox binary itself, by path, when there is one (VMTEST_BUSYBOX, set by init).
    ${VMTEST_BUSYBOX:+"$VMTEST_BUSYBOX"} mount -n -t proc -o nosuid,nodev,noexec proc /proc || vmtest_fail "cannot mount /proc"
    vmtest_dev=
    while read -r _ vmtest_mnt _; do
        [ "$vmtest_mnt" = /dev ] && vmtest_dev=1
    done </proc/mounts
    # The kernel automounts devtmpfs when built with DEVTMPFS_MOUNT (and our initramfs moves
    # its own along).
    [ -n "$vmtest_dev" ] || mount -n -t devtmpfs -o nosuid,noexec dev /dev || vmtest_fail "cannot mount devtmpfs on /dev"
    # What a fresh devtmpfs lacks (udev makes it elsewhere): the standard links (process
    # substitution needs /dev/fd; test runners write to /dev/stdout and /dev/stderr by name)
    # and the fstab's mount points in /dev (the host fills in DEV_SKELETON of
    # src/guest/templates.ts). busybox's ln and mkdir run in a fork of this sh, no program to
    # load (~3 ms each under TCG; reading the host-made copies over 9p costs ~40 ms);
    # without busybox, one `cp` of those copies beside FSTAB beats a program per entry.
    if [ -n "${VMTEST_BUSYBOX:-}" ]; then
        @DEV_MAKE@
    elif @DEV_MISSING@; then
        cp -an "${vmtest_fstab%/*}"/dev/* /dev/ || echo "vmtest: cannot make the /dev links and folders" >&2
    fi
    # Mount points the fstab needs that a bare rootfs may lack.
    for vmtest_dir in /run /sys /mnt; do
        [ -d "$vmtest_dir" ] || mkdir -p "$vmtest_dir"
    done
    # Optional entries (`nofail` in the fstab: debugfs, tracefs, cgroup2, bpf, listed for this
    # script by the host in vmtest_optional) whose filesystem the kernel lacks are left out
    # (`-t no...`): kernels built for tests often have none of them, and the command may not
    # need them. That is no warning; VMTEST_DEBUG (set by init when the host asked for debug
    # output) names them. Any other failure is reported and the rest still mount.
    # /proc/filesystems read with the shell's own `read` (no `cat` to run: an exec costs more
    # than busybox's byte-at-a-time reads of this small, local file).
    vmtest_optional=@OPTIONAL_FS@
    vmtest_list=' '
    while read -r vmtest_a vmtest_b; do
        vmtest_list="$vmtest_list${vmtest_b:-$vmtest_a} "
    done </proc/filesystems
    vmtest_skip=
    for vmtest_type in $vmtest_optional; do
        case $vmtest_list in *" $vmtest_type "*) ;; *) vmtest_skip=$vmtest_skip${vmtest_skip:+,}$vmtest_type ;; esac
    done
    if [ -n "$vmtest_skip" ] && [ -n "${VMTEST_DEBUG:-}" ]; then
        echo "vmtest: optional mounts skipped, the kernel lacks their filesystems: $vmtest_skip" >&2
    fi
    mount -n -a -T "$vmtest_fstab" ${vmtest_skip:+-t "no$vmtest_skip"} ||
        echo "vmtest: some system mounts failed (kernel options missing?); see above" >&2
else
    uname -r
fi

vmtest_opts=@NINEP_OPTIONS@
vmtest_type=9p
# shared_fs = "virtiofs": the same triples are virtiofs tags, mounted without 9p's options.
if [ "${1:-}" = --virtiofs ]; then
    vmtest_type=virtiofs vmtest_opts=defaults
    shift
fi
# One share's mount, as the loop below has set it up.
vmtest_mount_share() { mount -n -t "$vmtest_type" -o "$vmtest_o" "$vmtest_tag" "$vmtest_path"; }
while [ $# -ge 3 ]; do
    vmtest_tag=$1 vmtest_path=$2 vmtest_o=$vmtest_opts
    [ "$3" = 1 ] && vmtest_o=$vmtest_o,ro
    shift 3
    [ -d "$vmtest_path" ] || mkdir -p -- "$vmtest_path" || vmtest_fail "cannot create the mount point $vmtest_path"
    vmtest_modules=
    if [ "$vmtest_tag" = vmtest-modules ]; then
        # kernel_modules (MODULES_MOUNT_TAG in src/qemu/argv.ts) at PATH=/lib/modules: a
        # private tmpfs goes over it first, so the root's own modules (the host's, when the
        # root is /) are hidden and never written; the folder is mounted beside, below.
        mount -n -t tmpfs -o mode=0755,size=1m vmtest-modules "$vmtest_path" || vmtest_fail "cannot mount a tmpfs on $vmtest_path"
        read -r vmtest_release </proc/sys/kernel/osrelease
        vmtest_modules=$vmtest_path/$vmtest_release
        vmtest_path=$vmtest_path/.kernel_modules
        mkdir -p -- "$vmtest_path" "$vmtest_modules" || vmtest_fail "cannot create the mount points in $vmtest_path"
    fi
    # The 9p device can still be settling right after boot: try again briefly. The first try
    # keeps no message (capturing one is a subshell, a fork); the retries do, for the error.
    vmtest_try=1
    vmtest_mount_share 2>/dev/null ||
        until vmtest_out=$(vmtest_mount_share 2>&1); do
            vmtest_try=$((vmtest_try + 1))
            if [ "$vmtest_try" -ge 10 ]; then
                vmtest_fail "mounting $vmtest_type tag $vmtest_tag at $vmtest_path failed after $vmtest_try attempts: $vmtest_out"
            fi
            sleep 0.2
        done
    if [ -n "$vmtest_modules" ]; then
        # The folder holds lib/modules/<release> (INSTALL_MOD_PATH) or is that folder itself;
        # only the version folder stays, at /lib/modules/<release>, for modprobe.
        vmtest_src=$vmtest_path
        [ -d "$vmtest_path/lib/modules/$vmtest_release" ] && vmtest_src=$vmtest_path/lib/modules/$vmtest_release
        mount -n -o bind "$vmtest_src" "$vmtest_modules" || vmtest_fail "cannot show the kernel_modules folder at $vmtest_modules"
        umount -n "$vmtest_path" && rmdir "$vmtest_path"
    fi
done
