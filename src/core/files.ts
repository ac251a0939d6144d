/**
 * Finding the Markdown files to check: the paths given, folders walked, with
 * `.gitignore` and `.remarkignore` honoured at every level (as git and remark-cli do).
 *
 * unified-engine can honour one ignore file name, not both, so the walk is done here
 * with the `ignore` package (the matcher git-compatible tools use).
 */
import fs from 'node:fs'
import path from 'node:path'
import ignore, {type Ignore} from 'ignore'

const ignoreFiles = ['.gitignore', '.remarkignore']
const markdown = /\.(md|markdown)$/i
/** Never walked into, whatever the ignore files say. */
const skippedFolders = new Set(['node_modules', '.git'])

interface Matcher {
  base: string
  rules: Ignore
}

export class MissingPathError extends Error {}

function loadMatchers(folder: string): Matcher[] {
  const out: Matcher[] = []
  for (const name of ignoreFiles) {
    const file = path.join(folder, name)
    let text: string
    try {
      // Regular files only, not symbolic links (as git ≥ 2.32 treats .gitignore): a
      // pull request's `.remarkignore` linked to /dev/zero ran the process out of memory.
      // Most folders have neither file: asked without an exception for the missing one
      // (a thrown ENOENT per folder cost 0.25 s of a walk over the snapshot).
      if (!fs.lstatSync(file, {throwIfNoEntry: false})?.isFile()) continue
      text = fs.readFileSync(file, 'utf8')
    } catch {
      continue
    }
    out.push({base: folder, rules: ignore().add(text)})
  }
  return out
}

/** Ignore files of the folders above `folder`, up to the repository top (a `.git`) or the file system root. */
function ancestorMatchers(folder: string): Matcher[] {
  const chain: string[] = []
  let current = folder
  for (;;) {
    chain.unshift(current)
    if (fs.existsSync(path.join(current, '.git'))) break
    const parent = path.dirname(current)
    if (parent === current) break
    current = parent
  }
  return chain.flatMap(loadMatchers)
}

function ignored(matchers: readonly Matcher[], absolute: string, isFolder: boolean): boolean {
  for (const {base, rules} of matchers) {
    // Paths found by the walk lie under `base` (both built by path.join): cut the prefix
    // rather than ask path.relative, which resolves both paths again for each file.
    const rel = absolute.startsWith(base + path.sep) ? absolute.slice(base.length + 1) : path.relative(base, absolute)
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) continue
    const posix = rel.split(path.sep).join('/')
    if (rules.ignores(isFolder ? posix + '/' : posix)) return true
  }
  return false
}

/**
 * Markdown files under the given paths, sorted. A file named directly is checked even
 * when an ignore file lists it only if it is Markdown; symbolic links found while
 * walking are not followed (they could point out of the library or loop).
 */
export function findMarkdownFiles(paths: readonly string[], cwd: string): string[] {
  const found = new Set<string>()
  for (const given of paths) {
    const absolute = path.resolve(cwd, given)
    let stat: fs.Stats
    try {
      stat = fs.statSync(absolute)
    } catch {
      throw new MissingPathError(`No such file or folder: ${given}`)
    }
    if (stat.isFile()) {
      found.add(absolute)
      continue
    }
    walkMarkdown(absolute, (file) => found.add(file), ancestorMatchers(path.dirname(absolute)))
  }
  return [...found].sort()
}

/**
 * Call `found` with every Markdown file under `folder`, not following symbolic links;
 * with `matchers`, what ignore files (these and the ones met on the way) list is left out.
 */
function walkMarkdown(folder: string, found: (file: string) => void, matchers?: Matcher[]): void {
  const here = matchers && [...matchers, ...loadMatchers(folder)]
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(folder, {withFileTypes: true})
  } catch {
    return
  }
  for (const entry of entries) {
    const child = path.join(folder, entry.name)
    if (entry.isDirectory()) {
      if (skippedFolders.has(entry.name) || (here && ignored(here, child, true))) continue
      walkMarkdown(child, found, here)
    } else if (entry.isFile() && markdown.test(entry.name) && !(here && ignored(here, child, false))) {
      found(child)
    }
  }
}

/**
 * Every Markdown file under `root` (absolute paths, sorted), ignore files not read:
 * what the library's state is made of for validating cached library-wide values. A
 * file an ignore file lists still counts (its change only costs a re-check); the walk
 * without the ignore matching takes half the time of `findMarkdownFiles` (0.25 s on
 * the snapshot), which a run on ten pages paid for this alone.
 */
export function libraryPages(root: string): string[] {
  const found: string[] = []
  walkMarkdown(root, (file) => found.push(file))
  return found.sort()
}

/**
 * Whether `findMarkdownFiles([root])` leaves `file` (under `root`) out: an ignore file
 * on the way lists it or a folder above it, or it lies in `node_modules`/`.git`. For
 * asking of a few pages found by the lean walk above (the pages linking to a change)
 * instead of matching all 11k while walking (0.1 s of a run on ten pages).
 */
export function ignoredUnder(root: string, file: string): boolean {
  const relative = path.relative(root, file)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false
  const folders = relative.split(path.sep).slice(0, -1)
  let matchers = [...ancestorMatchers(path.dirname(root)), ...loadMatchers(root)]
  let current = root
  for (const name of folders) {
    current = path.join(current, name)
    // As the walk: a folder is skipped as a whole, before its own ignore files are read.
    if (skippedFolders.has(name) || ignored(matchers, current, true)) return true
    matchers = [...matchers, ...loadMatchers(current)]
  }
  return ignored(matchers, file, false)
}

/**
 * Each file's stat, taken once per run. A run over a few pages of a large library asks
 * for the stat of every page several times: the dependents search (have the page's links
 * been recorded for it as it is?), the library's hash, the library statistics' page
 * states. 11k stats cost about 80 ms each time. A memo lives for one run only: files
 * change between runs (and between the passes of `--fix`).
 */
export function statMemo(): (absolute: string) => fs.Stats | null {
  const stats = new Map<string, fs.Stats | null>()
  return (absolute) => {
    let stat = stats.get(absolute)
    if (stat === undefined) {
      try {
        stat = fs.statSync(absolute)
      } catch {
        stat = null
      }
      stats.set(absolute, stat)
    }
    return stat
  }
}
