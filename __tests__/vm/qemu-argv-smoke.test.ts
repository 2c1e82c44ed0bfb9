// Every installed qemu-system-<arch> is started with the exact argv our builder makes for a
// kernel target and an image target (BIOS, and UEFI where a firmware default exists), paused
// with -S so no guest code runs. QEMU creates the machine and every device before it pauses,
// so a machine, CPU, device or option it rejects (or warns about) shows up here in seconds,
// for arches whose full boot we cannot afford (or have no guest for) in CI.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARCHES, type Arch, type Target } from '../../src/plan/types.js'
import { buildQemuArgv, IMAGE_DRIVE_ID } from '../../src/qemu/argv.js'
import { archSpec } from '../../src/qemu/arch.js'
import { resolveUefiFirmware, uefiFirmwareCandidates } from '../../src/qemu/firmware.js'
import { systemHostSetup } from '../../src/platform/host-tools.js'
import { detectImageFormat } from '../../src/qemu/image-format.js'
import { QmpClient } from '../../src/vm/qmp.js'
import { QemuProcess, waitForFiles } from '../../src/vm/qemu-process.js'
import { createWorkDir, type WorkDir } from '../../src/vm/workdir.js'
import { findProgram } from '../../src/util/which.js'
import { stockKernel, tempDir } from './fixtures.js'
import { usePrivateTmp } from './own-leftovers.js'
import { makeTarget } from '../fixtures/target.js'

usePrivateTmp()

const installed = ARCHES.filter((arch) => {
  const found = findProgram(archSpec(arch).program, process.env.PATH) !== undefined
  if (!found)
    console.warn(
      `SKIPPED ${arch}: ${archSpec(arch).program} not installed (apt-get install qemu-system-${arch === 'x86_64' ? 'x86' : arch === 'aarch64' ? 'arm' : 'misc'})`,
    )
  return found
})

interface Variant {
  label: string
  kind: 'kernel' | 'image'
  uefi: boolean
  writeImage?: boolean
}

const variants: Variant[] = [
  { label: 'kernel target', kind: 'kernel', uefi: false },
  { label: 'image target', kind: 'image', uefi: false },
  { label: 'image target, write_image', kind: 'image', uefi: false, writeImage: true },
  { label: 'UEFI image target', kind: 'image', uefi: true },
]

const cases = installed.flatMap((arch) =>
  variants
    // Only arches with a default firmware list get a UEFI case (s390x has no UEFI; riscv64
    // needs vm.bios).
    .filter((v) => !v.uefi || uefiFirmwareCandidates(arch).length > 0)
    .map((v) => ({ arch, ...v })),
)

function target(arch: Arch, v: Variant, files: { kernel: string; image: string; dir: string }): Target {
  return makeTarget({
    name: `smoke ${arch} ${v.label}`,
    kind: v.kind,
    arch,
    kernel: v.kind === 'kernel' ? files.kernel : undefined,
    image: v.kind === 'image' ? files.image : undefined,
    uefi: v.uefi,
    qemuCommand: archSpec(arch).program,
    // Both kinds of vm.mounts so the read-only 9p export is exercised too; a comma in a path
    // checks the option escaping against QEMU's own parser.
    vm: {
      numCpus: 2,
      memory: '256M',
      mounts: [
        { guestPath: '/mnt/ro', hostPath: join(files.dir, 'a,b'), writable: false },
        { guestPath: '/mnt/rw', hostPath: files.dir, writable: true },
      ],
    },
    sharedDir: files.dir,
  })
}

interface BlockInfo {
  device: string
  inserted?: {
    file: string
    drv: string
    ro: boolean
    backing_file?: string
    backing_file_depth: number
    image: { 'backing-image'?: { filename: string; format: string } }
  }
}

describe.runIf(cases.length > 0)('QEMU accepts the argv we build (paused with -S)', () => {
  it.each(cases)('$arch $label', async ({ arch, ...v }) => {
    const t = tempDir('smoke-')
    let work: WorkDir | undefined
    let qemu: QemuProcess | undefined
    let qmp: QmpClient | undefined
    try {
      mkdirSync(join(t.dir, 'a,b'))
      // x86 parses the bzImage header to place the initrd: it needs a real kernel. The other
      // boards load any file as a raw image, which is enough while the CPU is paused.
      const kernel = arch === 'x86_64' ? stockKernel() : join(t.dir, 'kernel')
      if (arch !== 'x86_64') writeFileSync(kernel, Buffer.alloc(64 * 1024, 0x5a))
      const image = join(t.dir, 'disk,1.img')
      writeFileSync(image, Buffer.alloc(1024 * 1024))
      const initramfs = join(t.dir, 'initramfs.cpio')
      writeFileSync(initramfs, Buffer.alloc(4096))

      work = createWorkDir()
      const tg = target(arch, v, { kernel, image, dir: t.dir })
      const built = buildQemuArgv(tg, {
        accel: 'tcg',
        sockets: work.sockets,
        initGuestPath: v.kind === 'kernel' ? '/init.sh' : undefined,
        initramfs: v.kind === 'kernel' ? initramfs : undefined,
        firmware: v.uefi ? resolveUefiFirmware(tg, systemHostSetup([arch]).uefiFirmware[arch]) : undefined,
        imageFormat: v.kind === 'image' ? detectImageFormat(image) : undefined,
        writeImage: v.writeImage,
      })
      qemu = QemuProcess.spawn(built.program, ['-S', ...built.args], { onConsole: () => {} })
      const proc = qemu
      // Kernel targets have no guest agent (our init runs the command): no agent socket.
      const sockets = [work.sockets.qmp, work.sockets.output, ...(v.kind === 'image' ? [work.sockets.qga] : [])]
      const up = await waitForFiles(sockets, proc, 10_000)
      expect(up, `QEMU did not start: ${proc.stderrText()}\nargv: ${built.args.join(' ')}`).toBe(true)
      qmp = await QmpClient.connect(work.sockets.qmp, { timeoutMs: 10_000 })

      const status = await qmp.execute<{ status: string; running: boolean }>('query-status')
      expect(status).toMatchObject({ status: 'prelaunch', running: false })
      // The disk is attached the way we asked: the image (as raw, not guessed) behind a
      // temporary qcow2 overlay, or the image itself with write_image.
      const blocks = await qmp.execute<BlockInfo[]>('query-block')
      const disk = blocks.find((b) => b.device === IMAGE_DRIVE_ID)
      if (v.kind === 'kernel') {
        expect(disk).toBeUndefined()
      } else if (v.writeImage) {
        expect(disk?.inserted).toMatchObject({ file: image, drv: 'raw', ro: false, backing_file_depth: 0 })
      } else {
        expect(disk?.inserted).toMatchObject({ drv: 'qcow2', ro: false, backing_file: image, backing_file_depth: 1 })
        expect(disk?.inserted?.image['backing-image']).toMatchObject({ filename: image, format: 'raw' })
      }

      await qmp.quit()
      const exit = await proc.waitOrKill(10_000)
      expect(exit).toEqual({ code: 0, signal: null })
      // No warning either: a deprecated option or a guessed image format would print one.
      expect(proc.stderrText()).toBe('')
    } finally {
      await qmp?.close()
      if (qemu) await qemu.waitOrKill(1_000)
      work?.remove()
      t.remove()
    }
  })
})
