// The words our guest scripts say when they give up, in one place: the scripts in templates/
// print them, and the host's console watch (src/analysis/console-watch.ts) and the image
// mount step look for them. A change here must change the scripts, and the other way round.

/** templates/init.sh `fatal` (on the console) and templates/mount.sh (on stderr), followed by
 *  the reason, just before the init powers the VM off or the mount script exits. */
export const INIT_FATAL_MARKER = 'vmtest: FATAL:'

/** templates/initramfs-init.sh `fail`, followed by the reason, before it powers the VM off:
 *  the host treats it like a kernel panic (fail at once, show the console tail). */
export const INITRAMFS_FATAL_MARKER = 'vmtest-initramfs: FATAL:'
