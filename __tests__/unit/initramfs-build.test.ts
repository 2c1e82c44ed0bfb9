import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import {
  APPLETS,
  MODULE_LIST_PATH,
  buildInitramfs,
  buildInitramfsDetailed,
  readInitTemplate,
} from '../../src/initramfs/build.js'
import { NINEP_MOUNT_OPTIONS } from '../../src/platform/ninep.js'
import { decideBootPath } from '../../src/initramfs/decide.js'
import { InitramfsError } from '../../src/initramfs/errors.js'
import {
  type NewcRecord,
  PT_INTERP,
  PT_LOAD,
  S_IFCHR,
  S_IFLNK,
  S_IFMT,
  S_IFREG,
  makeElf,
  readNewc,
  tempDir,
  writeTree,
} from './initramfs-helpers.js'

const VERSION = '6.8.0-31-generic'
const MODS = `lib/modules/${VERSION}`
const BUSYBOX = Buffer.concat([makeElf({ phTypes: [PT_LOAD] }), Buffer.from('pretend busybox body')])
// Stand-ins for module objects: distinct bytes per module so a mix-up shows.
const ko = (name: string): Buffer => Buffer.from(`\x7fELF fake module ${name} `.repeat(20))
const TEMPLATE = readFileSync(new URL('../../templates/initramfs-init.sh', import.meta.url))

const hasTool = (tool: string): boolean => spawnSync(tool, ['--version']).status === 0
const compressWith = (tool: string, data: Buffer): Buffer => execFileSync(tool, ['-c'], { input: data })

const tmp = tempDir('vmtest-build-')
afterAll(() => tmp.cleanup())

function entries(archive: Buffer): Map<string, NewcRecord> {
  return new Map(readNewc(archive).records.map((r) => [r.name, r]))
}

