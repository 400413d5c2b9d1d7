import { BadRequestError } from '../api/errors';

/** Go's encoding/json and go-yaml stop at this nesting depth; so do we, before any recursive walk. */
export const MAX_NESTING_DEPTH = 10_000;

/**
 * Checks a parsed body before anything walks it recursively: nesting no deeper than upstream's
 * decoders allow, no value that contains itself (a YAML alias to its own anchor), and no alias
 * expansion far beyond the document's size (go-yaml's "excessive aliasing" guard against
 * billion-laughs documents). Iterative, so hostile input cannot exhaust the stack here.
 */
export function checkBodyShape(value: unknown, format: 'json' | 'yaml', sourceLength: number): void {
  // Without aliases a document has fewer values than characters; beyond that, aliases multiplied it.
  const maxValues = 2 * sourceLength + 10_000;
  let values = 0;
  const onPath = new Set<object>();
  const stack: { node: unknown; depth: number; leave?: boolean }[] = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth, leave } = stack.pop() as { node: unknown; depth: number; leave?: boolean };
    if (leave) {
      onPath.delete(node as object);
      continue;
    }
    if (++values > maxValues) throw new BadRequestError(`error converting YAML to JSON: yaml: document contains excessive aliasing`);
    if (!node || typeof node !== 'object') continue;
    if (depth > MAX_NESTING_DEPTH) {
      throw new BadRequestError(format === 'json' ? 'json: exceeded max depth' : `error converting YAML to JSON: yaml: exceeded max depth of ${MAX_NESTING_DEPTH}`);
    }
    if (onPath.has(node)) throw new BadRequestError('error converting YAML to JSON: yaml: anchor value contains itself');
    onPath.add(node);
    stack.push({ node, depth, leave: true });
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
}
