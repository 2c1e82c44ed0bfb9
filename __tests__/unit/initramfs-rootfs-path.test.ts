import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveInRoot } from '../../src/util/root-path.js'
import { tempDir, writeTree } from './initramfs-helpers.js'

const tmp = tempDir('vmtest-rootpath-')
afterAll(() => tmp.cleanup())
const root = path.join(tmp.dir, 'root')
writeTree(root, {
  'usr/lib/modules/6.1/modules.dep': '',
  'usr/bin/busybox': 'bb',
  lib: { symlink: '/usr/lib' }, // absolute: means <root>/usr/lib, not the host's /usr/lib
  bin: { symlink: 'usr/bin' },
  'etc/alternatives/sh': { symlink: '../../bin/busybox' },
  'escape/up': { symlink: '../../../../../../..' },
  'loop/a': { symlink: 'b' },
  'loop/b': { symlink: 'a' },
})

describe('resolveInRoot', () => {
  it.each([
    ['an absolute symlink, kept inside the rootfs', 'lib/modules/6.1/modules.dep', 'usr/lib/modules/6.1/modules.dep'],
    ['a relative symlink', '/bin/busybox', 'usr/bin/busybox'],
    ['a chain of relative symlinks', 'etc/alternatives/sh', 'usr/bin/busybox'],
    ['.. that would climb above the rootfs', 'escape/up/usr/bin/busybox', 'usr/bin/busybox'],
    ['a missing path, kept verbatim', 'lib/modules/7.0/modules.dep', 'usr/lib/modules/7.0/modules.dep'],
    [
      '.. below a missing component, dropped (it stays missing, inside)',
      'lib/modules/7.0/../../../../../etc/shadow',
      'usr/lib/modules/7.0/etc/shadow',
    ],
  ])('follows %s', (_what, guestPath, expected) => {
    expect(resolveInRoot(root, guestPath)).toBe(path.join(root, expected))
  })

  it('refuses a symlink loop, naming the path and the rule, without hanging', () => {
    expect(() => resolveInRoot(root, 'loop/a/x')).toThrow(
      /^loop\/a\/x in rootfs .* goes through more than 40 symbolic links .*refused: every path taken from a rootfs must stay inside it/,
    )
  })
})