describe('buildInitramfs', () => {
  const rootfs = path.join(tmp.dir, 'root')
  writeTree(rootfs, {
    'bin/busybox': BUSYBOX,
    [`${MODS}/kernel/net/9p/9pnet.ko`]: ko('9pnet'),
    [`${MODS}/kernel/fs/9p/9p.ko.gz`]: zlib.gzipSync(ko('9p')),
  })

  it('holds /init, busybox with its applets, /dev/console and the modules with their load list', () => {
    const archive = buildInitramfs({
      rootfs,
      kernelVersion: VERSION,
      modules: ['kernel/net/9p/9pnet.ko', 'kernel/fs/9p/9p.ko.gz'],
    })
    const byName = entries(archive)
    const init = byName.get('init')!
    expect(init.mode).toBe(S_IFREG | 0o755)
    // The template, with the platform's 9p options as the root's default.
    expect(init.data.equals(readInitTemplate())).toBe(true)
    expect(init.data.toString()).toContain(`rootflags=${NINEP_MOUNT_OPTIONS}`)
    expect(init.data.toString()).not.toContain('@NINEP_OPTIONS@')
    expect(byName.get('bin/busybox')!.data.equals(BUSYBOX)).toBe(true)
    expect(byName.get('bin/busybox')!.mode).toBe(S_IFREG | 0o755)
    for (const applet of ['sh', 'mount', 'insmod', 'switch_root', 'poweroff']) {
      const link = byName.get(`bin/${applet}`)
      expect(link, applet).toBeDefined()
      expect(link!.mode & S_IFMT, applet).toBe(S_IFLNK)
      expect(link!.data.toString()).toBe('busybox')
    }
    const console = byName.get('dev/console')!
    expect([console.mode & S_IFMT, console.rdevmajor, console.rdevminor]).toEqual([S_IFCHR, 5, 1])
    for (const dir of ['proc', 'sys', 'newroot']) expect(byName.has(dir), dir).toBe(true)
    expect(byName.get(`${MODS}/kernel/net/9p/9pnet.ko`)!.data.equals(ko('9pnet'))).toBe(true)
    // gzip modules go in decompressed, under the name without .gz.
    expect(byName.get(`${MODS}/kernel/fs/9p/9p.ko`)!.data.equals(ko('9p'))).toBe(true)
    expect(byName.has(`${MODS}/kernel/fs/9p/9p.ko.gz`)).toBe(false)
    expect(byName.get(MODULE_LIST_PATH)!.data.toString()).toBe(
      `/${MODS}/kernel/net/9p/9pnet.ko\n/${MODS}/kernel/fs/9p/9p.ko\n`,
    )
  })

  it('runs every command /init uses through an applet link', () => {
    // Each external command at the start of a line or after `if !`/`$(`/`exec` in the
    // template must be a busybox applet we link (sh builtins excepted).
    const builtins = new Set([
      'export',
      'set',
      'echo',
      'exit',
      'for',
      'do',
      'done',
      'case',
      'esac',
      'if',
      'then',
      'else',
      'fi',
      'while',
      'until',
      'read',
      'continue',
      'say',
      'fail',
      'exec',
      'init',
      'root',
      'rootfstype',
      'rootflags',
      'rootmode',
      'loaded',
      'tries',
      '[',
      'module',
      'word',
      'out',
    ])
    const used = new Set<string>()
    for (const line of TEMPLATE.toString().split('\n')) {
      const code = line
        .replace(/#.*$/, '')
        .replace(/\bexec\s+/g, '')
        .trim()
      if (/^\S+\)/.test(code)) continue // a case pattern such as `ro) rootmode=ro ;;`
      for (const m of code.matchAll(/(?:^|\$\(|!\s|&&\s|\|\|\s)\s*([a-z_[]+)/g)) used.add(m[1])
    }
    const external = [...used].filter((w) => !builtins.has(w))
    expect(external.filter((c) => !APPLETS.includes(c))).toEqual([])
    expect(external).toEqual(expect.arrayContaining(['mount', 'insmod', 'switch_root', 'poweroff']))
  })

  it('gzips the archive when asked, to the same cpio', () => {
    const opts = { rootfs, kernelVersion: VERSION, modules: ['kernel/net/9p/9pnet.ko'] }
    const plain = buildInitramfs(opts)
    const gz = buildInitramfs({ ...opts, compress: true })
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b])
    expect(zlib.gunzipSync(gz).equals(plain)).toBe(true)
  })

  it.skipIf(!hasTool('xz'))('decompresses .ko.xz with the host xz and says so', () => {
    const r = path.join(tmp.dir, 'xz')
    writeTree(r, { 'bin/busybox': BUSYBOX, [`${MODS}/kernel/fs/9p/9p.ko.xz`]: compressWith('xz', ko('9p-xz')) })
    const built = buildInitramfsDetailed({ rootfs: r, kernelVersion: VERSION, modules: ['kernel/fs/9p/9p.ko.xz'] })
    expect(entries(built.data).get(`${MODS}/kernel/fs/9p/9p.ko`)!.data.equals(ko('9p-xz'))).toBe(true)
    expect(built.notes).toEqual(['9p.ko.xz: host xz'])
  })

  it.skipIf(!hasTool('zstd'))(
    'decompresses .ko.zst (node:zlib on Node ≥ 22.15, else the host zstd) and says so',
    () => {
      const r = path.join(tmp.dir, 'zst')
      writeTree(r, { 'bin/busybox': BUSYBOX, [`${MODS}/kernel/fs/9p/9p.ko.zst`]: compressWith('zstd', ko('9p-zst')) })
      const built = buildInitramfsDetailed({ rootfs: r, kernelVersion: VERSION, modules: ['kernel/fs/9p/9p.ko.zst'] })
      expect(entries(built.data).get(`${MODS}/kernel/fs/9p/9p.ko`)!.data.equals(ko('9p-zst'))).toBe(true)
      expect(built.notes[0]).toMatch(/^9p\.ko\.zst: (host zstd|node:zlib zstd)$/)
    },
  )

  it.each([
    [
      'a missing module file',
      ['kernel/fs/nope.ko'],
      /Cannot read kernel module .*lib\/modules\/6\.8\.0-31-generic\/kernel\/fs\/nope\.ko/,
    ],
    [
      'a path escaping the module directory',
      ['../../../etc/passwd'],
      /modules\.dep entry "\.\.\/\.\.\/\.\.\/etc\/passwd" is not a path below lib\/modules\/6\.8\.0-31-generic \(refused: every path taken from a rootfs must stay inside it\)/,
    ],
    ['a corrupt .ko.gz', ['kernel/bad.ko.gz'], /Cannot decompress module .*bad\.ko\.gz/],
  ])('fails with InitramfsError on %s', (_what, modules, message) => {
    writeTree(path.join(tmp.dir, 'bad'), { 'bin/busybox': BUSYBOX, [`${MODS}/kernel/bad.ko.gz`]: 'not gzip' })
    const run = (): Buffer => buildInitramfs({ rootfs: path.join(tmp.dir, 'bad'), kernelVersion: VERSION, modules })
    expect(run).toThrow(InitramfsError)
    expect(run).toThrow(message)
  })

  it('refuses a dynamic busybox and names busybox-static', () => {
    const r = path.join(tmp.dir, 'dyn')
    writeTree(r, { 'bin/busybox': makeElf({ phTypes: [PT_INTERP] }) })
    expect(() => buildInitramfs({ rootfs: r, kernelVersion: VERSION, modules: [] })).toThrow(
      /dynamically linked.*busybox-static/,
    )
  })
})

// The real thing: this machine's stock kernel modules and busybox-static.
const hostKernel = ['/boot/vmlinuz-6.1.0-56-amd64'].find(existsSync)
describe.skipIf(!hostKernel || !existsSync('/bin/busybox'))(
  'buildInitramfs from the host root (needs linux-image-amd64 and busybox-static)',
  () => {
    it('packs the modules decideBootPath picks, readable by GNU cpio', () => {
      const decision = decideBootPath({ kernel: hostKernel!, rootfs: '/', mode: 'auto' })
      expect(decision.initramfs).toBe(true)
      const archive = buildInitramfs({
        rootfs: '/',
        kernelVersion: decision.kernelVersion!,
        modules: decision.modules!,
      })
      const byName = entries(archive)
      for (const m of decision.modules!) {
        expect(
          byName
            .get(`lib/modules/${decision.kernelVersion}/${m}`)!
            .data.equals(readFileSync(`/lib/modules/${decision.kernelVersion}/${m}`)),
        ).toBe(true)
      }
      if (hasTool('cpio')) {
        const listing = execFileSync('cpio', ['-it', '--quiet'], { input: archive }).toString().split('\n')
        expect(listing).toEqual(expect.arrayContaining(['init', 'bin/busybox', 'dev/console', MODULE_LIST_PATH]))
      }
    })
  },
)
