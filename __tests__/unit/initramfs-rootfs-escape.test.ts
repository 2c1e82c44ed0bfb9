// A dedicated rootfs is the guest's to shape (an earlier guest wrote it through 9p, or it came
// from an untrusted tree): links and modules.dep entries planted there must never make the
// host read (and pack into the initramfs it hands the guest) or write a host file. Every
// case plants a link to a host file holding a secret, outside the rootfs, and checks the
// secret is read nowhere and nothing is written outside.
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildInitramfs } from '../../src/initramfs/build.js'
import { findStaticBusybox } from '../../src/initramfs/busybox.js'
import { InitramfsError } from '../../src/initramfs/errors.js'
import { prepareBootPath } from '../../src/initramfs/index.js'
import { readModuleIndex } from '../../src/initramfs/modules.js'
import { rootfsArchProblem } from '../../src/config/rootfs-arch.js'
import { isInside, readFileInRoot, resolveInRoot, RootPathError } from '../../src/util/root-path.js'
import { createWorkDir } from '../../src/vm/workdir.js'
import { makeTarget } from '../fixtures/target.js'
import { PT_LOAD, makeBzImage, makeElf, readNewc, tempDir, writeTree } from './initramfs-helpers.js'

const VERSION = '6.1.0-9-amd64'
const MODS = `lib/modules/${VERSION}`
const BUSYBOX = Buffer.concat([makeElf({ phTypes: [PT_LOAD] }), Buffer.from('the rootfs busybox')])
const RULE = /refused: every path taken from a rootfs must stay inside it/

const tmp = tempDir('vmtest-escape-')
afterAll(() => tmp.cleanup())
/** A host file outside every rootfs: its text must never show up in what we build. */
const outside = path.join(tmp.dir, 'host')
const SECRET = 'HOST-SECRET-6f1c'
writeTree(outside, {
  'secret.ko': SECRET,
  'bin/busybox': Buffer.concat([makeElf({ phTypes: [PT_LOAD] }), Buffer.from(SECRET)]),
  'bin/bash': SECRET,
})
const secretFile = path.join(outside, 'secret.ko')
/** How many `..` reach / from anywhere in the rootfs. */
const UP = '../'.repeat(30)

let n = 0
/** A rootfs with the given tree, and a static busybox unless it says otherwise. */
function rootfs(files: Parameters<typeof writeTree>[1], busybox = true): string {
  const dir = path.join(tmp.dir, `root${n++}`)
  mkdirSync(dir)
  writeTree(dir, { ...(busybox ? { 'bin/busybox': BUSYBOX } : {}), ...files })
  return dir
}

const notSecret = (data: Buffer): void => expect(data.includes(SECRET)).toBe(false)

describe('resolveInRoot and readFileInRoot: links out of the rootfs', () => {
  it.each([
    ['an absolute link to a host file', { x: { symlink: secretFile } }],
    ['a relative link climbing above the root', { x: { symlink: `${UP}${secretFile.slice(1)}` } }],
    ['a link to /etc/hostname', { x: { symlink: '/etc/hostname' } }],
    ['a folder link to a host folder', { d: { symlink: outside }, x: { symlink: 'd/secret.ko' } }],
  ])('%s is followed inside the root only', (_what, files) => {
    const root = rootfs(files)
    const resolved = resolveInRoot(root, 'x')
    expect(isInside(root, resolved), resolved).toBe(true)
    // The re-rooted target does not exist in this rootfs: ENOENT, not the host's file.
    expect(() => readFileInRoot(root, 'x')).toThrow(/ENOENT/)
  })

  it('refuses a chain of more than 40 links ending at a host file (it used to be opened raw)', () => {
    const files: Parameters<typeof writeTree>[1] = { l40: { symlink: secretFile } }
    for (let i = 0; i < 40; i++) files[`l${i}`] = { symlink: `l${i + 1}` }
    const root = rootfs(files)
    expect(() => readFileInRoot(root, 'l0')).toThrow(RootPathError)
    expect(() => readFileInRoot(root, 'l0')).toThrow(RULE)
  })

  it('reads a FIFO planted in place of a file as an error, without blocking', () => {
    const root = rootfs({})
    execFileSync('mkfifo', [path.join(root, 'fifo')])
    expect(() => readFileInRoot(root, 'fifo')).toThrow(/not a regular file/)
  })

  it('isInside: the root and below, nothing beside it', () => {
    expect(isInside('/r/root', '/r/root')).toBe(true)
    expect(isInside('/r/root', '/r/root/..x/y')).toBe(true)
    expect(isInside('/r/root', '/r/root2/x')).toBe(false)
    expect(isInside('/r/root', '/r')).toBe(false)
    expect(isInside('/r/root', '/etc/shadow')).toBe(false)
  })
})

