// Install-mode decisions of setupHost with an injected Exec that records every command, and a
// fake apt world (apt-cache, apt-get download, dpkg-deb) for the tool-cache path, so the
// whole bundle build → find → reuse cycle runs here without network or root.
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InstallError, MissingToolError } from '../../src/setup/errors.js'
import { isStaticElf } from '../../src/setup/host.js'
import { setupHost, type SetupOptions } from '../../src/setup/install.js'
import { verifyCacheDir } from '../../src/setup/toolcache.js'
import type { Plan } from '../../src/plan/types.js'
import { isAptCommand, plan, recordingExec, target, type Handler } from './setup-helpers.js'

const debian = { id: 'debian', versionId: '12', idLike: [] }
const QEMU_VERSION = 'QEMU emulator version 7.2.18 (Debian 1:7.2+dfsg-7+deb12u18)'

let work = ''
let toolCacheDir = ''
const savedTemp = process.env.RUNNER_TEMP
const logs: { line: string; level?: string }[] = []
const log = (line: string, level?: string): void => {
  logs.push({ line, level })
}

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-install-'))
  toolCacheDir = path.join(work, 'tool-cache')
  process.env.RUNNER_TEMP = path.join(work, 'temp')
  logs.length = 0
})
afterEach(() => {
  if (savedTemp === undefined) delete process.env.RUNNER_TEMP
  else process.env.RUNNER_TEMP = savedTemp
  fs.rmSync(work, { recursive: true, force: true })
})

/** x86 kernel target, rootfs /, no initramfs: needs qemu-system-x86 only (no qemu-ga: our
 *  init runs the command itself). */
const kernelPlan = (): Plan => plan([target()], { initramfs: 'off' })
/** The same and an image target: needs qemu-system-x86 and qemu-utils (qemu-img). */
const mixedPlan = (): Plan => plan([target(), target({ kind: 'image', image: '/a.img' })], { initramfs: 'off' })

const baseOpts = (o: Partial<SetupOptions>): SetupOptions => ({
  mode: 'auto',
  cache: false,
  log,
  toolCacheDir,
  isRoot: true,
  osRelease: debian,
  hostArch: 'x86_64',
  nodeArch: 'x64',
  restoreCache: async () => false,
  ...o,
})

const whichFrom = (table: Record<string, string | undefined>) => (name: string) => table[name]

describe('install: none', () => {
  it('QEMU missing → clear error, no command run', async () => {
    const { exec, calls } = recordingExec({})
    const err = await setupHost(kernelPlan(), baseOpts({ mode: 'none', exec, which: whichFrom({}) })).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(MissingToolError)
    expect((err as Error).message).toMatch(
      /^install: none and qemu-system-x86_64 is not in PATH: install it \(Debian\/Ubuntu: apt-get install qemu-system-x86\)/,
    )
    expect(calls).toEqual([])
  })

  it('QEMU present → used as is; a kernel target needs nothing else (no qemu-ga)', async () => {
    const { exec, calls } = recordingExec({ 'qemu-system-x86_64': () => ({ stdout: QEMU_VERSION + '\nCopyright…\n' }) })
    const r = await setupHost(
      kernelPlan(),
      baseOpts({ mode: 'none', exec, which: whichFrom({ 'qemu-system-x86_64': '/usr/bin/qemu-system-x86_64' }) }),
    )
    expect(r.installedVia).toBe('none')
    expect(r.qemuPaths).toEqual({ x86_64: '/usr/bin/qemu-system-x86_64' })
    expect(r.versions['qemu-system-x86_64']).toBe(QEMU_VERSION)
    expect(calls.filter(isAptCommand)).toEqual([])
    expect(calls.map((c) => c.command)).toEqual(['/usr/bin/qemu-system-x86_64'])
    expect(r.guestAgent).toBeUndefined()
    expect(logs.filter((l) => l.level === 'warning')).toEqual([])
  })
})

