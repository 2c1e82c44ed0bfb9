// Issue 12.1: an image target must not make QEMU open host files. Real images made with
// qemu-img: a qcow2 backed by a host file outside the workspace and a VMDK descriptor naming
// /etc/hostname as an extent are refused before any QEMU starts; a qcow2 overlay on the BIOS
// image beside it boots, and a plain qcow2 is still written through with --write-image.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fixture, tempDir } from './fixtures.js'
import { ownQemus, usePrivateTmp } from './own-leftovers.js'
import { runPlan } from '../../src/engine/run.js'
import type { EngineEvent, TargetResult } from '../../src/plan/events.js'
import type { Plan } from '../../src/plan/types.js'
import { planFromCli } from '../../src/cli/plan.js'
import { parseCliArgs } from '../../src/cli/args.js'
import { assertImageFilesAllowed } from '../../src/vm/image-check.js'

const ownTmp = usePrivateTmp()

let bios: string
beforeAll(() => {
  bios = fixture('bios-image')[0]
})

const SECTOR = 1000
const MARKER = 'vmtest-chain-write'
const writeDisk = `printf ${MARKER} | dd of=/dev/vda bs=512 seek=${SECTOR} conv=fsync 2>/dev/null && sync`
const readDisk = `echo "disk: $(dd if=/dev/vda bs=512 skip=${SECTOR} count=1 2>/dev/null | head -c ${MARKER.length})"`

