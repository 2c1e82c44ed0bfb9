import { ARCHES, type Arch } from '../plan/types.js'

// Node's names for the host CPU → QEMU's / upstream's names (upstream uses Rust's ARCH).
const NODE_TO_ARCH: Partial<Record<string, Arch>> = {
  x64: 'x86_64',
  arm64: 'aarch64',
  s390x: 's390x',
  riscv64: 'riscv64',
}

/** The host's arch in vmtest's naming, or undefined on a host vmtest cannot target. */
export function hostArch(nodeArch: string = process.arch): Arch | undefined {
  return NODE_TO_ARCH[nodeArch]
}

export function isArch(value: string): value is Arch {
  return (ARCHES as readonly string[]).includes(value)
}

export function defaultQemuCommand(arch: Arch): string {
  return `qemu-system-${arch}`
}
