/**
 * ## parser-name
 *
 * The names around a parser disagree with its parser page:
 *
 * - a parser link on a product page (or continuation page) whose text differs from
 *   the `Name` in the parser page it points to;
 * - a parser page whose file name does not follow `pC_<Name without dashes>.md`;
 * - a parser page whose configuration names another `Vendor` or `Product` than the
 *   product page of the folder it lies in.
 *
 * ## Why
 *
 * Readers find a parser by the name on the product page and search logs and the
 * SIEM by the `Name`; a link text that is not the name sends them to the wrong
 * parser. The generator names files after the `Name`, so a file that does not follow
 * the convention was renamed or copied by hand. A parser whose `Vendor`/`Product`
 * is another product's was copied from that product's configuration or is listed
 * under the wrong product.
 *
 * ## Where the findings go
 *
 * Link text: on the product page, on the link text, `expected` = the parser page's
 * `Name`. File name and Vendor/Product: on the parser page, on the `Name`, `Vendor`
 * or `Product` value, because the parser page is where the disagreeing text is and
 * it belongs to its product by its folder (`<product>/Ps/`), whichever pages link to
 * it; one finding per parser, not one per link (a parser is linked once per event
 * type it is listed under). No `expected` for these: whether the configuration or
 * the listing is wrong is for a person to decide, and a file is renamed, not edited.
 *
 * ## Reason and note
 *
 * The reason says which name disagrees; the note quotes both sides and the page each
 * comes from.
 *
 * ## Options
 *
 * - `fileNameCase` (`'ignore'` default, or `'exact'`): the generator writes file
 *   names in lower case (`cef-O365-dlp-email-in` → `pC_cefo365dlpemailin.md`, as
 *   every mixed-case parser of the 2021 snapshot is); `'exact'` also asks for the
 *   `Name`'s letter case.
 *
 * ## Example
 *
 *     ↳[acme-widget-logon](Ps/pC_acmewidgetlogin.md)
 *
 * where `Ps/pC_acmewidgetlogin.md` says `Name = acme-widget-login` gives `Parser link
 * text differs from the Name of its parser page` on `acme-widget-logon`, with the note
 * `` The link text is `acme-widget-logon`; the parser page `…/Ps/pC_acmewidgetlogin.md`
 * says `Name = acme-widget-login`. `` and `expected: ['acme-widget-login']`.
 */
import path from 'node:path'
import type {LinkFact, TextFact, UseCaseRow} from '../src/model/types.js'
import {productPageOf} from '../src/library/product-page.js'
import {defineRule} from '../src/lint/rule.js'

export interface Options {
  fileNameCase: 'ignore' | 'exact'
}

function options(given: unknown): Options {
  if (given === undefined || given === null) return {fileNameCase: 'ignore'}
  if (typeof given !== 'object' || Array.isArray(given)) throw new Error('expected an object like `{fileNameCase: "ignore"}`')
  const {fileNameCase = 'ignore', ...rest} = given as Record<string, unknown>
  const unknown = Object.keys(rest)
  if (unknown.length > 0) throw new Error(`unknown option \`${unknown[0]}\`, expected \`fileNameCase\``)
  if (fileNameCase !== 'ignore' && fileNameCase !== 'exact') throw new Error(`\`fileNameCase\` must be "ignore" or "exact", got ${JSON.stringify(fileNameCase)}`)
  return {fileNameCase}
}

function parserLinks(rows: readonly UseCaseRow[]): LinkFact[] {
  return rows.flatMap((row) => [...row.orphanParsers, ...row.eventTypeGroups.flatMap((group) => group.parsers)])
}

export default defineRule(
  {
    id: 'parser-name',
    pageKinds: ['product', 'continuation', 'parser'],
    description: 'A parser link text, parser file name or parser Vendor/Product that disagrees with the parser page or its product page',
    defaultSeverity: 'warn',
    fixable: true,
    options
  },
  (context) => {
    const {page, report} = context
    // Product and continuation pages: each parser link's text against the Name it points to.
    for (const link of parserLinks([...(page.product?.rows ?? []), ...(page.continuation?.rows ?? [])])) {
      const linked = context.linkedPage(link)
      const name = linked?.parser?.name
      if (!linked || !name || name.text === '' || link.text === name.text) continue
      report({
        reason: 'Parser link text differs from the Name of its parser page',
        note: `The link text is \`${link.text}\`; the parser page \`${linked.path}\` says \`Name = ${name.text}\`.`,
        span: link.textSpan,
        expected: [name.text]
      })
    }

    const parser = page.parser
    if (page.kind !== 'parser' || !parser?.name || parser.name.text === '') return
    const name = parser.name
    const file = path.posix.basename(page.path)
    const conventional = `pC_${name.text.replace(/-/g, '')}.md`
    const same = context.options.fileNameCase === 'exact' ? file === conventional : file.toLowerCase() === conventional.toLowerCase()
    if (!same) {
      report({
        reason: 'Parser file name does not follow `pC_<Name without dashes>.md`',
        note: `The file is \`${file}\`; for the Name \`${name.text}\` it is \`${conventional}\`.`,
        span: name.span
      })
    }

    const owner = productPageOf(context.index, context.filePath, context.settings)
    const product = owner?.page.product
    if (!owner || !product) return
    const compare = (field: 'Vendor' | 'Product', own: TextFact | null, theirs: TextFact | null) => {
      if (!own || !theirs || own.text === theirs.text) return
      // `Vendor = Avaya VPN` beside `Product = Avaya VPN` of the product `Avaya VPN`: say so.
      const productName = product.product?.text
      const isProduct = field === 'Vendor' && own.text === parser.product?.text && own.text === productName
      report({
        reason: `Parser ${field} differs from the ${field.toLowerCase()} of its product page${isProduct ? ': it is the product name' : ''}`,
        note: `The parser says \`${field} = ${own.text}\`; its product page \`${owner.relative}\` names the ${field.toLowerCase()} \`${theirs.text}\`.`,
        span: own.span
      })
    }
    compare('Vendor', parser.vendor, product.vendor)
    compare('Product', parser.product, product.product)
  }
)
