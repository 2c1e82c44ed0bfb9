// Making /dev/kvm usable, and undoing it afterwards. GitHub-hosted runners have /dev/kvm as root:kvm
// 0660, so the runner user cannot open it; the fix is a udev rule giving it mode 0666. On a
// self-hosted runner that rule would outlive the job, so the post step removes a rule this run
// added (never one that was there before). Whether KVM then boots a guest (nested virtualisation can hang) is the
// engine's business: it falls back to TCG on a boot deadline.
import * as fs from 'node:fs/promises'
import { KVM_DEVICE, kvmUsable, type KvmStatus, type OpenFn } from '../platform/kvm.js'
import type { Exec, Log } from './exec.js'
import { asRoot as makeAsRoot } from './privilege.js'

const KVM_UDEV_RULES = '/etc/udev/rules.d/99-kvm4all.rules'
export const KVM_UDEV_RULE = 'KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"\n'

/** The status, and the rules file when this call created it (for the post step to remove). */
export interface EnsureKvmResult extends KvmStatus {
  addedRule?: string
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
export async function ensureKvm(opts: EnsureKvmOptions): Promise<EnsureKvmResult> {
  const device = opts.device ?? KVM_DEVICE
  const rulesPath = opts.rulesPath ?? KVM_UDEV_RULES
  const check = (): Promise<KvmStatus> => kvmUsable({ device, open: opts.open })
  const first = await check()
  if (first.usable || /does not exist/.test(first.reason)) return first
  opts.log(`kvm: ${first.reason}; adding udev rule ${rulesPath}`)

  const asRoot = makeAsRoot(
    opts.exec,
    opts.isRoot,
    `Add this user to the group of ${device} or allow passwordless sudo.`,
  )
  const existed = await fileExists(rulesPath)
  const steps: string[] = []
  let wrote = false
  try {
    if (opts.isRoot) {
      await fs.writeFile(rulesPath, KVM_UDEV_RULE)
    } else {
      const r = await asRoot('tee', [rulesPath], `Writing ${rulesPath}`, { input: KVM_UDEV_RULE })
      if (r.exitCode !== 0) throw new Error(`tee ${rulesPath} failed: ${r.stderr.trim()}`)
    }
    wrote = true
    steps.push(...(await udevApply(asRoot)))
  } catch (err) {
    steps.push((err as Error).message)
  }
  for (const s of steps) opts.log(`kvm: ${s}`, 'warning')
  const addedRule = wrote && !existed ? rulesPath : undefined
  const afterUdev = await check()
  if (afterUdev.usable)
    return { usable: true, reason: `${device} made read-write by udev rule ${rulesPath}`, addedRule }
  return { ...(await chmodFallback(device, afterUdev, asRoot, opts, check)), addedRule }
}

async function fileExists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  )
}

/** Reload the rules and re-apply them to the kvm node; the failures, as messages. */
async function udevApply(asRoot: ReturnType<typeof makeAsRoot>): Promise<string[]> {
  const failed: string[] = []
  for (const args of [
    ['control', '--reload-rules'],
    ['trigger', '--name-match=kvm'],
    ['settle', '--timeout=30'],
  ]) {
    const r = await asRoot('udevadm', args, 'Reloading udev rules')
    if (r.exitCode !== 0) failed.push(`udevadm ${args.join(' ')} failed (exit ${r.exitCode}): ${r.stderr.trim()}`)
  }
  return failed
}

async function chmodFallback(
  device: string,
  afterUdev: KvmStatus,
  asRoot: ReturnType<typeof makeAsRoot>,
  opts: EnsureKvmOptions,
  check: () => Promise<KvmStatus>,
): Promise<KvmStatus> {
  opts.log(
    `kvm: udev did not make ${device} read-write (${afterUdev.reason}); changing its mode to 0666 directly ` +
      `(this does not survive a udev reload)`,
    'warning',
  )
  try {
    if (opts.isRoot) await fs.chmod(device, 0o666)
    else {
      const r = await asRoot('chmod', ['0666', device], `Changing the mode of ${device}`)
      if (r.exitCode !== 0) throw new Error(`chmod 0666 ${device} failed: ${r.stderr.trim()}`)
    }
  } catch (err) {
    return {
      usable: false,
      reason: `${afterUdev.reason}; making it writable failed: ${(err as Error).message}. TCG will be used`,
    }
  }
  const afterChmod = await check()
  if (afterChmod.usable)
    return { usable: true, reason: `${device} made read-write by chmod 0666 (the udev rule did not take effect)` }
  return { usable: false, reason: `${afterChmod.reason} even after the udev rule and chmod 0666. TCG will be used` }
}

/** The post step's undo: remove the rule ensureKvm added and let udev re-apply the distro's
 *  own rules to the node (mode 0660 again). Never throws: failures are warnings. */
export async function removeKvmRule(opts: { rulesPath: string; exec: Exec; log: Log; isRoot: boolean }): Promise<void> {
  const asRoot = makeAsRoot(opts.exec, opts.isRoot, `Remove ${opts.rulesPath} by hand.`)
  try {
    if (opts.isRoot) await fs.rm(opts.rulesPath, { force: true })
    else {
      const r = await asRoot('rm', ['-f', opts.rulesPath], `Removing ${opts.rulesPath}`)
      if (r.exitCode !== 0) throw new Error(`rm -f ${opts.rulesPath} failed: ${r.stderr.trim()}`)
    }
    for (const s of await udevApply(asRoot)) opts.log(`kvm: ${s}`, 'warning')
    opts.log(`kvm: removed the udev rule ${opts.rulesPath} this run added`)
  } catch (err) {
    opts.log(`kvm: could not remove the udev rule ${opts.rulesPath}: ${(err as Error).message}`, 'warning')
  }
}
