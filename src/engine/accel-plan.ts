// The accel each target of a plan would start with, for `--plan` / the `plan` output: the
// same decision the engine makes (KVM under `auto` is still on probation at that point).
import type { Accel, Plan, Target } from '../plan/types.js'
import { chooseAccel } from '../vm/accel.js'

export async function plannedAccel(plan: Plan): Promise<(t: Target) => Accel> {
  const byTarget = new Map<Target, Accel>()
  for (const t of plan.targets) {
    // accel: kvm on a host without KVM is the boot's error to report; the plan shows intent.
    byTarget.set(t, await chooseAccel(t.arch, plan.options.accel).then((c) => c.accel, () => 'kvm' as const))
  }
  return (t) => byTarget.get(t) ?? 'tcg'
}
