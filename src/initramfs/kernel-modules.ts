// `kernel_modules`: the `make modules_install INSTALL_MOD_PATH=DIR` tree of a custom kernel,
// given beside its bzImage. The initramfs takes the kernel's virtio/9p modules from it and the
// guest sees it at /lib/modules/<release>; both only work for the kernel's own release, so a
// tree built for another one is refused here, before anything boots, naming both releases.
// The folder is treated as a root: nothing read from it may lead outside it.
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { decompressModule } from './decompress.js'
import { InitramfsError } from './errors.js'
import { readKernelVersion } from './kernel-version.js'
import { modulePathProblem, versionSubdir } from './modules.js'
import { RootPathError, readFileInRoot, resolveInRoot } from '../util/root-path.js'

export interface KernelModulesFolder {
  /** The folder as given; every path read from it stays inside it. */
  root: string
  /** The version folder inside `root`: `lib/modules/<release>`, or `.` when `root` is it. */
  subdir: string
  /** The kernel's release, which the folder's modules were checked to be built for. */
  version: string
  /** Host path of the version folder. */
  dir: string
}

/**
 * Finds the version folder of `kernel`'s release in `folder` (`<folder>/lib/modules/<release>`,
 * or `<folder>` itself when it holds modules.dep) and checks that it is the kernel's: by its
 * name in the first layout, by the `vermagic` of its first module in the second (a folder
 * copied under another name keeps it). Throws an InitramfsError saying what is wrong.
 */
export function resolveKernelModules(folder: string, kernel: string): KernelModulesFolder {
  try {
    return resolve(folder, kernel)
  } catch (err) {
    if (err instanceof RootPathError) throw new InitramfsError(`kernel_modules: ${err.message}`)
    throw err
  }
}

function resolve(folder: string, kernel: string): KernelModulesFolder {
  const version = readKernelVersion(kernel)
  if (version === undefined) {
    throw new InitramfsError(
      `kernel_modules is set, but the kernel release cannot be read from ${kernel}, so ${folder} cannot be checked against it`,
    )
  }
  const releases = subdirectories(resolveInRoot(folder, 'lib/modules'))
  if (releases !== undefined) {
    if (!releases.includes(version)) {
      const found = releases.length > 0 ? `modules for ${releases.join(', ')}` : 'an empty lib/modules'
      throw new InitramfsError(
        `kernel_modules ${folder} holds ${found}, not for release ${version} of the kernel ${kernel}: give the INSTALL_MOD_PATH folder of this kernel's \`make modules_install\``,
      )
    }
    return withModulesDep({
      root: folder,
      subdir: versionSubdir(version),
      version,
      dir: resolveInRoot(folder, versionSubdir(version)),
    })
  }
  const depText = readText(folder, 'modules.dep')
  if (depText === undefined) {
    throw new InitramfsError(
      `kernel_modules ${folder} holds neither lib/modules/<release> nor modules.dep: give the INSTALL_MOD_PATH folder of \`make modules_install\` (or its lib/modules/${version})`,
    )
  }
  const built = releaseOfFirstModule(folder, depText) ?? path.basename(path.resolve(folder))
  if (built !== version) {
    throw new InitramfsError(
      `kernel_modules ${folder} holds modules for release ${built}, not for release ${version} of the kernel ${kernel}`,
    )
  }
  return { root: folder, subdir: '.', version, dir: resolveInRoot(folder, '.') }
}

/** modules_install runs depmod; without modules.dep nothing can be loaded or modprobed. */
function withModulesDep(found: KernelModulesFolder): KernelModulesFolder {
  if (readText(found.root, `${found.subdir}/modules.dep`) === undefined) {
    throw new InitramfsError(
      `kernel_modules: ${found.dir} has no modules.dep: run \`depmod -b ${found.root} ${found.version}\``,
    )
  }
  return found
}

/** Names of the directories in `dir`, or undefined when it is not a directory. */
function subdirectories(dir: string): string[] | undefined {
  try {
    if (!statSync(dir).isDirectory()) return undefined
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => e.name)
      .sort()
  } catch {
    return undefined
  }
}

function readText(root: string, guestPath: string): string | undefined {
  try {
    return readFileInRoot(root, guestPath).data.toString('utf8')
  } catch (err) {
    if (err instanceof RootPathError) throw err
    return undefined
  }
}

const VERMAGIC = Buffer.from('\0vermagic=')

/** The release a module was built for: the first word of its `vermagic=` modinfo string.
 *  Undefined when there is no module or it cannot be read (the folder's name is used then). */
function releaseOfFirstModule(root: string, depText: string): string | undefined {
  const first = depText.split('\n').find((l) => l.includes(':'))
  const modulePath = first?.slice(0, first.indexOf(':')).trim()
  if (modulePath === undefined || modulePathProblem(modulePath, '<release>') !== undefined) return undefined
  let data: Buffer
  try {
    const read = readFileInRoot(root, modulePath)
    data = decompressModule(read.path, read.data).data
  } catch (err) {
    if (err instanceof RootPathError) throw err
    return undefined
  }
  const at = data.indexOf(VERMAGIC)
  if (at < 0) return undefined
  const start = at + VERMAGIC.length
  const end = data.indexOf(0, start)
  return (
    data
      .subarray(start, end < 0 ? undefined : end)
      .toString('latin1')
      .split(' ')[0] || undefined
  )
}
