/**
 * Headings and their anchors: what a `#fragment` link can point at.
 *
 * Anchors are made with `github-slugger`, the package that reproduces GitHub's own
 * algorithm (lower case, punctuation dropped, spaces to dashes, `-1`, `-2`, … for
 * repeats), because the library is read on GitHub and a fragment is only right if
 * GitHub's anchor has that name.
 */
import GithubSlugger from 'github-slugger'
import type {Heading, Root} from 'mdast'
import {plainText} from './cells.js'
import type {PageSource} from './source.js'
import type {HeadingFact} from './types.js'
import {walk} from './walk.js'

export function headingFacts(tree: Root, source: PageSource): HeadingFact[] {
  const slugger = new GithubSlugger()
  const out: HeadingFact[] = []
  walk(tree.children, (node) => {
    if (node.type === 'heading') {
      const heading = node as Heading
      const span = source.nodeSpan(heading)
      const text = plainText(heading.children)
      // Every heading takes its slug, positioned or not, so repeats count as GitHub counts them.
      const slug = slugger.slug(text)
      if (span) out.push({depth: heading.depth, text, slug, span})
      return false
    }
    // Headings stand at the top level or in block containers.
    return node.type === 'blockquote' || node.type === 'list' || node.type === 'listItem'
  })
  return out
}
