/**
 * Depth-first walks without recursion. Markdown nests without bound (`> > > …`,
 * lists in quotes in lists) and a recursive walk overflows the stack at a few
 * thousand levels; an explicit stack does not.
 */
import type {Nodes} from 'mdast'

/** Visit `root` and its descendants in document order; return false to skip a node's children. */
export function walk(root: Nodes | readonly Nodes[], visit: (node: Nodes) => boolean | void): void {
  const stack: Nodes[] = Array.isArray(root) ? [...root].reverse() : [root as Nodes]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (visit(node) === false) continue
    if ('children' in node) {
      const children = node.children as Nodes[]
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
    }
  }
}
