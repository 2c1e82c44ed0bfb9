// The accelerator a target ran under, in plain words, for the job summary and the CLI's
// closing recap. A result carries the accel and the engine's reason as free text
// (src/vm/accel.ts, src/platform/kvm.ts, src/setup/kvm.ts word them); users should not
// have to decode "accel: tcg" plus a sentence to learn whether KVM was asked for, missing or
// broken. Unknown reasons are kept verbatim rather than guessed at.
import type { Accel } from '../plan/types.js'

/** Why the run ended up on its accelerator, as a kind a reader can act on. */
export type AccelKind =
  'kvm' | 'kvm-requested' | 'tcg' | 'tcg-requested' | 'tcg-foreign-arch' | 'tcg-no-kvm' | 'tcg-kvm-failed' | 'tcg-other'

export interface AccelWording {
  kind: AccelKind
  /** Table-cell length: `KVM`, `TCG (requested)`, `TCG: KVM failed`, `TCG: no usable /dev/kvm`. */
  short: string
  /** The short form with the reason's detail, e.g. `TCG: KVM failed: QEMU exited under KVM …`. */
  long: string
}

/** The reason minus the engine's own "TCG will be used" coda (the words already say TCG). */
function detail(reason: string): string {
  return reason
    .replace(/[:.;]?\s*TCG will be used\.?$/i, '')
    .replace(/:\s*booting under TCG instead$/i, '')
    .trim()
}

function tcgWording(reason: string | undefined): AccelWording {
  if (!reason) return { kind: 'tcg', short: 'TCG', long: 'TCG' }
  if (/\btcg was requested\b/i.test(reason))
    return { kind: 'tcg-requested', short: 'TCG (requested)', long: 'TCG (requested)' }
  const foreign = /^(\S+) guest on an? (\S+) host\b/.exec(reason)
  if (foreign) {
    const words = `TCG: ${foreign[1]} guest on ${foreign[2]} host`
    return { kind: 'tcg-foreign-arch', short: 'TCG: foreign arch', long: `${words} (KVM runs only the host's arch)` }
  }
  // src/platform/kvm.ts: "<dev> does not exist …", "<dev> exists but … cannot open it
  // read-write …", "cannot stat <dev>: …" (setup/kvm.ts appends what it tried).
  const device =
    /^(\/\S+) (?:does not exist|exists but)\b/.exec(reason)?.[1] ?? /^cannot stat (\/\S+):/.exec(reason)?.[1]
  if (device) {
    const short = `TCG: no usable ${device}`
    return { kind: 'tcg-no-kvm', short, long: `${short}: ${detail(reason)}` }
  }
  // src/vm/session.ts: KVM chosen on probation hung or died; the lifecycle reran under TCG and
  // later targets inherit the finding. Every such reason names KVM.
  if (/\bKVM\b/.test(reason))
    return { kind: 'tcg-kvm-failed', short: 'TCG: KVM failed', long: `TCG: KVM failed: ${detail(reason)}` }
  return { kind: 'tcg-other', short: 'TCG', long: `TCG: ${detail(reason)}` }
}

/** The plain wording of a result's `accel` and `accelReason`; none when the VM never chose. */
export function accelWording(accel: Accel | undefined, reason: string | undefined): AccelWording | undefined {
  if (accel === undefined) return undefined
  if (accel === 'kvm') {
    return reason && /\bkvm was requested\b/i.test(reason)
      ? { kind: 'kvm-requested', short: 'KVM (requested)', long: 'KVM (requested)' }
      : { kind: 'kvm', short: 'KVM', long: 'KVM' }
  }
  return tcgWording(reason)
}
