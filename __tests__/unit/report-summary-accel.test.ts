// The accelerator in plain words, from a result's `accel` and `accelReason`: the job
// summary's table cell and Accelerator line, and the CLI recap. The reasons come from the
// engine's own choice (chooseAccel) wherever a unit test can produce them, so a reworded
// reason there shows up here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { accelWording } from '../../src/report/accel-words.js'
import { renderSummary } from '../../src/report/summary.js'
import { chooseAccel } from '../../src/vm/accel.js'
import { makeResult, makeTarget } from '../fixtures/report/events.js'

/** The data rows of the first markdown table. */
function tableRows(md: string): string[][] {
  const lines = md.split('\n').filter((l) => l.startsWith('| '))
  return lines.slice(2).map((l) => l.slice(2, -2).split(/(?<!\\) \| /))
}

describe('accelWording: the engine reasons, in words', () => {
  // The reasons a TCG run can have that need a boot (src/vm/session.ts, src/setup/kvm.ts).
  it.each([
    ['kvm', undefined, 'kvm', 'KVM', 'KVM'],
    ['kvm', '/dev/kvm opens read-write', 'kvm', 'KVM', 'KVM'],
    [
      'kvm',
      'accel: kvm was requested and /dev/kvm opens read-write',
      'kvm-requested',
      'KVM (requested)',
      'KVM (requested)',
    ],
    ['tcg', undefined, 'tcg', 'TCG', 'TCG'],
    ['tcg', 'accel: tcg was requested', 'tcg-requested', 'TCG (requested)', 'TCG (requested)'],
    [
      'tcg',
      'KVM is present but the kernel printed nothing under it within 10 s (broken nested virtualisation?)',
      'tcg-kvm-failed',
      'TCG: KVM failed',
      'TCG: KVM failed: KVM is present but the kernel printed nothing under it within 10 s (broken nested virtualisation?)',
    ],
    [
      'tcg',
      'the guest did not answer within 80 s under KVM',
      'tcg-kvm-failed',
      'TCG: KVM failed',
      'TCG: KVM failed: the guest did not answer within 80 s under KVM',
    ],
    [
      'tcg',
      'QEMU exited under KVM before the kernel started (qemu-system-x86_64: failed to initialize kvm: Permission denied)',
      'tcg-kvm-failed',
      'TCG: KVM failed',
      'TCG: KVM failed: QEMU exited under KVM before the kernel started (qemu-system-x86_64: failed to initialize kvm: Permission denied)',
    ],
    [
      'tcg',
      '/dev/kvm exists but uid 1001 cannot open it read-write (mode 0660, uid 0, gid 993): EACCES even after the udev rule and chmod 0666. TCG will be used',
      'tcg-no-kvm',
      'TCG: no usable /dev/kvm',
      'TCG: no usable /dev/kvm: /dev/kvm exists but uid 1001 cannot open it read-write (mode 0660, uid 0, gid 993): EACCES even after the udev rule and chmod 0666',
    ],
    ['tcg', 'something new', 'tcg-other', 'TCG', 'TCG: something new'],
  ] as const)('%s + %j → %s', (accel, reason, kind, short, long) => {
    expect(accelWording(accel, reason)).toEqual({ kind, short, long })
  })

  it('no accel (the VM never chose one): no words', () => {
    expect(accelWording(undefined, undefined)).toBeUndefined()
  })

  it('the reasons chooseAccel gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accel-words-'))
    try {
      const fakeKvm = join(dir, 'kvm')
      writeFileSync(fakeKvm, '')
      const words = async (...args: Parameters<typeof chooseAccel>): Promise<string | undefined> => {
        const c = await chooseAccel(...args)
        return accelWording(c.accel, c.reason)?.long
      }
      expect(await words('x86_64', 'tcg')).toBe('TCG (requested)')
      expect(await words('aarch64', 'auto')).toBe("TCG: aarch64 guest on x86_64 host (KVM runs only the host's arch)")
      expect(await words('x86_64', 'auto', { device: join(dir, 'none') })).toBe(
        `TCG: no usable ${join(dir, 'none')}: ${join(dir, 'none')} does not exist (no hardware virtualisation here)`,
      )
      expect(await words('x86_64', 'auto', { device: fakeKvm })).toBe('KVM')
      expect(await words('x86_64', 'kvm', { device: fakeKvm })).toBe('KVM (requested)')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('renderSummary: the accelerator, plainly', () => {
  const tcgNoKvm = '/dev/kvm does not exist (no hardware virtualisation here): TCG will be used'

  it('the table cell has the short words, the Accelerator line the reason, once for the run', () => {
    const a = makeResult(makeTarget('a', { origin: { index: 0 } }), { accel: 'tcg', accelReason: tcgNoKvm })
    const b = makeResult(makeTarget('b', { origin: { index: 1 } }), {
      accel: 'tcg',
      accelReason: tcgNoKvm,
      result: 'fail',
      exitCode: 1,
    })
    const md = renderSummary([a, b])
    expect(tableRows(md).map((r) => r[3])).toEqual(['TCG: no usable /dev/kvm', 'TCG: no usable /dev/kvm'])
    const line = 'Accelerator: TCG: no usable /dev/kvm: /dev/kvm does not exist (no hardware virtualisation here)'
    expect(md.split('\n').filter((l) => l === line)).toHaveLength(2) // the run's line and b's details
    expect(md).not.toMatch(/\| kvm \||\| tcg \|/)
  })

  it('targets on different accelerators: one line per wording with its targets', () => {
    const k = makeResult(makeTarget('first', { origin: { index: 0 } }), {
      accel: 'kvm',
      accelReason: '/dev/kvm opens read-write',
    })
    const hung = 'KVM is present but the kernel printed nothing under it within 10 s (broken nested virtualisation?)'
    const t = makeResult(makeTarget('second', { origin: { index: 1 } }), { accel: 'tcg', accelReason: hung })
    const r = makeResult(makeTarget('third', { origin: { index: 2 } }), {
      accel: 'tcg',
      accelReason: 'accel: tcg was requested',
    })
    const md = renderSummary([k, t, r])
    expect(tableRows(md).map((row) => row[3])).toEqual(['KVM', 'TCG: KVM failed', 'TCG (requested)'])
    expect(md).toContain(
      [
        'Accelerator:',
        '',
        '- KVM (first)',
        '- TCG: KVM failed: KVM is present but the kernel printed nothing under it within 10 s (broken nested virtualisation?) (second)',
        '- TCG (requested) (third)',
      ].join('\n'),
    )
  })

  it('a target that never chose an accelerator shows a dash and no line', () => {
    const md = renderSummary([
      makeResult(makeTarget('skipped'), { result: 'skipped', exitCode: null, accel: undefined }),
    ])
    expect(tableRows(md)[0]?.[3]).toBe('—')
    expect(md).not.toContain('Accelerator')
  })
})