function qemuImg(...args: string[]): string {
  return execFileSync('qemu-img', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

function bytesAt(file: string, offset: number, length: number): string {
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(length)
    readSync(fd, buf, 0, length, offset)
    return buf.toString('latin1')
  } finally {
    closeSync(fd)
  }
}

function planFor(dir: string, image: string, command: string, flags: string[] = []): Plan {
  writeFileSync(
    join(dir, 'vmtest.toml'),
    `[[target]]\nname = "img"\nimage = ${JSON.stringify(image)}\ncommand = ${JSON.stringify(command)}\nvm.memory = "1G"\n`,
  )
  return planFromCli(parseCliArgs(['--accel', 'tcg', ...flags, '-c', join(dir, 'vmtest.toml')]), dir, process.env)
}

interface Run {
  result: TargetResult
  events: EngineEvent[]
  output: string[]
  /** Our QEMUs seen while the run was going on. */
  qemusSeen: number
}

async function run(plan: Plan): Promise<Run> {
  const events: EngineEvent[] = []
  let qemusSeen = 0
  const [result] = await runPlan({
    plan,
    sink: (e) => {
      events.push(e)
      qemusSeen = Math.max(qemusSeen, ownQemus(ownTmp().dir).length)
    },
  })
  const output = events.flatMap((e) => (e.type === 'output' ? [e.line] : []))
  return { result, events, output, qemusSeen }
}

/** Nothing of a boot happened: no stage started, no QEMU of ours ran. */
function expectNoBoot(r: Run): void {
  expect(r.events.map((e) => e.type)).toEqual(['run-start', 'target-start', 'target-end', 'run-end'])
  expect(r.qemusSeen).toBe(0)
}

describe('images that name host files are refused before boot', () => {
  it('a qcow2 whose backing file is a host file outside the workspace', async () => {
    const ws = tempDir('ws-')
    const host = tempDir('host-')
    try {
      const secret = join(host.dir, 'secret.raw')
      writeFileSync(secret, 'host secret\n'.padEnd(512 * 8, '.'))
      qemuImg('create', '-q', '-f', 'qcow2', '-b', secret, '-F', 'raw', join(ws.dir, 'disk.qcow2'))
      // The attack is real: QEMU's own view of the chain reaches the host file.
      expect(qemuImg('info', '--backing-chain', '-U', join(ws.dir, 'disk.qcow2'))).toContain(secret)
      for (const flags of [[], ['--write-image']]) {
        const r = await run(planFor(ws.dir, 'disk.qcow2', 'cat /dev/vda', flags))
        expect(r.result.result).toBe('error')
        expect(r.result.error).toContain(`image ${join(ws.dir, 'disk.qcow2')} refused before boot`)
        expect(r.result.error).toContain(`backing file '${secret}'`)
        expect(r.result.error).toContain('an image may only use files inside the workspace or its own folder')
        expectNoBoot(r)
      }
    } finally {
      ws.remove()
      host.remove()
    }
  })

  it('a VMDK descriptor naming /etc/hostname as an extent, even with --write-image', async () => {
    const ws = tempDir('ws-')
    const victim = existsSync('/etc/hostname') ? '/etc/hostname' : '/etc/passwd'
    try {
      const before = sha256(victim)
      writeFileSync(
        join(ws.dir, 'disk.vmdk'),
        `# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType="monolithicFlat"\n\nRW 1 FLAT "${victim}" 0\n\nddb.adapterType = "ide"\n`,
      )
      expect(qemuImg('info', '-U', join(ws.dir, 'disk.vmdk'))).toContain(victim)
      const r = await run(planFor(ws.dir, 'disk.vmdk', `printf pwned | dd of=/dev/vda conv=notrunc`, ['--write-image']))
      expect(r.result.result).toBe('error')
      expect(r.result.error).toContain(`VMDK extent '${victim}'`)
      expect(r.result.error).toContain(`resolves to ${victim}, outside`)
      expectNoBoot(r)
      expect(sha256(victim)).toBe(before)
    } finally {
      ws.remove()
    }
  })

  it('a json: backing name is refused', async () => {
    const ws = tempDir('ws-')
    try {
      const json = `json:{"driver":"raw","file":{"driver":"file","filename":"/etc/passwd"}}`
      qemuImg('create', '-q', '-f', 'qcow2', '-u', '-b', json, '-F', 'raw', join(ws.dir, 'disk.qcow2'), '1M')
      const r = await run(planFor(ws.dir, 'disk.qcow2', 'true'))
      expect(r.result.error).toContain(`backing file '${json}'`)
      expect(r.result.error).toContain('protocol or json: name')
      expectNoBoot(r)
    } finally {
      ws.remove()
    }
  })

  it('a downloaded image (image_url) may use only its download folder, not the workspace', async () => {
    const ws = tempDir('ws-')
    try {
      const cache = join(ws.dir, 'cache')
      mkdirSync(cache)
      qemuImg('create', '-q', '-f', 'qcow2', join(ws.dir, 'base.qcow2'), '1M')
      qemuImg('create', '-q', '-f', 'qcow2', join(cache, 'base.qcow2'), '1M')
      qemuImg('create', '-q', '-f', 'qcow2', '-b', '../base.qcow2', '-F', 'qcow2', join(cache, 'disk.qcow2'))
      const [target] = planFor(ws.dir, 'cache/disk.qcow2', 'true').targets
      target.source = { imageUrl: 'https://example.invalid/disk.qcow2' }
      await expect(assertImageFilesAllowed(target)).rejects.toThrow(
        `backing file '../base.qcow2' named by ${join(cache, 'disk.qcow2')}: it resolves to ${join(ws.dir, 'base.qcow2')}, outside ${cache}`,
      )
      // The same image from the workspace itself may use the workspace.
      await expect(assertImageFilesAllowed({ ...target, source: undefined })).resolves.toBeUndefined()
      // Beside it in the download folder is fine.
      qemuImg('rebase', '-u', '-b', 'base.qcow2', '-F', 'qcow2', join(cache, 'disk.qcow2'))
      await expect(assertImageFilesAllowed(target)).resolves.toBeUndefined()
    } finally {
      ws.remove()
    }
  })
})

describe('legit images still boot', () => {
  it('a qcow2 overlay on the BIOS image beside it boots and runs a command; neither file changes', async () => {
    const ws = tempDir('ws-')
    try {
      const base = join(ws.dir, 'base.img')
      execFileSync('cp', ['--sparse=always', bios, base])
      qemuImg('create', '-q', '-f', 'qcow2', '-b', 'base.img', '-F', 'raw', join(ws.dir, 'disk.qcow2'))
      const [baseSum, overlaySum] = [sha256(base), sha256(join(ws.dir, 'disk.qcow2'))]
      const r = await run(planFor(ws.dir, 'disk.qcow2', `${writeDisk}; ${readDisk}`))
      expect(r.result, r.result.error).toMatchObject({ result: 'pass', exitCode: 0 })
      expect(r.output).toContain(`disk: ${MARKER}`)
      expect([sha256(base), sha256(join(ws.dir, 'disk.qcow2'))]).toEqual([baseSum, overlaySum])
    } finally {
      ws.remove()
    }
  })

  it('--write-image on a plain qcow2 image writes through to it', async () => {
    const ws = tempDir('ws-')
    try {
      const image = join(ws.dir, 'disk.qcow2')
      qemuImg('convert', '-f', 'raw', '-O', 'qcow2', bios, image)
      const r = await run(planFor(ws.dir, 'disk.qcow2', writeDisk, ['--write-image']))
      expect(r.result, r.result.error).toMatchObject({ result: 'pass', exitCode: 0 })
      const raw = join(ws.dir, 'back.raw')
      qemuImg('convert', '-f', 'qcow2', '-O', 'raw', image, raw)
      expect(bytesAt(raw, SECTOR * 512, MARKER.length)).toBe(MARKER)
    } finally {
      ws.remove()
    }
  })
})
