/**
 * YAML aliases, expanded where they stand: each `*name` is replaced by a copy of the value that
 * `&name` marks, placed at the alias, so that whatever the reader finds wrong in it is reported
 * where the alias is used (with where the value is written), and a value that fits where it is
 * written but not where an alias repeats it is reported at the repetition.
 *
 * Copies are bounded: at most {@link MAX_ALIASES} aliases, {@link MAX_ALIAS_NODES} copied nodes
 * and the file's nesting depth, so a billion-laughs file (or one nesting an alias in an alias in
 * ...) is refused at the alias that goes past a bound.
 */
import { isAlias, isMap, isNode, isSeq, type Alias, type Node } from "yaml";

const MAX_ALIASES = 100;
const MAX_ALIAS_NODES = 10_000;

/** Where a copied node's value is written, and the alias that copied it. */
export interface AliasOrigin {
  readonly alias: string;
  readonly offset: number;
}

/** The aliases of a tree expanded in place, or the first alias that cannot be. */
export type AliasExpansion =
  | { readonly root: Node | null; readonly origins: WeakMap<Node, AliasOrigin> }
  | { readonly problem: string; readonly offset: number };

/**
 * Expands every alias of `root` in document order (an alias names the last anchor before it);
 * collections may nest `maxDepth` levels with the copies in place, as the file itself may.
 */
export function expandAliases(root: Node | null, maxDepth: number): AliasExpansion {
  const expander = new AliasExpander(maxDepth);
  try {
    return { root: root === null ? null : expander.expand(root, 0), origins: expander.origins };
  } catch (error) {
    if (error instanceof AliasProblem) return { problem: error.message, offset: error.offset };
    throw error;
  }
}

class AliasProblem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

class AliasExpander {
  readonly origins = new WeakMap<Node, AliasOrigin>();
  readonly #anchors = new Map<string, Node>();
  /** Anchored values being expanded: an alias to one of them would contain itself. */
  readonly #open = new Set<Node>();
  #aliases = 0;
  #copies = 0;

  constructor(private readonly maxDepth: number) {}

  /** `node`, `depth` levels deep, with its aliases replaced (in place; an alias itself is returned as its copy). */
  expand(node: Node, depth: number): Node {
    if (isAlias(node)) return this.#copyFor(node, depth);
    if (node.anchor !== undefined) this.#anchors.set(node.anchor, node);
    this.#open.add(node);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isNode(pair.key)) pair.key = this.expand(pair.key, depth + 1);
        if (isNode(pair.value)) pair.value = this.expand(pair.value, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items = node.items.map((item) => (isNode(item) ? this.expand(item, depth + 1) : item));
    }
    this.#open.delete(node);
    return node;
  }

  #copyFor(alias: Alias, depth: number): Node {
    const offset = alias.range?.[0] ?? 0;
    const name = `*${alias.source}`;
    const target = this.#anchors.get(alias.source);
    if (target === undefined)
      throw new AliasProblem(offset, `alias ${name} has no anchor &${alias.source} before it to stand for`);
    if (this.#open.has(target))
      throw new AliasProblem(offset, `alias ${name} stands for a value that contains it, which never ends`);
    this.#aliases += 1;
    if (this.#aliases > MAX_ALIASES)
      throw new AliasProblem(offset, `too many YAML aliases: a schema file may use at most ${MAX_ALIASES}`);
    return this.#copy(target, alias, depth);
  }

  /** A deep copy of `node`, every part of it placed at `alias` and remembering where it is written. */
  #copy(node: Node, alias: Alias, depth: number): Node {
    const offset = alias.range?.[0] ?? 0;
    this.#copies += 1;
    if (this.#copies > MAX_ALIAS_NODES) {
      throw new AliasProblem(
        offset,
        `too many YAML aliases: they copy more than ${MAX_ALIAS_NODES} values into this file`,
      );
    }
    if (depth > this.maxDepth) {
      throw new AliasProblem(
        offset,
        `alias *${alias.source} nests collections deeper than ${this.maxDepth} levels here`,
      );
    }
    const copy = shallowCopy(node);
    copy.anchor = undefined;
    if (alias.range) copy.range = [...alias.range];
    this.origins.set(copy, { alias: alias.source, offset: this.origins.get(node)?.offset ?? node.range?.[0] ?? 0 });
    if (isMap(copy)) {
      copy.items = copy.items.map((pair) => {
        const pairCopy = shallowCopy(pair);
        if (isNode(pair.key)) pairCopy.key = this.#copy(pair.key, alias, depth + 1);
        if (isNode(pair.value)) pairCopy.value = this.#copy(pair.value, alias, depth + 1);
        return pairCopy;
      });
    } else if (isSeq(copy)) {
      copy.items = copy.items.map((item) => (isNode(item) ? this.#copy(item, alias, depth + 1) : item));
    }
    return copy;
  }
}

/** The yaml package's own `clone()` without its deep copy of the items, which the caller bounds. */
function shallowCopy<T extends object>(value: T): T {
  return Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value)) as T;
}
