/**
 * ## no-dead-link
 *
 * A relative link whose target does not exist under the content root: a missing
 * file, a file that only exists with other letter case, a `#fragment` naming no
 * heading of its page, or a destination that leaves the content root.
 *
 * ## Why
 *
 * The library is read on GitHub and in checkouts on Linux: a dead link is a page a
 * reader cannot reach, and a link that only works on a case-insensitive file system
 * (macOS, Windows) breaks on both. Links that leave the content root point at files
 * the library does not ship; they are reported and never followed.
 *
 * ## What is checked
 *
 * Every link of every page (`[text](destination)`): the destination is
 * percent-decoded (`%20`, `%26`), may hold spaces (`<a b.md>`), `&` and balanced
 * parentheses (`RM/r_m_x_(ips)_Malware.md` is a valid link), and is resolved from the
 * page's folder. A `#fragment` must be the GitHub anchor of a heading of the target
 * page (or of this page for `#fragment` alone); only Markdown targets are checked for
 * fragments. External URLs (`https:`, `mailto:`, `//host`) are not fetched: the
 * linter works offline.
 *
 * ## Fixes
 *
 * `expected` holds the corrected destination, written as the page writes it, when
 * exactly one existing file is the obvious target: the same path with other letter
 * case, dashes, underscores or spaces, or one `../` more or fewer (see
 * `src/link-candidates.ts`). For a fragment: the anchor that the fragment names in
 * other letter case or unslugged (`#Vendor: Acme` → `#vendor-acme`). Nothing is
 * proposed when no file or several fit.
 *
 * ## Reason and note
 *
 * The reason says what is wrong in one line (a dead link, one `../` too few); the
 * note holds the evidence: the destination as resolved from the content root, the
 * file that exists instead, the files that could be meant, the headings checked.
 *
 * ## Options
 *
 * None.
 *
 * ## Example
 *
 * In `DataSources/Acme/Widget/Nested/ds_acme_widget_nested.md` (one folder deeper
 * than a product page usually is):
 *
 *     [Malware](../../../UseCases/uc_malware.md)
 *
 * gives `Dead link: the file it names does not exist; one \`../\` too few` on the
 * destination, with the note `` `DataSources/UseCases/uc_malware.md` does not exist;
 * `UseCases/uc_malware.md` does. `` and `expected: ['../../../../UseCases/uc_malware.md']`.
 */
import GithubSlugger from 'github-slugger'
import {type LinkCandidate, linkCandidates, writeLike} from '../src/library/link-candidates.js'
import type {HeadingFact, LinkFact} from '../src/model/types.js'
import {defineRule, noOptions, type RuleContext} from '../src/lint/rule.js'

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** How a candidate differs from what was written, for the message. */
function difference(candidate: LinkCandidate): string {
  const more = candidate.ups - candidate.writtenUps
  if (more === 1) return 'one `../` too few'
  if (more === -1) return 'one `../` too many'
  return 'a name differing in case, dashes, underscores or spaces exists'
}

/** The anchor a wrong fragment most likely meant: same letters in other case, or the slug of what was written. */
function anchorFor(fragment: string, headings: readonly HeadingFact[]): string | null {
  const slugs = new Set(headings.map((h) => h.slug))
  const lower = fragment.toLowerCase()
  if (slugs.has(lower)) return lower
  const slugged = new GithubSlugger().slug(fragment)
  return slugs.has(slugged) ? slugged : null
}

type Context = RuleContext<Record<string, never>>

/** A reference link `[text][ref]` has no destination of its own to replace. */
function writtenDestination(link: LinkFact, context: Context): string | null {
  const inline = link.urlSpan.start !== link.span.start || link.urlSpan.end !== link.span.end
  return inline ? context.textOf(link.urlSpan) : null
}

function checkFragment(link: LinkFact, fragment: string, headings: readonly HeadingFact[], where: string, context: Context): void {
  if (fragment === '' || headings.some((h) => h.slug === decode(fragment))) return
  const written = writtenDestination(link, context)
  const anchor = anchorFor(decode(fragment), headings)
  const hash = written === null ? -1 : written.indexOf('#')
  context.report({
    reason: `Link to a missing heading of ${where === 'this page' ? 'this page' : 'the linked page'}${anchor ? `; one has the anchor in another form` : ''}`,
    note: `${where === 'this page' ? 'This page' : where} has no heading with the anchor \`#${decode(fragment)}\`${anchor ? `; \`#${anchor}\` exists` : ''} (${headings.length} headings checked).`,
    span: link.urlSpan,
    expected: anchor && written !== null && hash >= 0 ? [written.slice(0, hash + 1) + anchor] : undefined
  })
}

export default defineRule(
  {
    id: 'no-dead-link',
    description: 'A relative link whose target does not exist under the content root (file, letter case or heading)',
    defaultSeverity: 'error',
    fixable: true,
    options: noOptions
  },
  (context) => {
    const {page, report} = context
    for (const link of page.links) {
      const target = context.resolve(link)
      if (target.kind === 'external') continue
      if (target.kind === 'same-page') {
        checkFragment(link, target.fragment, page.headings, 'this page', context)
        continue
      }
      const candidates = () => {
        const written = writtenDestination(link, context)
        const found = linkCandidates(context.index, context.filePath, link.url)
        return {written, found, fix: found.length === 1 && written !== null ? [writeLike(written, found[0]!)] : undefined}
      }
      if (target.kind === 'outside') {
        const {found, fix} = target.reason === 'leaves the content root' ? candidates() : {found: [], fix: undefined}
        report({
          reason: `Link ${target.reason}; it is not followed${fix ? ` (${difference(found[0]!)})` : ''}`,
          ...(fix ? {note: `\`${found[0]!.relative}\` exists inside the content root.`} : {}),
          span: link.urlSpan,
          expected: fix
        })
        continue
      }
      if (target.caseMismatch !== null) {
        const {found, fix} = candidates()
        const real = found.length === 1 ? found[0]!.relative : target.caseMismatch
        report({
          reason: 'Link only resolves on a case-insensitive file system: the file is named in other letter case',
          note: `\`${target.relative}\` is \`${real}\` on disk.`,
          span: link.urlSpan,
          expected: fix
        })
        continue
      }
      if (!target.exists) {
        const {found, fix} = candidates()
        let why = ''
        let also = ' under the content root'
        if (fix) {
          why = `; ${difference(found[0]!)}`
          also = `; \`${found[0]!.relative}\` does`
        } else if (found.length > 1) {
          why = `; ${found.length} files could be meant`
          also = `; ${found.length} files could be meant: ${found.map((c) => `\`${c.relative}\``).join(', ')}`
        }
        report({reason: `Dead link: the file it names does not exist${why}`, note: `\`${target.relative}\` does not exist${also}.`, span: link.urlSpan, expected: fix})
        continue
      }
      if (target.fragment !== null && target.fragment !== '') {
        const linked = context.linkedPage(link)
        if (linked) checkFragment(link, target.fragment, linked.headings, `\`${target.relative}\``, context)
      }
    }
  }
)
