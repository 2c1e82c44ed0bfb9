// The accel each target of a plan would start with, for `--plan` / the `plan` output, and
// what is known about it without a boot. The run makes the same decision, but under `auto` a
// KVM that opens is still on probation: only a boot shows whether it works (a nested KVM that
// hangs is caught then and the target boots again under TCG). So the plan says "kvm if it
// works, else tcg" rather than promising kvm.
import type { Accel, Plan, Target } from '../plan/types.js'
import { AccelError, chooseAccel } from '../vm/accel.js'

/** What the plan can say about a target's accelerator before anything boots. */
export interface PlannedAccel {
  /** The accelerator the run starts with (the plan's QEMU argv is built for it). */
  accel: Accel
  /** What the run switches to when `accel` fails to boot; null when there is no fallback. */
  fallback: Accel | null
  /** The same in words, with the reason. */
  note: string
}

export async function plannedAccel(plan: Plan, opts: { device?: string } = {}): Promise<(t: Target) => PlannedAccel> {
  const byTarget = new Map<Target, PlannedAccel>()
  for (const t of plan.targets) byTarget.set(t, await planOne(t, plan, opts.device))
  return (t) => byTarget.get(t) ?? { accel: 'tcg', fallback: null, note: 'tcg' }
}

async function planOne(t: Target, plan: Plan, device: string | undefined): Promise<PlannedAccel> {
  try {
    const c = await chooseAccel(t.arch, plan.options.accel, { device })
    if (c.probation)
      return {
        accel: 'kvm',
        fallback: 'tcg',
        note: `kvm if it works, else tcg (${c.reason}; only a boot shows that KVM works)`,
      }
    return { accel: c.accel, fallback: null, note: `${c.accel} (${c.reason})` }
  } catch (e) {
    // accel: kvm on a host without KVM is the boot's error to report; the plan shows intent.
    if (!(e instanceof AccelError)) throw e
    return { accel: 'kvm', fallback: null, note: `kvm, which will fail: ${e.message}` }
  }
}
