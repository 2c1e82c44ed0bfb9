// The 9p mount options of every share, in one place: the root (the kernel command line's
// rootflags, and our initramfs's fallback when none is given) and /mnt/vmtest and vm.mounts
// (the guest's mount script) all mount with these. cache=mmap lets programs mmap files on
// the share (loaders, test binaries); msize 1 MiB cuts round trips on large reads (the
// kernel caps it at what the virtio transport allows).
export const NINEP_MOUNT_OPTIONS = 'trans=virtio,cache=mmap,msize=1048576'
