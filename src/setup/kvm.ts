// Making /dev/kvm usable (reference §7). GitHub-hosted runners have /dev/kvm as root:kvm
// 0660, so the runner user cannot open it; the fix is a udev rule giving it mode 0666. The
// check is an actual read-write open, because "exists" is not "works" (upstream only checks
// existence). Whether KVM then boots a guest (nested virtualisation can hang) is the
// engine's business: it falls back to TCG on a boot deadline.
import * as fs from 'node:fs/promises'
import type { Exec, Log } from './exec.js'
import { asRoot as makeAsRoot } from './privilege.js'

export interface KvmStatus {
  usable: boolean
  reason: string
}

/** Opens a path; injectable so tests can simulate "not writable" while running as root. */
export type OpenFn = (path: string, flags: string) => Promise<{ close(): Promise<void> }>

const defaultOpen: OpenFn = (p, flags) => fs.open(p, flags)

export const KVM_DEVICE = '/dev/kvm'
export const KVM_UDEV_RULES = '/etc/udev/rules.d/99-kvm4all.rules'
export const KVM_UDEV_RULE = 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"\n'

const errCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined

export async function kvmUsable(opts: { device?: string; open?: OpenFn } = {}): Promise<KvmStatus> {
  const device = opts.device ?? KVM_DEVICE
  let mode = ''
  try {
    const st = await fs.stat(device)
    mode = ` (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}, uid ${st.uid}, gid ${st.gid})`
  } catch (err) {
    if (errCode(err) === 'ENOENT') return { usable: false, reason: `${device} does not exist (no hardware virtualisation here): TCG will be used` }
    return { usable: false, reason: `cannot stat ${device}: ${(err as Error).message}` }
  }
  try {
    const handle = await (opts.open ?? defaultOpen)(device, 'r+')
    await handle.close()
    return { usable: true, reason: `${device} opens read-write` }
  } catch (err) {
    const who = typeof process.getuid === 'function' ? `uid ${process.getuid()}` : 'this user'
    return { usable: false, reason: `${device} exists but ${who} cannot open it read-write${mode}: ${errCode(err) ?? (err as Error).message}` }
  }
}

export interface EnsureKvmOptions {
  device?: string
  exec: Exec
  log: Log
  isRoot: boolean
  /** Default /etc/udev/rules.d/99-kvm4all.rules. */
  rulesPath?: string
  open?: OpenFn
}

/** Makes `device` read-write for this user if it exists: udev rule, reload, trigger,
 *  settle, verify; then, if udev did not do it, chmod 0666 with a warning. Never throws:
 *  the answer is a status with the reason, and TCG is always the fallback. Call it after
 *  installing packages (an apt install can re-trigger udev and reset the mode). */
export async function ensureKvm(opts: EnsureKvmOptions): Promise<KvmStatus> {
  const device = opts.device ?? KVM_DEVICE
  const rulesPath = opts.rulesPath ?? KVM_UDEV_RULES
  const check = (): Promise<KvmStatus> => kvmUsable({ device, open: opts.open })
  const first = await check()
  if (first.usable || /does not exist/.test(first.reason)) return first
  opts.log(`kvm: ${first.reason}; adding udev rule ${rulesPath}`)

  const asRoot = makeAsRoot(opts.exec, opts.isRoot, `Add this user to the group of ${device} or allow passwordless sudo.`)
  const steps: string[] = []
  try {
    if (opts.isRoot) {
      await fs.writeFile(rulesPath, KVM_UDEV_RULE)
    } else {
      const r = await asRoot('tee', [rulesPath], `Writing ${rulesPath}`, { input: KVM_UDEV_RULE })
      if (r.exitCode !== 0) throw new Error(`tee ${rulesPath} failed: ${r.stderr.trim()}`)
    }
    for (const args of [['control', '--reload-rules'], ['trigger', '--name-match=kvm'], ['settle', '--timeout=30']]) {
      const r = await asRoot('udevadm', args, 'Reloading udev rules')
      if (r.exitCode !== 0) steps.push(`udevadm ${args.join(' ')} failed (exit ${r.exitCode}): ${r.stderr.trim()}`)
    }
  } catch (err) {
    steps.push((err as Error).message)
  }
  for (const s of steps) opts.log(`kvm: ${s}`, 'warning')
  const afterUdev = await check()
  if (afterUdev.usable) return { usable: true, reason: `${device} made read-write by udev rule ${rulesPath}` }

  opts.log(`kvm: udev did not make ${device} read-write (${afterUdev.reason}); changing its mode to 0666 directly ` +
    `(this does not survive a udev reload)`, 'warning')
  try {
    if (opts.isRoot) await fs.chmod(device, 0o666)
    else {
      const r = await asRoot('chmod', ['0666', device], `Changing the mode of ${device}`)
      if (r.exitCode !== 0) throw new Error(`chmod 0666 ${device} failed: ${r.stderr.trim()}`)
    }
  } catch (err) {
    return { usable: false, reason: `${afterUdev.reason}; making it writable failed: ${(err as Error).message}. TCG will be used` }
  }
  const afterChmod = await check()
  if (afterChmod.usable) return { usable: true, reason: `${device} made read-write by chmod 0666 (the udev rule did not take effect)` }
  return { usable: false, reason: `${afterChmod.reason} even after the udev rule and chmod 0666. TCG will be used` }
}
