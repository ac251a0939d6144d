/**
 * micromark events → mdast, for the token types content libraries are made of.
 *
 * Why by hand: turning events into a tree with mdast-util-from-markdown's `compile` is
 * 58% of parsing this corpus (10.6 of 18.4 s for every 4th page, measured with micromark
 * alone against the full parse): it builds a fresh handler context object for every
 * event, three million of them per quarter of the corpus, and most of the collector's
 * work is those. Upstream knows (syntax-tree/mdast-util-from-markdown#52, open). This
 * module follows the same rules — the same stack, fragments, merging of adjacent data
 * into one text node, line endings kept only where `canContainEols` allows, the GFM
 * table handlers of mdast-util-gfm-table — without the per-event objects.
 *
 * It covers an allowlist of token types, and returns `undefined` for a page with any
 * other (lists, block quotes, references and definitions, images, autolinks, character
 * references…): the caller then parses that page with the library. Every tree it does
 * build must equal the library's, positions included; test/syntax/tree-from-events.test.ts and
 * the corpus test compare the two on generated, hand-written and every corpus page.
 */
import type {Root} from 'mdast'
import type {Event, Point as MicromarkPoint, Token} from 'micromark-util-types'

/** Token types with a handler here. */
const HANDLED = new Set<string>([
  'atxHeading', 'atxHeadingSequence', 'setextHeading', 'setextHeadingText', 'setextHeadingLineSequence',
  'paragraph', 'thematicBreak', 'lineEnding', 'data',
  'codeFenced', 'codeFencedFence', 'codeFencedFenceInfo', 'codeFencedFenceMeta', 'codeFlowValue',
  'htmlFlow', 'htmlFlowData', 'htmlText', 'htmlTextData',
  'link', 'label', 'labelText', 'resource', 'resourceDestinationString', 'resourceTitleString',
  'emphasis', 'strong', 'codeText', 'codeTextData', 'characterEscape', 'characterEscapeValue',
  'hardBreakEscape', 'hardBreakTrailing',
  'table', 'tableRow', 'tableHeader', 'tableData'
])

/**
 * Token types neither this module nor the library acts on: their text reaches the tree
 * through the tokens inside them, or not at all (markers, padding, blank lines).
 */
const INERT = new Set<string>([
  'whitespace', 'lineEndingBlank', 'linePrefix', 'lineSuffix', 'content',
  'atxHeadingText', 'setextHeadingLine', 'thematicBreakSequence', 'codeFencedFenceSequence',
  'labelMarker', 'resourceMarker', 'resourceDestination', 'resourceDestinationRaw',
  'resourceDestinationLiteral', 'resourceDestinationLiteralMarker', 'resourceTitle', 'resourceTitleMarker',
  'emphasisSequence', 'emphasisText', 'strongSequence', 'strongText', 'codeTextSequence', 'codeTextPadding',
  'escapeMarker',
  'tableHead', 'tableBody', 'tableCellDivider', 'tableContent', 'tableDelimiterRow', 'tableDelimiter',
  'tableDelimiterFiller', 'tableDelimiterMarker'
])

/** Tokens whose text is added to the current text node, as the library's `onenterdata`/`onexitdata`. */
const TEXT_DATA = new Set<string>(['data', 'codeFlowValue', 'htmlFlowData', 'htmlTextData', 'codeTextData'])

/** Strings read into a fragment, and the field of the node they go to. */
const FIELD_OF_STRING: Record<string, string> = {
  codeFencedFenceInfo: 'lang',
  codeFencedFenceMeta: 'meta',
  resourceDestinationString: 'url',
  resourceTitleString: 'title'
}

/** Where mdast-util-from-markdown keeps line endings as text (its `canContainEols`). */
const KEEPS_LINE_ENDINGS = new Set<string>(['emphasis', 'fragment', 'heading', 'paragraph', 'strong'])

/**
 * A node being built: mdast, or a fragment collecting the text of a value (url, code,
 * html…). Loosely typed as the library's handlers are: fields are filled in as tokens end.
 */
interface Open {
  type: string
  children: Open[]
  position?: {start: Point; end?: Point}
  [field: string]: unknown
}
type Point = {line: number; column: number; offset: number}
type Text = {type: 'text'; value: string; position: {start: Point; end: Point}}

function point(from: MicromarkPoint): Point {
  return {line: from.line, column: from.column, offset: from.offset}
}

/** Whether every token of `events` is one this module builds the library's tree for. */
export function eventsAreCovered(events: readonly Event[]): boolean {
  for (let index = 0; index < events.length; index++) {
    const type = events[index]![1].type
    if (!HANDLED.has(type) && !INERT.has(type)) return false
  }
  return true
}

