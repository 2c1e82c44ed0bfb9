// KVM or TCG, and why. `auto` takes KVM only for the host's own arch with a /dev/kvm that
// opens read-write, and even then on probation: a KVM that hangs (broken nested
// virtualisation) is detected by the lifecycle, remembered here for the rest of the run, and
// the target is booted again under TCG.
import type { Accel, AccelMode, Arch } from '../plan/types.js'
import { hostArch } from '../platform/arch.js'
import { kvmUsable } from '../platform/kvm.js'

export interface AccelChoice {
  accel: Accel
  reason: string
  /** KVM chosen by `auto`: the lifecycle must watch it and fall back to TCG if it hangs. */
  probation: boolean
}

export class AccelError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AccelError'
  }
}

let kvmBroken: string | undefined

/** Remember for this process that KVM does not work, and why. */
export function markKvmBroken(reason: string): void {
  kvmBroken = reason
}

export async function chooseAccel(arch: Arch, mode: AccelMode, opts: { device?: string } = {}): Promise<AccelChoice> {
  if (mode === 'tcg') return { accel: 'tcg', reason: 'accel: tcg was requested', probation: false }
  const host = hostArch()
  if (arch !== host) {
    if (mode === 'kvm')
      throw new AccelError(
        `accel: kvm, but the target arch ${arch} is not the host arch ${host ?? 'unknown'}: KVM only runs guests of the host's own arch`,
      )
    return { accel: 'tcg', reason: `${arch} guest on a ${host ?? 'unknown'} host: KVM cannot run it`, probation: false }
  }
  const kvm = await kvmUsable({ device: opts.device })
  if (!kvm.usable) {
    if (mode === 'kvm') throw new AccelError(`accel: kvm, but KVM is not usable: ${kvm.reason}`)
    return { accel: 'tcg', reason: kvm.reason, probation: false }
  }
  if (mode === 'kvm')
    return { accel: 'kvm', reason: 'accel: kvm was requested and /dev/kvm opens read-write', probation: false }
  if (kvmBroken) return { accel: 'tcg', reason: kvmBroken, probation: false }
  return { accel: 'kvm', reason: '/dev/kvm opens read-write', probation: true }
}