describe('install: auto', () => {
  it('everything present → nothing installed, no apt command', async () => {
    const { exec, calls } = recordingExec({
      'qemu-system-x86_64': () => ({ stdout: QEMU_VERSION }),
      'qemu-img': () => ({ stdout: 'qemu-img version 7.2.18' }),
    })
    const which = whichFrom({ 'qemu-system-x86_64': '/usr/bin/qemu-system-x86_64', 'qemu-img': '/usr/bin/qemu-img' })
    const r = await setupHost(mixedPlan(), baseOpts({ exec, which }))
    expect(r.installedVia).toBe('present')
    expect(r.aptCommandsRun).toBe(0)
    expect(calls.filter(isAptCommand)).toEqual([])
    expect(r.qemuImg).toEqual({ path: '/usr/bin/qemu-img', env: {} })
    expect(r.versions).toEqual({ 'qemu-system-x86_64': QEMU_VERSION })
    expect(r.env).toEqual({})
  })

  it('a QEMU that does not run is not "present"', async () => {
    const { exec } = recordingExec({
      'qemu-system-x86_64': () => ({ exitCode: 127, stderr: 'error while loading shared libraries' }),
    })
    await expect(
      setupHost(
        mixedPlan(),
        baseOpts({ mode: 'none', exec, which: whichFrom({ 'qemu-system-x86_64': '/usr/bin/qemu-system-x86_64' }) }),
      ),
    ).rejects.toThrow(MissingToolError)
  })

  it('missing pieces, root, cache off → apt-get install of exactly the missing packages', async () => {
    const installed: Record<string, string | undefined> = { 'qemu-system-x86_64': '/usr/bin/qemu-system-x86_64' }
    const { exec, calls, line } = recordingExec({
      'qemu-system-x86_64': () => ({ stdout: QEMU_VERSION }),
      'qemu-img': () => ({ stdout: 'qemu-img version 7.2.18' }),
      'apt-get': (args) => {
        if (args[0] === 'install') installed['qemu-img'] = '/usr/bin/qemu-img'
        return { exitCode: 0 }
      },
      'dpkg-query': () => ({ stdout: 'qemu-utils\t1:7.2+dfsg-7+deb12u18\n' }),
    })
    const r = await setupHost(mixedPlan(), baseOpts({ exec, which: whichFrom(installed) }))
    expect(r.installedVia).toBe('apt')
    expect(calls.filter(isAptCommand).map(line)).toEqual([
      'apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120 qemu-utils',
    ])
    expect(calls.find((c) => c.command === 'apt-get')?.opts?.env?.DEBIAN_FRONTEND).toBe('noninteractive')
    expect(r.aptCommandsRun).toBe(1)
    expect(r.packages).toEqual({ 'qemu-utils': '1:7.2+dfsg-7+deb12u18' })
    expect(r.qemuImg?.path).toBe('/usr/bin/qemu-img')
  })

  it('not Debian/Ubuntu and QEMU missing → says what to install', async () => {
    const { exec } = recordingExec({})
    await expect(
      setupHost(
        mixedPlan(),
        baseOpts({ exec, which: whichFrom({}), osRelease: { id: 'fedora', versionId: '40', idLike: [] } }),
      ),
    ).rejects.toThrow(
      /Installing qemu-system-x86 qemu-utils needs apt \(Debian or Ubuntu\), but this host is fedora 40/,
    )
  })
})

