import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PLAN_INIT_PATH, PLAN_INITRAMFS_PATH, PLAN_SOCKETS, planJson } from '../../src/engine/plan-json.js'
import type { Plan, RunOptions, Target } from '../../src/plan/types.js'
import { buildQemuArgv } from '../../src/qemu/argv.js'
import { plannedAccel } from '../../src/engine/accel-plan.js'
import { hostArch } from '../../src/platform/arch.js'
import { makeTarget } from '../fixtures/target.js'

const dir = mkdtempSync(join(tmpdir(), 'qemu-plan-json-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const options: RunOptions = {
  accel: 'auto',
  initramfs: 'auto',
  writeImage: false,
  envWithhold: [],
  envPass: [],
  jobs: 1,
  failOnSplat: true,
  testOutput: 'auto',
}

function plan(targets: Target[], o: Partial<RunOptions> = {}): Plan {
  return { targets, options: { ...options, ...o }, warnings: [] }
}

const kernelT = makeTarget({ name: 'k', kernel: '/abs/bzImage', kernelArgs: 'quiet', rootfs: '/abs/root' })
const imageT = makeTarget({ name: 'i', arch: 'aarch64', image: '/abs/disk.img', uefi: true })

describe('planJson', () => {
  it('one entry per target with the documented keys; absent values are null', () => {
    const out = planJson(plan([kernelT, imageT]), { imageFormatFor: () => 'raw', firmwareFor: () => '/fw.fd' })
    expect(out.targets.map((t) => Object.keys(t).sort())).toEqual([
      [
        'accel',
        'accelFallback',
        'accelMode',
        'accelNote',
        'arch',
        'command',
        'image',
        'kernel',
        'kernelArgs',
        'kind',
        'name',
        'qemu',
        'rootfs',
        'uefi',
      ],
      [
        'accel',
        'accelFallback',
        'accelMode',
        'accelNote',
        'arch',
        'command',
        'image',
        'kernel',
        'kernelArgs',
        'kind',
        'name',
        'qemu',
        'rootfs',
        'uefi',
      ],
    ])
    const [k, i] = out.targets
    expect(k).toMatchObject({
      name: 'k',
      kind: 'kernel',
      arch: 'x86_64',
      kernel: '/abs/bzImage',
      image: null,
      uefi: false,
      kernelArgs: 'quiet',
      rootfs: '/abs/root',
      command: 'true',
      accel: 'tcg',
    })
    expect(i).toMatchObject({
      name: 'i',
      kind: 'image',
      arch: 'aarch64',
      kernel: null,
      image: '/abs/disk.img',
      uefi: true,
      kernelArgs: null,
      rootfs: null,
      accel: 'tcg',
    })
    // JSON-safe: nothing is lost or undefined on the way through.
    expect(JSON.parse(JSON.stringify(out))).toEqual(out)
  })

  it('the argv is the one the run builds, with placeholders for per-run paths', () => {
    const out = planJson(plan([kernelT, imageT]), { imageFormatFor: () => 'qcow2', firmwareFor: () => '/fw.fd' })
    expect(out.targets[0].qemu).toEqual(
      buildQemuArgv(kernelT, { accel: 'tcg', sockets: PLAN_SOCKETS, initGuestPath: PLAN_INIT_PATH }),
    )
    expect(out.targets[1].qemu).toEqual(
      buildQemuArgv(imageT, { accel: 'tcg', sockets: PLAN_SOCKETS, imageFormat: 'qcow2', firmware: '/fw.fd' }),
    )
    const args = out.targets[0].qemu.args
    expect(args).toContain('unix:<tmp>/qmp.sock,server=on,wait=off')
    expect(args.find((a) => a.startsWith('rootfstype='))).toContain(`init=${PLAN_INIT_PATH}`)
  })

  it('accel auto on a host whose /dev/kvm opens: kvm if it works, else tcg (nothing promised before a boot)', async () => {
    const device = join(dir, 'kvm')
    writeFileSync(device, '')
    const p = plan([kernelT], { accel: 'auto' })
    const [t] = planJson(p, { accelFor: await plannedAccel(p, { device }) }).targets
    // `accel` keeps its meaning (what the argv starts with), so existing consumers still work.
    expect(t).toMatchObject({ accel: 'kvm', accelMode: 'auto', accelFallback: 'tcg' })
    expect(t.accelNote).toMatch(/^kvm if it works, else tcg \(.*opens read-write; only a boot shows that KVM works\)$/)
    expect(t.qemu.args).toContain('-enable-kvm')
  })

  it.each([
    { mode: 'auto' as const, device: 'missing', accel: 'tcg', note: /^tcg \(.*does not exist/ },
    { mode: 'tcg' as const, device: 'kvm', accel: 'tcg', note: /^tcg \(accel: tcg was requested\)$/ },
    { mode: 'kvm' as const, device: 'kvm', accel: 'kvm', note: /^kvm \(accel: kvm was requested/ },
    {
      mode: 'kvm' as const,
      device: 'missing',
      accel: 'kvm',
      note: /^kvm, which will fail: accel: kvm, but KVM is not usable/,
    },
  ])('accel $mode with a $device /dev/kvm: $accel, no fallback', async ({ mode, device, accel, note }) => {
    writeFileSync(join(dir, 'kvm'), '')
    const p = plan([kernelT], { accel: mode })
    const [t] = planJson(p, { accelFor: await plannedAccel(p, { device: join(dir, device) }) }).targets
    expect(t).toMatchObject({ accel, accelMode: mode, accelFallback: null })
    expect(t.accelNote).toMatch(note)
  })

  it('a foreign-arch target under auto is tcg, and says why', async () => {
    writeFileSync(join(dir, 'kvm'), '')
    const foreign = makeTarget({
      name: 'f',
      arch: hostArch() === 'aarch64' ? 'x86_64' : 'aarch64',
      kernel: '/abs/Image',
    })
    const p = plan([foreign], { accel: 'auto' })
    const [t] = planJson(p, {
      accelFor: await plannedAccel(p, { device: join(dir, 'kvm') }),
      firmwareFor: () => '/fw.fd',
    }).targets
    expect(t).toMatchObject({ accel: 'tcg', accelFallback: null })
    expect(t.accelNote).toMatch(/guest on a .* host: KVM cannot run it\)$/)
  })

  it('accel per target from accelFor', () => {
    const out = planJson(plan([kernelT, imageT]), {
      accelFor: (t) => (t.arch === 'x86_64' ? 'kvm' : 'tcg'),
      imageFormatFor: () => 'raw',
      firmwareFor: () => '/fw.fd',
    })
    expect(out.targets.map((t) => t.accel)).toEqual(['kvm', 'tcg'])
    expect(out.targets[0].qemu.args).toContain('-enable-kvm')
    expect(out.targets[1].qemu.args).not.toContain('-enable-kvm')
  })

  it.each([
    { initramfs: 'on' as const, initrd: [PLAN_INITRAMFS_PATH] },
    { initramfs: 'off' as const, initrd: [] },
    { initramfs: 'auto' as const, initrd: [] },
  ])('initramfs $initramfs → -initrd $initrd', ({ initramfs, initrd }) => {
    const args = planJson(plan([kernelT], { initramfs })).targets[0].qemu.args
    expect(args.flatMap((a, n) => (a === '-initrd' ? [args[n + 1]] : []))).toEqual(initrd)
  })

  it('initramfsFor decides per kernel', () => {
    const out = planJson(plan([kernelT, makeTarget({ name: 'k2', kernel: '/abs/other' })]), {
      initramfsFor: (t) => (t.name === 'k2' ? '<tmp>/k2.cpio' : undefined),
    })
    expect(out.targets.map((t) => t.qemu.args.includes('-initrd'))).toEqual([false, true])
  })

  it('write_image drops snapshot=on', () => {
    const t = makeTarget({ image: '/abs/disk.img' })
    const drive = (o: Partial<RunOptions>) => {
      const args = planJson(plan([t], o), { imageFormatFor: () => 'raw' }).targets[0].qemu.args
      return args[args.indexOf('-drive') + 1]
    }
    expect(drive({})).toMatch(/,snapshot=on$/)
    expect(drive({ writeImage: true })).not.toMatch(/snapshot/)
  })

  it('by default reads the image format from the file, and omits it when unreadable', () => {
    const img = join(dir, 'disk.qcow2')
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', img, '1M'])
    const out = planJson(plan([makeTarget({ image: img }), makeTarget({ image: join(dir, 'missing.img') })]))
    const drives = out.targets.map((t) => t.qemu.args[t.qemu.args.indexOf('-drive') + 1])
    expect(drives[0]).toContain(',format=qcow2,')
    expect(drives[1]).not.toContain('format=')
  })

  it('no targets → empty list', () => {
    expect(planJson(plan([]))).toEqual({ targets: [] })
  })
})