describe('busybox from the rootfs', () => {
  it.each([
    ['bin/busybox linked to a host busybox', { 'bin/busybox': { symlink: path.join(outside, 'bin/busybox') } }],
    ['bin linked to a host folder', { bin: { symlink: path.join(outside, 'bin') } }],
    ['bin linked above the root', { bin: { symlink: `${UP}${outside.slice(1)}/bin` } }],
  ])('%s: not found, the host one is never taken', (_what, files) => {
    const root = rootfs(files, false)
    expect(() => findStaticBusybox(root)).toThrow(/No static busybox/)
  })

  it('a link inside the root (merged /usr) still works', () => {
    const root = rootfs({ 'usr/bin/busybox': BUSYBOX, bin: { symlink: '/usr/bin' } }, false)
    const found = findStaticBusybox(root)
    expect(found.data.equals(BUSYBOX)).toBe(true)
    expect(found.path).toBe(path.join(root, 'usr/bin/busybox'))
  })
})

describe('modules from the rootfs', () => {
  it.each([
    ['a modules.dep entry with ..', `${UP}etc/shadow`],
    ['a modules.dep entry climbing to a host file', `../../../..${secretFile}`],
    ['an absolute modules.dep entry', secretFile],
  ])('%s is refused by name before anything is packed', (_what, entry) => {
    const root = rootfs({ [`${MODS}/modules.dep`]: `${entry}:\n` })
    const err = (() => {
      try {
        buildInitramfs({
          rootfs: root,
          kernelVersion: VERSION,
          modules: [...readModuleIndex(root, VERSION)!.paths.values()],
        })
      } catch (e) {
        return e as Error
      }
    })()
    expect(err).toBeInstanceOf(InitramfsError)
    expect(err!.message).toContain(
      `modules.dep entry ${JSON.stringify(entry)} is not a path below lib/modules/${VERSION}`,
    )
    expect(err!.message).toMatch(RULE)
  })

  it.each([
    ['an absolute link', outside],
    ['a relative link above the root', `${UP}${outside.slice(1)}`],
  ])(
    'a module folder that is %s to a host folder is followed inside the root: the host module is not read',
    (_what, target) => {
      const root = rootfs({ [`${MODS}/kernel`]: { symlink: target }, [`${MODS}/modules.dep`]: 'kernel/secret.ko:\n' })
      expect(() => buildInitramfs({ rootfs: root, kernelVersion: VERSION, modules: ['kernel/secret.ko'] })).toThrow(
        /Cannot read kernel module .*ENOENT/,
      )
    },
  )

  it('a whole lib/modules linked to a host folder of modules is looked up inside the root (none there)', () => {
    writeTree(outside, { [`modules/${VERSION}/modules.dep`]: 'kernel/secret.ko:\n' })
    const root = rootfs({ [`lib/modules`]: { symlink: path.join(outside, 'modules') } })
    expect(readModuleIndex(root, VERSION)).toBeUndefined()
  })

  it('lib/modules linked to /lib/modules is a loop inside the root (as the guest would find): refused', () => {
    const root = rootfs({ [`lib/modules`]: { symlink: '/lib/modules' } })
    expect(() => readModuleIndex(root, VERSION)).toThrow(RULE)
  })

  it('modules.dep linked to a host file is not read', () => {
    writeFileSync(path.join(outside, 'modules.dep'), 'kernel/secret.ko:\n')
    const root = rootfs({ [`${MODS}/modules.dep`]: { symlink: path.join(outside, 'modules.dep') } })
    const index = readModuleIndex(root, VERSION)!
    expect(index.hasModulesDep).toBe(false)
    expect(index.paths.size).toBe(0)
  })

  it('a module behind a link that stays inside the root is packed, and only the rootfs copy', () => {
    const root = rootfs({
      'usr/lib/modules-real/9p.ko': 'the rootfs 9p',
      [`${MODS}/kernel`]: { symlink: '/usr/lib/modules-real' },
      [`${MODS}/modules.dep`]: 'kernel/9p.ko:\n',
    })
    const archive = buildInitramfs({ rootfs: root, kernelVersion: VERSION, modules: ['kernel/9p.ko'] })
    const names = readNewc(archive).records.map((r) => [r.name, r.data.toString()])
    expect(names).toContainEqual([`${MODS}/kernel/9p.ko`, 'the rootfs 9p'])
    notSecret(archive)
  })

  it('prepareBootPath: a crafted modules.dep naming a host file is refused, no initramfs is written', () => {
    const kernel = path.join(tmp.dir, 'bzImage')
    writeFileSync(kernel, makeBzImage(`${VERSION} (debian-kernel@lists.debian.org) #1 SMP`))
    const root = rootfs({
      [`${MODS}/kernel/virtio_pci.ko`]: 'ko',
      [`${MODS}/kernel/9p.ko`]: 'ko',
      [`${MODS}/modules.dep`]: `kernel/virtio_pci.ko: ${UP}${secretFile.slice(1)}\nkernel/9p.ko:\n${UP}${secretFile.slice(1)}:\n`,
      [`${MODS}/modules.builtin`]: 'kernel/drivers/char/virtio_console.ko\nkernel/net/9p/9pnet_virtio.ko\n',
    })
    const work = path.join(tmp.dir, 'work')
    mkdirSync(work)
    expect(() => prepareBootPath({ kernel, rootfs: root, mode: 'auto', arch: 'x86_64', dir: work })).toThrow(RULE)
    expect(readdirSync(work)).toEqual([])
  })
})

