/**
 * "Did you mean ...?" for a misspelt name: the known names closest to it, so that a declaration's
 * `DateTime` points at `datetime` and `int65` at `int64`, and a reader's `schemaVerison` option
 * at `schemaVersion`, instead of leaving the reader to scan a list. Close means, in this order:
 * the same name in another case (Julia's `DateTime` is the commonest slip); for a name of three
 * letters or more, the start of known names (`float` -> `float32`, `float64`); an edit distance
 * (insertions, deletions, substitutions, swaps of two neighbours) of one per five letters (at
 * least one, from four letters on): `example.gone` is not a slip for `example.run`.
 */

/** The names in `known` closest to `given`, best first (ties in `known`'s order); none when nothing is close. */
export function closestNames(given: string, known: readonly string[]): string[] {
  // A name this long is no slip of the keyboard (and its table would cost time for nothing).
  if (given.length > 64) return [];
  const lower = given.toLowerCase();
  const sameWord = known.filter((name) => name.toLowerCase() === lower);
  if (sameWord.length > 0) return sameWord;
  const longer = given.length < 3 ? [] : known.filter((name) => name.toLowerCase().startsWith(lower));
  return longer.length > 0 ? longer : withinEdits(lower, known);
}

/**
 * {@link closestNames} without the starts of names, which a short name of another meaning would
 * match (`row` is the start of `rows`): the names in `known` that `given` misspells.
 */
export function misspelt(given: string, known: readonly string[]): string[] {
  if (given.length > 64) return [];
  const lower = given.toLowerCase();
  const sameWord = known.filter((name) => name.toLowerCase() === lower);
  return sameWord.length > 0 ? sameWord : withinEdits(lower, known);
}

/**
 * {@link misspelt}, and for a name of two or three letters the names it is one letter dropped,
 * added or swapped with its neighbour away from (`tag` for `tags`, `di` for `id`), for a key
 * beside a field reported missing, where such a slip is likely. Not one letter replaced: in a
 * short name that makes another word (`x` for `y`, `sum` for `sym`).
 */
export function misspeltKey(given: string, known: readonly string[]): string[] {
  const close = misspelt(given, known);
  if (close.length > 0 || given.length >= 4) return close;
  const lower = given.toLowerCase();
  return known.filter((name) => isShortSlip(lower, name.toLowerCase()));
}

/** Whether `given` (lower case, under four letters) is `name` (lower case) with one letter dropped, added or swapped. */
function isShortSlip(given: string, name: string): boolean {
  // A single letter is one drop away from every name of two holding it.
  if (Math.min(given.length, name.length) < 2 || editDistance(given, name) !== 1) return false;
  // Of the same length, one edit apart is one letter replaced, or two swapped, which keeps the letters.
  return given.length !== name.length || [...given].sort().join("") === [...name].sort().join("");
}

/** The names in `known` nearest to `lower` (a lower-case name) within its edit distance limit. */
function withinEdits(lower: string, known: readonly string[]): string[] {
  const limit = lower.length < 4 ? 0 : Math.max(1, Math.floor(lower.length / 5));
  const scored = known
    .map((name) => ({ name, distance: editDistance(lower, name.toLowerCase()) }))
    .filter(({ distance }) => distance <= limit);
  const best = Math.min(...scored.map(({ distance }) => distance));
  return scored.filter(({ distance }) => distance === best).map(({ name }) => name);
}

/** ` (did you mean datetime?)`, ` (did you mean float32 or float64?)`, or `""` when nothing is close. */
export function didYouMean(given: string, known: readonly string[]): string {
  return suggesting(closestNames(given, known));
}

/** ` (did you mean a, b or c?)` for the first four of `names`; `""` for none. */
export function suggesting(candidates: readonly string[]): string {
  const names = candidates.slice(0, 4);
  if (names.length === 0) return "";
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
  return ` (did you mean ${listed}?)`;
}

/** The optimal string alignment distance between `a` and `b`. */
function editDistance(a: string, b: string): number {
  // Three rows of the table are enough: a swap looks two rows back.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        distance = Math.min(distance, before[j - 2]! + 1);
      current.push(distance);
    }
    [before, previous] = [previous, current];
  }
  return previous[b.length]!;
}
