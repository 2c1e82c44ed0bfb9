// Per-architecture facts for the QEMU command line. Checked on QEMU 7.2 under TCG: every
// arch's machine + TCG cpu starts, and the console names below print the kernel log
// (s390x: the SCLP line-mode console registers as ttyS0, so upstream's `console=0` works).
import type { Arch } from '../plan/types.js'

export interface ArchSpec {
  arch: Arch
  /** Default QEMU program (looked up in PATH). */
  program: string
  /** Machine selection, empty for the QEMU default board (x86 `pc`, s390x `s390-ccw-virtio`). */
  machine: string[]
  /** `-cpu` value without KVM (TCG). */
  tcgCpu: string
  /** Console device as written in the kernel command line. `0` is the kernel's shorthand for
   *  ttyS0 (the 8250 UART on x86 and riscv64, the SCLP console on s390x), as upstream uses. */
  console: string
  /** An extra `-device` the serial console needs. None of the supported arches need one:
   *  `-serial` binds the board's UART (or SCLP console) directly. */
  serialDevice?: string
  /** virtio block device for image targets: the s390-ccw firmware boots only CCW devices. */
  blkDevice: string
  /** Usual file names of a bootable kernel for this arch (`-kernel` accepts them). */
  kernelNames: string[]
  /** Where a kernel build tree puts the bootable image, relative to the tree. */
  kernelBuildPath: string
}

const SPECS: Record<Arch, ArchSpec> = {
  x86_64: {
    arch: 'x86_64',
    program: 'qemu-system-x86_64',
    machine: [],
    tcgCpu: 'qemu64',
    console: '0',
    blkDevice: 'virtio-blk-pci',
    kernelNames: ['bzImage', 'vmlinuz', 'vmlinux'],
    kernelBuildPath: 'arch/x86/boot/bzImage',
  },
  aarch64: {
    arch: 'aarch64',
    program: 'qemu-system-aarch64',
    machine: ['-machine', 'virt,gic-version=3'],
    tcgCpu: 'max',
    console: 'ttyAMA0',
    blkDevice: 'virtio-blk-pci',
    kernelNames: ['Image', 'Image.gz', 'vmlinuz', 'vmlinux'],
    kernelBuildPath: 'arch/arm64/boot/Image',
  },
  s390x: {
    arch: 's390x',
    program: 'qemu-system-s390x',
    machine: [],
    tcgCpu: 'max',
    console: '0',
    blkDevice: 'virtio-blk-ccw',
    kernelNames: ['bzImage', 'image', 'vmlinuz', 'vmlinux'],
    kernelBuildPath: 'arch/s390/boot/bzImage',
  },
  riscv64: {
    arch: 'riscv64',
    program: 'qemu-system-riscv64',
    machine: ['-machine', 'virt'],
    // sscofpmf: counter overflow interrupts, so perf sampling works in the guest (upstream).
    tcgCpu: 'rv64,sscofpmf=true',
    console: '0',
    blkDevice: 'virtio-blk-pci',
    kernelNames: ['Image', 'Image.gz', 'vmlinuz', 'vmlinux'],
    kernelBuildPath: 'arch/riscv/boot/Image',
  },
}

export function archSpec(arch: Arch): ArchSpec {
  const spec = SPECS[arch]
  // Targets come from validated config, but a bad cast should fail loudly, not build `undefined`.
  if (!spec) throw new Error(`unsupported arch '${String(arch)}' (supported: ${Object.keys(SPECS).join(', ')})`)
  return spec
}

// Node's names for CPUs → vmtest's (upstream uses Rust's std::env::consts::ARCH names).
// The host's arch lives with the other arch names of the config.
export { hostArch } from '../config/arch.js'