/** The mdast tree of `events` (from micromark with GFM tables), or undefined when not covered. */
export function treeFromEvents(events: readonly Event[]): Root | undefined {
  if (!eventsAreCovered(events)) return undefined
  const builder = new TreeBuilder()
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!
    if (event[0] === 'enter') builder.enter(event[1])
    else if (!builder.exit(event[1], event)) return undefined
  }
  return builder.finish(events)
}

/**
 * One page's tree in the making: `enter` and `exit` are given every event in order and
 * act on its token's type as the library's handlers of that type do. All state of the
 * build is here; the handlers are methods, so a page costs one object, not one per event.
 */
class TreeBuilder {
  private readonly root: Open = {type: 'root', children: [], position: undefined}
  /** The nodes and fragments open, the root first: the last is the current one. */
  private readonly stack: Open[] = [this.root]
  /** Inside a table, where `\|` in inline code stands for a pipe. */
  private inTable = false
  /** The opening fence of fenced code has ended: the code's text is being collected. */
  private codeInside = false
  /** A setext heading's text has ended: the line ending before its underline is not text. */
  private slurpLineEnding = false
  /** A hard break has just ended: the line ending after it belongs to the break. */
  private atHardBreak = false
  /** The current link has a resource (`(url "title")`); without one it is a reference. */
  private resourceSeen = false
  /** The text node data is being added to: enter and exit of data come in pairs. */
  private tail: Text | undefined = undefined

  /** A token starts: open the node it stands for, or the text or fragment it adds to. */
  enter(token: Token): void {
    const type = token.type
    if (TEXT_DATA.has(type) || type === 'characterEscape') {
      this.enterData(token)
      return
    }
    switch (type) {
      case 'atxHeading':
      case 'setextHeading':
        this.open({type: 'heading', depth: 0 as 1, children: [], position: undefined}, token)
        break
      case 'paragraph':
        this.open({type: 'paragraph', children: [], position: undefined}, token)
        break
      case 'thematicBreak':
        this.open({type: 'thematicBreak', position: undefined}, token)
        break
      case 'emphasis':
      case 'strong':
        this.open({type, children: [], position: undefined}, token)
        break
      case 'hardBreakEscape':
      case 'hardBreakTrailing':
        this.open({type: 'break', position: undefined}, token)
        break
      case 'codeFenced':
        this.open({type: 'code', lang: null, meta: null, value: '', position: undefined}, token)
        break
      case 'htmlFlow':
      case 'htmlText':
        this.open({type: 'html', value: '', position: undefined}, token)
        this.fragment()
        break
      case 'codeText':
        this.open({type: 'inlineCode', value: '', position: undefined}, token)
        this.fragment()
        break
      case 'link':
        this.open({type: 'link', title: null, url: '', children: [], position: undefined}, token)
        this.resourceSeen = false
        break
      case 'codeFencedFenceInfo':
      case 'codeFencedFenceMeta':
      case 'label':
      case 'resourceDestinationString':
      case 'resourceTitleString':
        this.fragment()
        break
      case 'table':
        this.enterTable(token)
        break
      case 'tableRow':
        this.open({type: 'tableRow', children: [], position: undefined}, token)
        break
      case 'tableHeader':
      case 'tableData':
        this.open({type: 'tableCell', children: [], position: undefined}, token)
        break
      // No default: the other covered types only matter on exit.
    }
  }

  /**
   * A token ends: close its node, or fill in what it says. False when the page turns
   * out not to be covered after all (a reference link).
   */
  exit(token: Token, event: Event): boolean {
    const type = token.type
    if (TEXT_DATA.has(type) || type === 'characterEscapeValue') {
      // An escape's text is its value's (the backslash is left out).
      this.exitData(token, event)
      return true
    }
    switch (type) {
      case 'atxHeadingSequence':
        this.exitAtxHeadingSequence(token, event)
        break
      case 'setextHeadingText':
        this.slurpLineEnding = true
        break
      case 'setextHeadingLineSequence':
        this.top().depth = event[2].sliceSerialize(token).codePointAt(0) === 61 ? 1 : 2
        break
      case 'setextHeading':
        this.slurpLineEnding = false
        this.close(token)
        break
      case 'atxHeading':
      case 'paragraph':
      case 'thematicBreak':
      case 'emphasis':
      case 'strong':
      case 'tableRow':
      case 'tableHeader':
      case 'tableData':
        this.close(token)
        break
      case 'hardBreakEscape':
      case 'hardBreakTrailing':
        this.atHardBreak = true
        this.close(token)
        break
      case 'lineEnding':
        this.exitLineEnding(token, event)
        break
      case 'codeFencedFenceInfo':
      case 'codeFencedFenceMeta':
      case 'resourceDestinationString':
      case 'resourceTitleString':
        this.exitString(type)
        break
      case 'codeFencedFence':
        this.exitFence()
        break
      case 'codeFenced':
        this.exitCodeFenced(token)
        break
      case 'htmlFlow':
      case 'htmlText':
        this.exitHtml(token)
        break
      case 'codeText':
        this.exitCodeText(token)
        break
      case 'label':
        this.exitLabel()
        break
      case 'resource':
        this.resourceSeen = true
        break
      case 'link':
        // A link without a resource is a reference: the library's work, not covered here.
        if (!this.resourceSeen) return false
        this.close(token)
        break
      case 'table':
        this.close(token)
        this.inTable = false
        break
      // No default: `labelText` and `characterEscape` end with what is inside them.
    }
    return true
  }