describe('the rootfs arch probe', () => {
  it('bin/bash linked to the host is looked up inside the root', () => {
    const root = rootfs({ 'bin/bash': { symlink: path.join(outside, 'bin/bash') } })
    expect(rootfsArchProblem(makeTarget({ rootfs: root }), 'x86_64')).toBeUndefined()
  })

  it('a link loop is reported as the rootfs problem, with the rule', () => {
    const root = rootfs({ 'bin/bash': { symlink: 'bash2' }, 'bin/bash2': { symlink: 'bash' } })
    expect(rootfsArchProblem(makeTarget({ rootfs: root }), 'x86_64')).toMatch(RULE)
  })
})

describe("the init's folder in a dedicated rootfs", () => {
  // Not below /tmp: re-rooted, a link to /tmp/… would go through rootfs/tmp itself (a loop).
  const hostTmp = mkdtempSync('/var/tmp/vmtest-escape-host-')
  afterAll(() => rmSync(hostTmp, { recursive: true, force: true }))

  it.each([
    ['an absolute link to a host folder', hostTmp],
    ['a relative link above the root', `${UP}${hostTmp.slice(1)}`],
  ])('rootfs/tmp as %s: the init is written inside the rootfs, never in the host folder', (_what, target) => {
    const root = rootfs({ tmp: { symlink: target } })
    const work = createWorkDir()
    try {
      const inGuest = work.writeInit(root, '#!/bin/sh\n', { 'extra.sh': 'x' })
      expect(readdirSync(hostTmp)).toEqual([])
      // The guest sees its /tmp link resolve to the same place.
      const onHost = path.join(realpathSync(root), inGuest)
      expect(readFileSync(onHost, 'utf8')).toBe('#!/bin/sh\n')
      expect(existsSync(path.join(path.dirname(onHost), 'extra.sh'))).toBe(true)
      expect(inGuest).toMatch(new RegExp(`^${hostTmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/vmtest-[^/]+/init\\.sh$`))
    } finally {
      work.remove()
    }
    expect(readdirSync(hostTmp)).toEqual([])
  })

  it('an ordinary rootfs/tmp still works, and is made when missing', () => {
    const root = rootfs({})
    const work = createWorkDir()
    try {
      const inGuest = work.writeInit(root, '#!/bin/sh\n')
      expect(inGuest).toMatch(/^\/tmp\/vmtest-[^/]+\/init\.sh$/)
      expect(readFileSync(path.join(root, inGuest), 'utf8')).toBe('#!/bin/sh\n')
    } finally {
      work.remove()
    }
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([])
  })

  it('a planted link loop at rootfs/tmp is refused with the rule', () => {
    const root = rootfs({})
    symlinkSync('tmp', path.join(root, 'tmp'))
    const work = createWorkDir()
    try {
      expect(() => work.writeInit(root, '#!/bin/sh\n')).toThrow(RULE)
    } finally {
      work.remove()
    }
  })
})
