// `vm.network` through every front end: vmtest.toml's `[target.vm] network`, the action input
// `network`, the CLI's `--network` (a one-liner flag, like `--kargs`); `none` (upstream's
// behaviour) unless asked, and anything else refused naming the allowed values.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadInputs, planFromInputs } from '../../src/action/inputs.js'
import { parseCliArgs } from '../../src/cli/args.js'
import { planFromCli } from '../../src/cli/plan.js'
import { parseConfig } from '../../src/config/index.js'
import { buildQemuArgv } from '../../src/qemu/argv.js'

const tmp = mkdtempSync(path.join(tmpdir(), 'vmtest-network-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const toml = (vm: string): string => `[[target]]\nname = "t"\nkernel = "k"\ncommand = "true"\n[target.vm]\n${vm}\n`
const parse = (vm: string) => parseConfig(toml(vm), path.join(tmp, 'vmtest.toml'), { hostArch: 'x86_64' })

describe('vm.network', () => {
  it('vmtest.toml: absent or "none" is no NIC, "user" is user networking', () => {
    expect(parse('').targets[0].vm.network).toBeUndefined()
    expect(parse('network = "none"').targets[0].vm.network).toBeUndefined()
    const [t] = parse('network = "user"').targets
    expect(t.vm.network).toBe('user')
    const { args } = buildQemuArgv(t, {
      accel: 'tcg',
      sockets: { qmp: 'q', qga: 'g', output: 'o' },
      initGuestPath: '/init',
    })
    expect(args).toContain('user,id=net0')
  })

  it('vmtest.toml: another value is refused with the allowed ones', () => {
    expect(() => parse('network = "tap"')).toThrow(/network.*expected one of none, user/s)
  })

  it('action input `network`', () => {
    const inputs = (given: Record<string, string>) => loadInputs((name) => given[name] ?? '')
    const plan = planFromInputs(inputs({ kernel: 'bzImage', command: 'true', network: 'user' }), tmp)
    expect(plan.targets[0].vm.network).toBe('user')
    expect(planFromInputs(inputs({ kernel: 'bzImage', command: 'true' }), tmp).targets[0].vm.network).toBeUndefined()
    expect(() => inputs({ kernel: 'bzImage', command: 'true', network: 'bridge' })).toThrow(/network/)
  })

  it('CLI `--network`, a one-liner flag', () => {
    const plan = planFromCli(parseCliArgs(['--network', 'user', '-k', 'bzImage', '--', 'true']), tmp, {})
    expect(plan.targets[0].vm.network).toBe('user')
    expect(() => parseCliArgs(['--network', 'bridge', '-k', 'bzImage', '--', 'true'])).toThrow(/--network/)
    expect(() => parseCliArgs(['--network', 'user', '-c', 'vmtest.toml'])).toThrow(
      /cannot be used with '--network <NETWORK>'/,
    )
  })
})
