// KVM logic against a fake device node (a temp file) and fake udev commands. Tests run as
// root, who can open anything, so "not writable" is simulated by an open function that
// applies the permission check of an unprivileged user who is not the owner: the node must
// be world read-write (o+rw).
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { kvmUsable, type OpenFn } from '../../src/platform/kvm.js'
import { ensureKvm, KVM_UDEV_RULE, removeKvmRule } from '../../src/setup/kvm.js'
import { recordingExec } from './setup-helpers.js'

let dir = ''
let device = ''
let rules = ''
const logs: { line: string; level?: string }[] = []
const log = (line: string, level?: string): void => {
  logs.push({ line, level })
}

/** Opens like an unprivileged user in neither the owner nor the group. */
const otherUserOpen: OpenFn = async (p, flags) => {
  const mode = fs.statSync(p).mode & 0o777
  if (flags === 'r+' && (mode & 0o006) !== 0o006)
    throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' })
  return fs.promises.open(p, flags)
}

/** udevadm that applies our rule on trigger, as real udev would: MODE from the rules file. */
function fakeUdev(opts: { applies: boolean }) {
  return recordingExec({
    udevadm: (args) => {
      if (args[0] === 'trigger' && opts.applies && fs.existsSync(rules)) {
        const m = /MODE="(\d+)"/.exec(fs.readFileSync(rules, 'utf8'))
        if (m) fs.chmodSync(device, parseInt(m[1], 8))
      }
      return { exitCode: 0 }
    },
    sudo: () => ({ exitCode: 1, stderr: 'sudo: a password is required' }),
  })
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-kvm-'))
  device = path.join(dir, 'kvm')
  rules = path.join(dir, '99-kvm4all.rules')
  fs.writeFileSync(device, '')
  fs.chmodSync(device, 0o660)
  logs.length = 0
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('kvmUsable', () => {
  it('no device → not usable, says TCG', async () => {
    const s = await kvmUsable({ device: path.join(dir, 'nope') })
    expect(s.usable).toBe(false)
    expect(s.reason).toMatch(/does not exist.*TCG/)
  })

  it('0660 node → not usable, reason names the mode', async () => {
    const s = await kvmUsable({ device, open: otherUserOpen })
    expect(s).toEqual({
      usable: false,
      reason: expect.stringMatching(/exists but .* cannot open it read-write \(mode 0660.*EACCES/),
    })
  })

  it('0666 node → usable (opened read-write for real)', async () => {
    fs.chmodSync(device, 0o666)
    expect((await kvmUsable({ device, open: otherUserOpen })).usable).toBe(true)
  })
})

describe('ensureKvm', () => {
  it('does nothing when the device already works', async () => {
    fs.chmodSync(device, 0o666)
    const { exec, calls } = fakeUdev({ applies: true })
    const s = await ensureKvm({ device, exec, log, isRoot: true, rulesPath: rules, open: otherUserOpen })
    expect(s.usable).toBe(true)
    expect(calls).toEqual([])
    expect(fs.existsSync(rules)).toBe(false)
  })

  it('does nothing when there is no device', async () => {
    const { exec, calls } = fakeUdev({ applies: true })
    const s = await ensureKvm({
      device: path.join(dir, 'none'),
      exec,
      log,
      isRoot: true,
      rulesPath: rules,
      open: otherUserOpen,
    })
    expect(s.usable).toBe(false)
    expect(calls).toEqual([])
  })

  it('as root: writes the udev rule, reloads, triggers kvm, settles, verifies', async () => {
    const { exec, calls, line } = fakeUdev({ applies: true })
    const s = await ensureKvm({ device, exec, log, isRoot: true, rulesPath: rules, open: otherUserOpen })
    expect(s).toEqual({ usable: true, reason: `${device} made read-write by udev rule ${rules}`, addedRule: rules })
    expect(fs.readFileSync(rules, 'utf8')).toBe('KERNEL=="kvm", GROUP="kvm", MODE="0666", OPTIONS+="static_node=kvm"\n')
    expect(calls.map(line)).toEqual([
      'udevadm control --reload-rules',
      'udevadm trigger --name-match=kvm',
      'udevadm settle --timeout=30',
    ])
    expect(fs.statSync(device).mode & 0o777).toBe(0o666)
    expect(logs.filter((l) => l.level === 'warning')).toEqual([])
  })

  it('falls back to chmod 0666 with a warning when udev does not apply the rule', async () => {
    const { exec } = fakeUdev({ applies: false })
    const s = await ensureKvm({ device, exec, log, isRoot: true, rulesPath: rules, open: otherUserOpen })
    expect(s.usable).toBe(true)
    expect(s.reason).toMatch(/chmod 0666/)
    expect(fs.statSync(device).mode & 0o777).toBe(0o666)
    expect(logs.some((l) => l.level === 'warning' && /changing its mode to 0666/.test(l.line))).toBe(true)
  })

  it('not root with passwordless sudo: every privileged step goes through sudo -n', async () => {
    const { exec, calls, line } = recordingExec({
      sudo: (args) => {
        if (args[1] === 'tee') fs.writeFileSync(args[2], '') // the real tee would write stdin
        if (args[1] === 'udevadm' && args[2] === 'trigger') fs.chmodSync(device, 0o666)
        return { exitCode: 0 }
      },
    })
    const s = await ensureKvm({ device, exec, log, isRoot: false, rulesPath: rules, open: otherUserOpen })
    expect(s.usable).toBe(true)
    expect(calls.map(line)).toEqual([
      'sudo -n true',
      `sudo -n tee ${rules}`,
      'sudo -n udevadm control --reload-rules',
      'sudo -n udevadm trigger --name-match=kvm',
      'sudo -n udevadm settle --timeout=30',
    ])
    expect(calls[1].opts?.input).toBe(KVM_UDEV_RULE)
  })

  it('not root and no sudo: not usable, the reason says why, nothing changed', async () => {
    const { exec, calls, line } = fakeUdev({ applies: true })
    const s = await ensureKvm({ device, exec, log, isRoot: false, rulesPath: rules, open: otherUserOpen })
    expect(s.usable).toBe(false)
    expect(s.reason).toMatch(/passwordless sudo is not available.*TCG will be used/)
    expect(calls.map(line)).toEqual(['sudo -n true'])
    expect(fs.statSync(device).mode & 0o777).toBe(0o660)
  })

  it('reports failure when the device stays closed after udev and chmod', async () => {
    const { exec } = fakeUdev({ applies: true })
    const neverOpens: OpenFn = async () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' })
    }
    const s = await ensureKvm({ device, exec, log, isRoot: true, rulesPath: rules, open: neverOpens })
    expect(s.usable).toBe(false)
    expect(s.reason).toMatch(/even after the udev rule and chmod 0666\. TCG will be used/)
  })
})

describe('removeKvmRule (post step) and what ensureKvm reports for it', () => {
  it('ensureKvm reports the rule it created; the post step removes it, reloads and re-triggers udev', async () => {
    const { exec, calls, line } = fakeUdev({ applies: true })
    const s = await ensureKvm({ device, exec, log, isRoot: true, rulesPath: rules, open: otherUserOpen })
    expect(s.addedRule).toBe(rules)
    calls.length = 0
    await removeKvmRule({ rulesPath: rules, exec, log, isRoot: true })
    expect(fs.existsSync(rules)).toBe(false)
    expect(calls.map(line)).toEqual([
      'udevadm control --reload-rules',
      'udevadm trigger --name-match=kvm',
      'udevadm settle --timeout=30',
    ])
    expect(logs.some((l) => /removed the udev rule/.test(l.line))).toBe(true)
  })

  it('a rule that was there before this run is not reported (so the post step leaves it)', async () => {
    fs.writeFileSync(rules, KVM_UDEV_RULE)
    const { exec } = fakeUdev({ applies: true })
    const s = await ensureKvm({ device, exec, log, isRoot: true, rulesPath: rules, open: otherUserOpen })
    expect(s.usable).toBe(true)
    expect(s.addedRule).toBeUndefined()
  })

  it('nothing added when the device already works', async () => {
    fs.chmodSync(device, 0o666)
    const { exec } = fakeUdev({ applies: true })
    expect(
      (await ensureKvm({ device, exec, log, isRoot: true, rulesPath: rules, open: otherUserOpen })).addedRule,
    ).toBeUndefined()
  })

  it('not root: removes through sudo -n; a failure is a warning, never a throw', async () => {
    fs.writeFileSync(rules, KVM_UDEV_RULE)
    const ok = recordingExec({
      sudo: (args) => {
        if (args[1] === 'rm') fs.rmSync(args[3], { force: true })
        return { exitCode: 0 }
      },
    })
    await removeKvmRule({ rulesPath: rules, exec: ok.exec, log, isRoot: false })
    expect(fs.existsSync(rules)).toBe(false)
    expect(ok.calls.map(ok.line)).toEqual([
      'sudo -n true',
      `sudo -n rm -f ${rules}`,
      'sudo -n udevadm control --reload-rules',
      'sudo -n udevadm trigger --name-match=kvm',
      'sudo -n udevadm settle --timeout=30',
    ])
    fs.writeFileSync(rules, KVM_UDEV_RULE)
    const denied = recordingExec({ sudo: () => ({ exitCode: 1, stderr: 'sudo: a password is required' }) })
    await removeKvmRule({ rulesPath: rules, exec: denied.exec, log, isRoot: false })
    expect(fs.existsSync(rules)).toBe(true)
    expect(logs.some((l) => l.level === 'warning' && /could not remove the udev rule/.test(l.line))).toBe(true)
  })
})
