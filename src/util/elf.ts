import type { Arch } from '../plan/types.js'

// Just enough ELF to tell whether a program can run alone in an initramfs: it must not ask
// for a program interpreter (PT_INTERP, i.e. ld.so), and it must be built for the guest.

const PT_INTERP = 3

/** e_machine values of the architectures we boot. */
const MACHINES: Record<number, Arch> = { 0x3e: 'x86_64', 0xb7: 'aarch64', 0x16: 's390x', 0xf3: 'riscv64' }

export interface ElfInfo {
  /** undefined for a machine we do not boot (the raw value is in `machine`). */
  arch: Arch | undefined
  machine: number
  /** True when the program has no PT_INTERP: it runs without a dynamic loader
   *  (static-pie programs have PT_DYNAMIC but no PT_INTERP, and count as static). */
  isStatic: boolean
}

/** Reads the ELF header and program headers in `data`; undefined when it is not ELF or is
 *  truncated. */
export function readElfInfo(data: Buffer): ElfInfo | undefined {
  if (data.length < 52 || data.readUInt32BE(0) !== 0x7f454c46) return undefined
  const is64 = data[4] === 2
  const le = data[5] === 1
  if (!is64 && data[4] !== 1) return undefined
  const u16 = (at: number): number => (le ? data.readUInt16LE(at) : data.readUInt16BE(at))
  const u32 = (at: number): number => (le ? data.readUInt32LE(at) : data.readUInt32BE(at))
  const u64 = (at: number): number => Number(le ? data.readBigUInt64LE(at) : data.readBigUInt64BE(at))
  if (is64 && data.length < 64) return undefined
  const machine = u16(0x12)
  const phoff = is64 ? u64(0x20) : u32(0x1c)
  const phentsize = u16(is64 ? 0x36 : 0x2a)
  const phnum = u16(is64 ? 0x38 : 0x2c)
  if (phentsize < 4 || phoff + phnum * phentsize > data.length) return undefined
  let isStatic = true
  for (let i = 0; i < phnum; i++) {
    if (u32(phoff + i * phentsize) === PT_INTERP) isStatic = false
  }
  return { arch: MACHINES[machine], machine, isStatic }
}