describe('install: apt', () => {
  const aptWorld = (fails: string[]) => {
    const installed: Record<string, string | undefined> = {}
    const handlers: Record<string, Handler> = {
      'qemu-system-x86_64': () => ({ stdout: QEMU_VERSION }),
      'qemu-img': () => ({ stdout: 'qemu-img version 7.2.18' }),
      'apt-get': (args) => {
        const f = fails.shift()
        if (f) return { exitCode: 100, stderr: f }
        if (args[0] === 'install')
          Object.assign(installed, {
            'qemu-system-x86_64': '/usr/bin/qemu-system-x86_64',
            'qemu-img': '/usr/bin/qemu-img',
          })
        return { exitCode: 0 }
      },
      'dpkg-query': () => ({ stdout: '' }),
    }
    return { installed, handlers }
  }

  it('runs apt-get update only after an install fails for a missing package', async () => {
    const w = aptWorld(['E: Unable to locate package qemu-utils'])
    const { exec, calls, line } = recordingExec(w.handlers)
    const r = await setupHost(mixedPlan(), baseOpts({ mode: 'apt', exec, which: whichFrom(w.installed) }))
    expect(calls.filter(isAptCommand).map(line)).toEqual([
      'apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120 qemu-system-x86 qemu-utils',
      'apt-get update -o DPkg::Lock::Timeout=120',
      'apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120 qemu-system-x86 qemu-utils',
    ])
    expect(r.aptCommandsRun).toBe(3)
    expect(r.installedVia).toBe('apt')
  })

  it('a failure apt-get update cannot fix is an error naming the command', async () => {
    const w = aptWorld(['E: Sub-process /usr/bin/dpkg returned an error code (1)'])
    const { exec, calls } = recordingExec(w.handlers)
    await expect(
      setupHost(mixedPlan(), baseOpts({ mode: 'apt', exec, which: whichFrom(w.installed) })),
    ).rejects.toThrow(/`apt-get install -y .*` failed \(exit 100\): E: Sub-process/)
    expect(calls.filter((c) => c.args[0] === 'update')).toEqual([])
  })

  it('not root: goes through sudo -n; without sudo: a clear error', async () => {
    const w = aptWorld([])
    const sudoOk = recordingExec({
      ...w.handlers,
      sudo: (args, opts) => w.handlers['apt-get']!(args.slice(args.indexOf('apt-get') + 1), opts) ?? { exitCode: 0 },
    })
    await setupHost(
      mixedPlan(),
      baseOpts({ mode: 'apt', isRoot: false, exec: sudoOk.exec, which: whichFrom(w.installed) }),
    )
    expect(sudoOk.calls.filter((c) => c.command === 'sudo').map(sudoOk.line)).toEqual([
      'sudo -n true',
      'sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120 qemu-system-x86 qemu-utils',
    ])

    const noSudo = recordingExec({ sudo: () => ({ exitCode: 1, stderr: 'sudo: a password is required' }) })
    const err = await setupHost(
      mixedPlan(),
      baseOpts({ mode: 'apt', isRoot: false, exec: noSudo.exec, which: whichFrom({}) }),
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InstallError)
    expect((err as Error).message).toMatch(
      /needs root, but this process is not root and passwordless sudo is not available.*install: tool-cache/,
    )
    expect(noSudo.calls.filter(isAptCommand)).toEqual([])
  })
})

/** A fake Debian: apt-cache answers from a small graph, apt-get download writes .debs into
 *  its cwd, dpkg-deb -x lays out files per package; bundle binaries "run" by name. */
function fakeApt(opts: { qemuRuns?: () => boolean } = {}) {
  const graph = [
    'qemu-system-x86',
    '  Depends: libc6',
    '  Depends: libslirp0',
    '  Depends: qemu-system-data',
    '  Depends: seabios',
    'qemu-utils',
    '  PreDepends: init-system-helpers',
    '  Depends: liburing2',
    'libslirp0',
    '  Depends: libc6',
    'liburing2',
    '  Depends: libc6',
    'init-system-helpers',
    'qemu-system-data',
    'seabios',
    'libc6',
  ].join('\n')
  const versions: Record<string, [string, string]> = {
    'qemu-system-x86': ['(none)', '1:7.2+dfsg-7+deb12u18+b3'],
    'qemu-utils': ['(none)', '1:7.2+dfsg-7+deb12u18+b3'],
    'qemu-system-data': ['1:7.2+dfsg-7+deb12u18', '1:7.2+dfsg-7+deb12u18'],
    seabios: ['(none)', '1.16.2-1'],
    libc6: ['2.36-9', '2.36-9'],
    libslirp0: ['(none)', '4.7.0-1'],
    liburing2: ['2.3-3', '2.3-3'],
    'init-system-helpers': ['(none)', '1.65'],
  }
  const files: Record<string, (root: string) => void> = {
    'qemu-system-x86': (root) => {
      write(root, 'usr/bin/qemu-system-x86_64', '#!/bin/sh\n', 0o755)
      write(root, 'usr/lib/x86_64-linux-gnu/qemu/accel-tcg-x86_64.so', 'module')
      write(root, 'usr/share/doc/qemu-system-x86/changelog.gz', 'docs')
    },
    'qemu-utils': (root) => write(root, 'usr/bin/qemu-img', '#!/bin/sh\n', 0o755),
    'qemu-system-data': (root) => {
      write(root, 'usr/share/qemu/kvmvapic.bin', 'rom')
      fs.symlinkSync('/usr/share/seabios/bios-256k.bin', path.join(root, 'usr/share/qemu/bios-256k.bin'))
    },
    seabios: (root) => write(root, 'usr/share/seabios/bios-256k.bin', 'bios'),
    libslirp0: (root) => {
      write(root, 'usr/lib/x86_64-linux-gnu/libslirp.so.0.4.0', 'elf')
      fs.symlinkSync('libslirp.so.0.4.0', path.join(root, 'usr/lib/x86_64-linux-gnu/libslirp.so.0'))
    },
  }
  const handlers: Record<string, Handler> = {
    'apt-cache': (args) => {
      if (args[0] === 'depends') return { stdout: graph }
      return {
        stdout: args
          .slice(1)
          .filter((n) => versions[n])
          .map((n) => `${n}:\n  Installed: ${versions[n][0]}\n  Candidate: ${versions[n][1]}\n`)
          .join(''),
      }
    },
    'apt-get': (args, o) => {
      if (args[0] !== 'download') return { exitCode: 100 }
      for (const spec of args.slice(1)) {
        const [name, version] = spec.split('=')
        fs.writeFileSync(path.join(o!.cwd!, `${name}_${version.replace(':', '%3a')}_amd64.deb`), name)
      }
      return {}
    },
    'dpkg-deb': (args) => {
      const name = fs.readFileSync(args[1], 'utf8')
      files[name]?.(args[2])
      return {}
    },
    'qemu-system-x86_64': () =>
      (opts.qemuRuns?.() ?? true)
        ? { stdout: QEMU_VERSION }
        : { exitCode: 127, stderr: 'libslirp.so.0: cannot open shared object file' },
    'qemu-img': () => ({ stdout: 'qemu-img version 7.2.18' }),
  }
  return handlers
}

