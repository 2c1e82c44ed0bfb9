// `vmtest --plan`: what would run, as JSON, without booting anything. The QEMU argv is the
// one buildQemuArgv makes for the run, with the per-run temporary paths (sockets, init
// script, generated initramfs) shown as `<tmp>/…` placeholders.
import { buildQemuArgv, type QemuSockets } from '../qemu/argv.js'
import { detectImageFormat, type ImageFormat } from '../qemu/image-format.js'
import { resolveUefiFirmware } from '../qemu/firmware.js'
import type { HostSetup } from '../plan/host-setup.js'
import { systemHostSetup } from '../platform/host-tools.js'
import type { Accel, AccelMode, Arch, Plan, Target } from '../plan/types.js'
import type { PlannedAccel } from './accel-plan.js'

export const PLAN_SOCKETS: QemuSockets = { qmp: '<tmp>/qmp.sock', qga: '<tmp>/qga.sock', output: '<tmp>/output.sock' }
export const PLAN_INIT_PATH = '<tmp>/vmtest-init.sh'
export const PLAN_INITRAMFS_PATH = '<tmp>/initramfs.cpio'

/**
 * One target of the plan. Absolute paths throughout. Keys that are null:
 * - `kernel` for image targets, `image` for kernel targets;
 * - `rootfs` for image targets (the image is the root);
 * - `kernelArgs` when the target has none (always for image targets);
 * - `accelFallback` when the run has no accelerator to fall back to.
 *
 * `accel` stays what it always was, the accelerator the argv in `qemu` is built for (kvm or
 * tcg), so consumers that read it keep working; `accelMode`, `accelFallback` and `accelNote`
 * add what is known without a boot (`auto` with a /dev/kvm that opens: "kvm if it works,
 * else tcg").
 */
export interface PlanTarget {
  name: string
  kind: 'kernel' | 'image'
  arch: Arch
  kernel: string | null
  image: string | null
  uefi: boolean
  kernelArgs: string | null
  rootfs: string | null
  command: string
  accel: Accel
  /** The accel mode asked for (flag `--accel`, input `accel`). */
  accelMode: AccelMode
  /** What the run switches to if `accel` fails to boot (auto with KVM on probation). */
  accelFallback: Accel | null
  /** `accel` and `accelFallback` in words, with the reason. */
  accelNote: string
  qemu: { program: string; args: string[] }
}

export interface PlanJsonOptions {
  /** Accelerator per target (the run's decision, see accel-plan.ts); 'tcg' when absent. */
  accelFor?: (t: Target) => Accel | PlannedAccel
  /** Image format per image target; default reads the image header, and leaves `format=`
   *  out when the file cannot be read (the plan still shows everything else). */
  imageFormatFor?: (t: Target) => ImageFormat | undefined
  /** UEFI firmware per uefi target; default: `setup`'s, and shows `<no UEFI firmware found>`
   *  when there is none. */
  firmwareFor?: (t: Target) => string
  /** What setup resolved (the action); default: the system's tools, as a run finds them. */
  setup?: HostSetup
  /** Host path of the initramfs a kernel target boots with, or undefined for none. Default:
   *  the placeholder when the run's initramfs mode is 'on', none otherwise (for 'auto' the
   *  caller decides per kernel). */
  initramfsFor?: (t: Target) => string | undefined
}

export function planJson(plan: Plan, opts: PlanJsonOptions = {}): { targets: PlanTarget[] } {
  const accelFor = (t: Target): PlannedAccel => {
    const a = opts.accelFor?.(t) ?? 'tcg'
    return typeof a === 'string' ? { accel: a, fallback: null, note: a } : a
  }
  const imageFormatFor = opts.imageFormatFor ?? tryDetectImageFormat
  const firmwareFor =
    opts.firmwareFor ?? ((t: Target): string => tryResolveFirmware(t, opts.setup ?? systemHostSetup([t.arch])))
  const initramfsFor =
    opts.initramfsFor ?? ((): string | undefined => (plan.options.initramfs === 'on' ? PLAN_INITRAMFS_PATH : undefined))

  const targets = plan.targets.map((t): PlanTarget => {
    const planned = accelFor(t)
    const accel = planned.accel
    const isImage = t.kind === 'image'
    const qemu = buildQemuArgv(t, {
      accel,
      sockets: PLAN_SOCKETS,
      initGuestPath: isImage ? undefined : PLAN_INIT_PATH,
      initramfs: isImage ? undefined : initramfsFor(t),
      imageFormat: isImage ? imageFormatFor(t) : undefined,
      firmware: isImage && t.uefi ? firmwareFor(t) : undefined,
      writeImage: plan.options.writeImage,
      workspaceMount: plan.options.workspaceMount,
    })
    return {
      name: t.name,
      kind: t.kind,
      arch: t.arch,
      kernel: t.kernel ?? null,
      image: t.image ?? null,
      uefi: t.uefi,
      kernelArgs: isImage ? null : (t.kernelArgs ?? null),
      rootfs: isImage ? null : t.rootfs,
      command: t.command,
      accel,
      accelMode: plan.options.accel,
      accelFallback: planned.fallback,
      accelNote: planned.note,
      qemu,
    }
  })
  return { targets }
}

function tryDetectImageFormat(t: Target): ImageFormat | undefined {
  try {
    return t.image ? detectImageFormat(t.image) : undefined
  } catch {
    return undefined
  }
}

function tryResolveFirmware(t: Target, setup: HostSetup): string {
  try {
    return resolveUefiFirmware(t, setup.uefiFirmware[t.arch])
  } catch {
    return '<no UEFI firmware found>'
  }
}
