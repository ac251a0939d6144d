/**
 * Which pages depend on which: a page depends on the pages whose facts its rules read
 * (through `RuleContext.linkedPage`, recorded on the file as
 * `file.data.contentLintDependencies`, paths relative to the content root), and those
 * are always pages it links to.
 *
 * Two questions are asked:
 * - after a lint run, which of the linted pages depend on a page (`--fix` lints them
 *   again when it fixes that page): the recorded dependencies, reversed;
 * - before a run, which pages of the whole library link to a changed page (hook mode
 *   re-checks them): no run has recorded anything for pages that were not linted, so
 *   the library's pages are scanned for links to the changed ones.
 */
import fs from 'node:fs'
import path from 'node:path'
import type {VFile} from 'vfile'
import {CorpusIndex, corpusIndexFor, findContentRoot, splitDestination} from './corpus-index.js'
import {ignoredUnder, libraryPages} from '../core/files.js'
import {type ContentLintSettings, resolveSettings} from '../core/settings.js'

interface FileData {
  contentLintSettings?: ContentLintSettings
  contentLintDependencies?: string[]
}

/** Absolute path of a linted file. */
export function absolutePath(file: VFile): string {
  return path.resolve(file.cwd, file.path)
}

/** The settings a file was linted with (the defaults when no content-lint plugin ran on it). */
export function settingsOf(file: VFile): ContentLintSettings {
  return (file.data as FileData).contentLintSettings ?? resolveSettings(undefined)
}

/** The corpus index the rules used for a linted file: same root and settings, so the same instance. */
export function indexOf(file: VFile): CorpusIndex {
  const settings = settingsOf(file)
  return corpusIndexFor(findContentRoot(absolutePath(file), file.cwd, settings), settings)
}

/** absolute path of a page → absolute paths of the linted files whose rules read its facts. */
export function reverseDependencies(files: readonly VFile[]): Map<string, Set<string>> {
  const dependents = new Map<string, Set<string>>()
  for (const file of files) {
    const dependencies = (file.data as FileData).contentLintDependencies
    if (!dependencies?.length) continue
    const root = indexOf(file).root
    const self = absolutePath(file)
    for (const relative of dependencies) {
      const target = path.join(root, ...relative.split('/'))
      let set = dependents.get(target)
      if (!set) dependents.set(target, (set = new Set()))
      set.add(self)
    }
  }
  return dependents
}

/**
 * Lower-cased file names the links of a page (at `page`, absolute) may lead to: the last
 * segment of each link's destination resolved from the page's folder as the corpus
 * index resolves it (fragment and query cut, percent-decoded), also as written and with
 * `\` read as `/`. Every file a link of the page resolves to has one of these names.
 */
export function linkFileNames(page: string, links: readonly {url: string}[]): string[] {
  const names = new Set<string>()
  const dir = path.dirname(page)
  // Each destination once: a product page repeats the same parser links in many rows
  // (1.4 s of a first run with the cache on when every link was resolved).
  const urls = new Set<string>()
  for (const {url} of links) urls.add(url)
  for (const url of urls) {
    // A URL with a scheme (`file:` included) or protocol-relative never leads to a page.
    const destination = splitDestination(url)
    if (!destination || destination.rawPath === '') continue
    const {rawPath, decoded} = destination
    for (const form of new Set([rawPath, decoded, decoded.replace(/\\/g, '/')])) names.add(path.basename(path.resolve(dir, form)).toLowerCase())
  }
  return [...names].sort()
}

/**
 * The pages of the library under `index.root` that link to one of `changed` (absolute
 * paths; they may no longer exist: a deleted page's dependents now hold a broken
 * link). Pages that cannot mention a changed page's file name are skipped unparsed;
 * the others' links are resolved as the rules resolve them.
 */
export function pagesLinkingTo(changed: readonly string[], index: CorpusIndex): string[] {
  const targets = new Set(changed.filter((file) => index.contains(file)).map((file) => index.relative(file)))
  if (targets.size === 0) return []
  // A link names its target's file name, as written or percent-encoded; compared
  // without case so that a link that only differs in case (a broken link the
  // change may fix or cause) is found too.
  const needles = new Set<string>()
  for (const target of targets) {
    const name = path.posix.basename(target)
    for (const form of [name, encodeURI(name), encodeURIComponent(name)]) needles.add(form.toLowerCase())
  }
  // One case-insensitive pattern, searched in place: lower-casing 67 MB of pages to
  // search them cost more than reading them.
  const pattern = new RegExp([...needles].map((needle) => needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i')
  // With many changed pages the file-name test costs more than it saves: every page is read.
  const prefilter = needles.size <= 300
  // The changed pages' file names, as `linkFileNames` gives them.
  const names = new Set([...targets].map((target) => path.posix.basename(target).toLowerCase()))
  const skip = new Set(changed)
  const found: string[] = []
  // Every page, without the ignore files; those are asked of the pages found below.
  for (const page of libraryPages(index.root)) {
    if (skip.has(page)) continue
    // The file names its links lead to, when known for the page as it is: the page is not read.
    const known = index.linkNames?.(page)
    if (known) {
      if (!known.some((name) => names.has(name))) continue
    } else if (prefilter) {
      let text: string
      try {
        text = fs.readFileSync(page, 'utf8')
      } catch {
        continue
      }
      if (!pattern.test(text)) continue
    }
    const facts = index.page(page)
    if (!facts) continue
    const links = facts.links.some((link) => {
      const target = index.resolveLink(page, link.url)
      return target.kind === 'file' && (targets.has(target.relative) || (target.caseMismatch !== null && targets.has(target.caseMismatch)))
    })
    if (links && !ignoredUnder(index.root, page)) found.push(page)
  }
  return found
}

/**
 * Dependents of changed pages across the library: `changed` are the absolute paths of
 * the changed pages (present or deleted), `settingsFor` gives the settings a page is
 * checked with (they tell its content root) or undefined for a deleted one, which
 * takes those of the first page that has them. Pages in `exclude` are left out.
 */
export function dependentsOf(
  changed: readonly string[],
  settingsFor: (page: string) => ContentLintSettings | undefined,
  cwd: string,
  exclude: ReadonlySet<string> = new Set()
): string[] {
  const indexes = new Map<CorpusIndex, string[]>()
  const fallback = changed.map(settingsFor).find((settings) => settings !== undefined) ?? resolveSettings(undefined)
  for (const page of changed) {
    const settings = settingsFor(page) ?? fallback
    const index = corpusIndexFor(findContentRoot(page, cwd, settings), settings)
    let list = indexes.get(index)
    if (!list) indexes.set(index, (list = []))
    list.push(page)
  }
  const out = new Set<string>()
  for (const [index, pages] of indexes) {
    for (const page of pagesLinkingTo(pages, index)) if (!exclude.has(page)) out.add(page)
  }
  return [...out].sort()
}