function write(root: string, rel: string, content: string, mode = 0o644): void {
  const p = path.join(root, rel)
  fs.mkdirSync(path.dirname(p), { recursive: true })
  fs.writeFileSync(p, content, { mode })
}

describe('install: tool-cache', () => {
  it('builds a bundle from .debs, then a second run finds it and runs no apt command', async () => {
    const first = recordingExec(fakeApt())
    const r = await setupHost(mixedPlan(), baseOpts({ mode: 'tool-cache', exec: first.exec, which: whichFrom({}) }))
    expect(r.installedVia).toBe('tool-cache')
    // resolve (2 apt-cache) + download (1 apt-get); libc6/liburing2 installed → not bundled;
    // qemu-system-data installed but carried; init-system-helpers is plumbing → left out
    expect(first.calls.filter(isAptCommand).map((c) => `${c.command} ${c.args[0]}`)).toEqual([
      'apt-cache depends',
      'apt-cache policy',
      'apt-get download',
    ])
    expect(r.aptCommandsRun).toBe(3)
    expect(Object.keys(r.packages).sort()).toEqual([
      'libslirp0',
      'qemu-system-data',
      'qemu-system-x86',
      'qemu-utils',
      'seabios',
    ])
    const qemu = r.qemuPaths.x86_64!
    expect(qemu.startsWith(toolCacheDir + path.sep)).toBe(true)
    expect(qemu).toMatch(
      /vmtest-qemu-[0-9a-f]{10}\/1\.0\.0-debian12\.p[0-9a-f]{12}\/x64\/root\/usr\/bin\/qemu-system-x86_64$/,
    )
    const root = qemu.replace(/\/usr\/bin\/qemu-system-x86_64$/, '')
    expect(r.env.LD_LIBRARY_PATH?.split(':')[0]).toBe(path.join(root, 'usr/lib/x86_64-linux-gnu'))
    expect(r.env.QEMU_MODULE_DIR).toBe(path.join(root, 'usr/lib/x86_64-linux-gnu/qemu'))
    expect(r.qemuDataDir).toBe(path.join(root, 'usr/share/qemu'))
    expect(r.qemuImg).toEqual({ path: path.join(root, 'usr/bin/qemu-img'), env: r.env })
    // absolute symlinks now point inside the bundle; docs dropped
    expect(fs.readlinkSync(path.join(root, 'usr/share/qemu/bios-256k.bin'))).toBe('../seabios/bios-256k.bin')
    expect(fs.readFileSync(path.join(root, 'usr/share/qemu/bios-256k.bin'), 'utf8')).toBe('bios')
    expect(fs.existsSync(path.join(root, 'usr/share/doc'))).toBe(false)
    // the bundle's QEMU was run with the bundle environment
    const versionCall = first.calls.find((c) => c.command === qemu)
    expect(versionCall?.opts?.env?.QEMU_MODULE_DIR).toBe(r.env.QEMU_MODULE_DIR)
    expect(r.versions['qemu-system-x86_64']).toBe(QEMU_VERSION)
    expect(r.cache).toMatchObject({
      key: expect.stringMatching(/^vmtest-qemu-v2-debian12-x64-[0-9a-f]{10}$/),
      restored: false,
      save: false,
    })
    expect(fs.readdirSync(process.env.RUNNER_TEMP!)).toEqual([])

    const second = recordingExec(fakeApt())
    const again = await setupHost(
      mixedPlan(),
      baseOpts({ mode: 'tool-cache', exec: second.exec, which: whichFrom({}) }),
    )
    expect(second.calls.filter(isAptCommand)).toEqual([])
    expect(second.calls.filter((c) => c.command === 'dpkg-deb')).toEqual([])
    expect(again.aptCommandsRun).toBe(0)
    expect(again.qemuPaths).toEqual(r.qemuPaths)
    expect(again.env).toEqual(r.env)
  })

  it('with cache on: restores before building, and asks the post step to save only what it built', async () => {
    const restores: string[] = []
    const restoreCache = async (key: string, dir: string) => {
      restores.push(`${key} ${dir}`)
      return false
    }
    const { exec } = recordingExec(fakeApt())
    const r = await setupHost(
      mixedPlan(),
      baseOpts({ mode: 'tool-cache', cache: true, exec, which: whichFrom({}), restoreCache }),
    )
    expect(restores).toEqual([`${r.cache!.key} ${r.cache!.dir}`])
    expect(r.cache!.dir.startsWith(path.join(toolCacheDir, 'vmtest-qemu-'))).toBe(true)
    expect(r.qemuPaths.x86_64!.startsWith(r.cache!.dir + path.sep)).toBe(true)
    expect(r.cache!.save).toBe(true)

    const again = await setupHost(
      mixedPlan(),
      baseOpts({ mode: 'tool-cache', cache: true, exec, which: whichFrom({}), restoreCache }),
    )
    expect(restores.length).toBe(1) // found locally: no restore
    expect(again.cache!.save).toBe(false)
  })

  it('auto with cache on builds a bundle for what is missing even as root', async () => {
    const { exec, calls } = recordingExec(fakeApt())
    const r = await setupHost(mixedPlan(), baseOpts({ mode: 'auto', cache: true, exec, which: whichFrom({}) }))
    expect(r.installedVia).toBe('tool-cache')
    expect(calls.some((c) => c.command === 'apt-get' && c.args[0] === 'install')).toBe(false)
  })

  it('auto without root or sudo, cache off → tool-cache (needs no root), never apt-get install', async () => {
    const { exec, calls, line } = recordingExec({
      ...fakeApt(),
      sudo: () => ({ exitCode: 1, stderr: 'sudo: a password is required' }),
    })
    const r = await setupHost(mixedPlan(), baseOpts({ mode: 'auto', isRoot: false, exec, which: whichFrom({}) }))
    expect(r.installedVia).toBe('tool-cache')
    expect(calls.filter((c) => c.command === 'sudo').map(line)).toEqual(['sudo -n true'])
    expect(calls.some((c) => c.args.includes('install'))).toBe(false)
  })

  it('stale lists without root or sudo: the error says to refresh them', async () => {
    const handlers = {
      ...fakeApt(),
      sudo: () => ({ exitCode: 1 }),
      'apt-get': () => ({
        exitCode: 100,
        stderr: "E: Can't find a source to download version '4.7.0-1' of 'libslirp0:amd64'",
      }),
    }
    const { exec } = recordingExec(handlers)
    await expect(
      setupHost(mixedPlan(), baseOpts({ mode: 'tool-cache', isRoot: false, exec, which: whichFrom({}) })),
    ).rejects.toThrow(/Refreshing apt lists \(apt-get update\) needs root.*sudo apt-get update/)
  })

  it('a cached bundle that no longer runs is ignored with a warning and rebuilt', async () => {
    const { exec } = recordingExec(fakeApt())
    await setupHost(mixedPlan(), baseOpts({ mode: 'tool-cache', exec, which: whichFrom({}) }))
    // e.g. restored onto a runner that lacks a library the bundle did not carry
    const second = recordingExec(fakeApt({ qemuRuns: () => false }))
    // the rebuilt bundle fails the same check: a clear error rather than a broken QEMU
    await expect(
      setupHost(mixedPlan(), baseOpts({ mode: 'tool-cache', exec: second.exec, which: whichFrom({}) })),
    ).rejects.toThrow(/does not run: .*qemu-system-x86_64 --version failed/)
    expect(logs.some((l) => l.level === 'warning' && /tool-cache: ignoring .*libslirp/.test(l.line))).toBe(true)
    expect(second.calls.filter(isAptCommand).length).toBeGreaterThan(0)
  })

  it('a file changed in a cached bundle is a warning and a rebuild; the planted file never runs', async () => {
    const first = recordingExec(fakeApt())
    const r = await setupHost(mixedPlan(), baseOpts({ mode: 'tool-cache', exec: first.exec, which: whichFrom({}) }))
    const planted = r.qemuImg!.path
    fs.writeFileSync(planted, '#!/bin/sh\necho planted\n')
    const second = recordingExec(fakeApt())
    const again = await setupHost(
      mixedPlan(),
      baseOpts({ mode: 'tool-cache', exec: second.exec, which: whichFrom({}) }),
    )
    expect(
      logs
        .filter((l) => l.level === 'warning')
        .map((l) => l.line)
        .join('\n'),
    ).toMatch(/tool-cache: ignoring .*: its contents do not match its manifest: usr\/bin\/qemu-img differs/)
    // Checked before anything in it ran: the first command is apt, not the bundle's QEMU.
    expect(isAptCommand(second.calls[0])).toBe(true)
    expect(fs.readFileSync(again.qemuImg!.path, 'utf8')).not.toContain('planted')
  })

  it('the post step saves the bundle folder only when it is one, unchanged since it was built', async () => {
    const { exec } = recordingExec(fakeApt())
    const r = await setupHost(mixedPlan(), baseOpts({ mode: 'tool-cache', cache: true, exec, which: whichFrom({}) }))
    const dir = r.cache!.dir
    expect(await verifyCacheDir(dir, toolCacheDir)).toBeUndefined()
    expect(await verifyCacheDir(path.join(work, 'elsewhere'), toolCacheDir)).toMatch(
      /is not a QEMU bundle folder of the tool cache/,
    )
    write(path.dirname(r.qemuPaths.x86_64!), 'extra-tool', 'added later')
    expect(await verifyCacheDir(dir, toolCacheDir)).toMatch(/usr\/bin\/extra-tool was added after it was made/)
  })

  it('stale apt lists: apt-get update once (as root), then the build goes on', async () => {
    const handlers = fakeApt()
    let updated = false
    const download = handlers['apt-get']!
    handlers['apt-get'] = (args, o) => {
      if (args[0] === 'update') {
        updated = true
        return {}
      }
      if (!updated)
        return { exitCode: 100, stderr: "E: Can't find a source to download version '4.7.0-1' of 'libslirp0:amd64'" }
      return download(args, o)
    }
    const { exec, calls, line } = recordingExec(handlers)
    const r = await setupHost(mixedPlan(), baseOpts({ mode: 'tool-cache', exec, which: whichFrom({}) }))
    expect(calls.filter(isAptCommand).map((c) => line(c).split(' ').slice(0, 2).join(' '))).toEqual([
      'apt-cache depends',
      'apt-cache policy',
      'apt-get download',
      'apt-get update',
      'apt-cache depends',
      'apt-cache policy',
      'apt-get download',
    ])
    expect(r.aptCommandsRun).toBe(7)
  })
})

describe('isStaticElf', () => {
  const elf = (withInterp: boolean): Buffer => {
    const b = Buffer.alloc(64 + 56 * 2)
    b.writeUInt32BE(0x7f454c46, 0)
    b[4] = 2 // 64-bit
    b[5] = 1 // little endian
    b.writeBigUInt64LE(64n, 32) // e_phoff
    b.writeUInt16LE(56, 54) // e_phentsize
    b.writeUInt16LE(2, 56) // e_phnum
    b.writeUInt32LE(1, 64) // PT_LOAD
    b.writeUInt32LE(withInterp ? 3 : 1, 64 + 56) // PT_INTERP or another PT_LOAD
    return b
  }
  it.each([
    [false, true],
    [true, false],
  ])('interp=%s → static=%s', async (interp, want) => {
    const f = path.join(work, 'elf')
    fs.writeFileSync(f, elf(interp))
    expect(await isStaticElf(f)).toBe(want)
  })
  it('a script is not a static ELF', async () => {
    const f = path.join(work, 'sh')
    fs.writeFileSync(f, '#!/bin/sh\n')
    expect(await isStaticElf(f)).toBe(false)
  })
})
