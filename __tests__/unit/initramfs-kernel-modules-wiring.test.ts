// `kernel_modules` from each front end to QEMU: the vmtest.toml key (relative to the config),
// the CLI flag, the action input, the path check, and the read-only share the guest mounts at
// /lib/modules (templates/mount.sh).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadInputs, planFromInputs } from '../../src/action/inputs.js'
import { parseCliArgs } from '../../src/cli/args.js'
import { planFromCli } from '../../src/cli/plan.js'
import { checkPaths, parseConfig } from '../../src/config/index.js'
import { MODULES_MOUNT_TAG, buildQemuArgv, guestShares } from '../../src/qemu/argv.js'
import { mountInvocation } from '../../src/guest/templates.js'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vmtest-kmods-wiring-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
mkdirSync(path.join(tmp, 'out/modules'), { recursive: true })
writeFileSync(path.join(tmp, 'out/bzImage'), 'kernel')

const config = (body: string) =>
  parseConfig(`[[target]]\nname = "t"\ncommand = "true"\n${body}`, path.join(tmp, 'vmtest.toml'), {
    hostArch: 'x86_64',
  })

describe('kernel_modules in vmtest.toml', () => {
  it('resolves relative to the config, like kernel', () => {
    const [t] = config('kernel = "out/bzImage"\nkernel_modules = "out/modules"').targets
    expect(t.kernelModules).toBe(path.join(tmp, 'out/modules'))
    expect(() => checkPaths([t])).not.toThrow()
  })

  it('needs a kernel, and a folder that exists', () => {
    expect(() => config('image = "disk.qcow2"\nkernel_modules = "out/modules"')).toThrow(
      "Target 't' must specify 'kernel' with 'kernel_modules'",
    )
    const [t] = config('kernel = "out/bzImage"\nkernel_modules = "out/bzImage"').targets
    expect(() => checkPaths([t])).toThrow(
      `target 't': kernel_modules ${path.join(tmp, 'out/bzImage')} is not a directory`,
    )
  })
})

describe('kernel_modules from the CLI and the action', () => {
  it("--kernel-modules sets the one-liner target's folder, relative to the working directory", () => {
    const plan = planFromCli(
      parseCliArgs(['-k', 'out/bzImage', '--kernel-modules', 'out/modules', '--', 'true']),
      tmp,
      {},
    )
    expect(plan.targets[0].kernelModules).toBe(path.join(tmp, 'out/modules'))
  })

  it("input kernel_modules sets the single target's folder, relative to the workspace", () => {
    const given: Record<string, string> = { kernel: 'out/bzImage', kernel_modules: 'out/modules', command: 'true' }
    const inputs = loadInputs(
      (name) => given[name] ?? '',
      () => {},
    )
    expect(planFromInputs(inputs, tmp).targets[0].kernelModules).toBe(path.join(tmp, 'out/modules'))
  })
})

describe('the kernel_modules share', () => {
  const [target] = config('kernel = "out/bzImage"\nkernel_modules = "out/modules"').targets
  const sockets = { qmp: '/r/qmp', qga: '/r/qga', output: '/r/out' }

  it('is exported read-only and mounted over /lib/modules, after the other shares', () => {
    const { args } = buildQemuArgv(target, { accel: 'tcg', sockets, initGuestPath: '/init.sh' })
    const virtfs = args.filter((_, i) => args[i - 1] === '-virtfs')
    expect(virtfs.at(-1)).toBe(
      `local,id=${MODULES_MOUNT_TAG},path=${path.join(tmp, 'out/modules')},mount_tag=${MODULES_MOUNT_TAG},security_model=none,multidevs=remap,readonly=on`,
    )
    expect(guestShares(target).at(-1)).toEqual({ tag: MODULES_MOUNT_TAG, path: '/lib/modules', readonly: true })
  })

  it('mount.sh knows the tag', () => {
    expect(mountInvocation([]).args[1]).toContain(`"$vmtest_tag" = ${MODULES_MOUNT_TAG}`)
  })
})