  /** The root, its position that of the whole document, once every event is in. */
  finish(events: readonly Event[]): Root {
    const none = {line: 1, column: 1, offset: 0} as MicromarkPoint
    this.root.position = {
      start: point(events.length > 0 ? events[0]![1].start : none),
      // As the library does: the last event is the document's exit, the one before it ends the content.
      end: point(events.length > 0 ? events[events.length - 2]![1].end : none)
    }
    return this.root as unknown as Root
  }

  private top(): Open {
    return this.stack[this.stack.length - 1]!
  }

  /** Add a node under the current one and make it current; leaves have no `children`. */
  private open(fields: {type: string; [field: string]: unknown}, token: Token): void {
    const node = fields as Open
    this.top().children.push(node)
    this.stack.push(node)
    node.position = {start: point(token.start), end: undefined}
  }

  private close(token: Token): void {
    const node = this.stack.pop()!
    node.position!.end = point(token.end)
  }

  private fragment(): void {
    this.stack.push({type: 'fragment', children: []})
  }

  /** The text of a fragment, taken off the stack: its children are text nodes only here. */
  private resume(): string {
    let value = ''
    for (const child of this.stack.pop()!.children) value += child.value as string
    return value
  }

  /** Text starts: it is added to the text node just before it, if any, else to a new one. */
  private enterData(token: Token): void {
    const siblings = this.top().children
    const last = siblings[siblings.length - 1]
    if (last && last.type === 'text') {
      this.tail = last as unknown as Text
    } else {
      this.tail = {type: 'text', value: '', position: {start: point(token.start), end: undefined as unknown as Point}}
      siblings.push(this.tail as unknown as Open)
    }
  }

  private exitData(token: Token, event: Event): void {
    const tail = this.tail!
    tail.value += event[2].sliceSerialize(token)
    tail.position.end = point(token.end)
    this.tail = undefined
  }

  private enterTable(token: Token): void {
    const align = (token as Token & {_align: Array<'left' | 'right' | 'center' | 'none'>})._align
    this.open({type: 'table', align: align.map((d) => (d === 'none' ? null : d)), children: [], position: undefined}, token)
    this.inTable = true
  }

  private exitAtxHeadingSequence(token: Token, event: Event): void {
    // The closing sequence (`## Two ##`) does not change the depth the opening one set.
    const node = this.top()
    if (!node.depth) node.depth = event[2].sliceSerialize(token).length
  }

  /** A line ending is text only where the library keeps it (`canContainEols`), and not after a hard break. */
  private exitLineEnding(token: Token, event: Event): void {
    const context = this.top()
    if (this.atHardBreak) {
      context.children[context.children.length - 1]!.position!.end = point(token.end)
      this.atHardBreak = false
    } else if (!this.slurpLineEnding && KEEPS_LINE_ENDINGS.has(context.type)) {
      this.enterData(token)
      this.exitData(token, event)
    }
  }

  /** The text collected in the fragment becomes a field of the node below it. */
  private exitString(type: string): void {
    const value = this.resume()
    this.top()[FIELD_OF_STRING[type]!] = value
  }

  /** The opening fence starts the code's text; the closing fence adds nothing. */
  private exitFence(): void {
    if (!this.codeInside) {
      this.fragment()
      this.codeInside = true
    }
  }

  private exitCodeFenced(token: Token): void {
    const value = this.resume()
    this.top().value = value.replace(/^(\r?\n|\r)|(\r?\n|\r)$/g, '')
    this.codeInside = false
    this.close(token)
  }

  private exitHtml(token: Token): void {
    const value = this.resume()
    this.top().value = value
    this.close(token)
  }

  private exitCodeText(token: Token): void {
    let value = this.resume()
    // mdast-util-gfm-table: in a cell, `\|` in code stands for a pipe.
    if (this.inTable) value = value.replace(/\\([\\|])/g, (all, char: string) => (char === '|' ? char : all))
    this.top().value = value
    this.close(token)
  }

  /** The label's inline content becomes the link's children. */
  private exitLabel(): void {
    const label = this.stack.pop()!
    this.top().children = label.children
  }
}
