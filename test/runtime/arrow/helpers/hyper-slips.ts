/**
 * What the misspelt-key properties (misspelt-children.test.ts, misspelt-instance-keys.test.ts)
 * draw from: a value of test.hyper-config@1, and the slips a hand makes of a child's name.
 */
import fc from "fast-check";

/** A config value (test.hyper-config@1) with every child given. */
export const hyperConfig = fc.record({
  seed: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  hyper: fc.record({
    learning_rate: fc.double({ noNaN: true }),
    batch_size: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    momentum: fc.double({ noNaN: true }),
  }),
});

/** The paths of a config's children, from the config: the children a key may misspell. */
export const hyperConfigChildren: readonly string[][] = [
  ["seed"],
  ["hyper"],
  ["hyper", "learning_rate"],
  ["hyper", "batch_size"],
  ["hyper", "momentum"],
];

/** The slips a hand makes: another case, a letter dropped, two neighbours swapped. */
export const slip = fc.constantFrom(
  (name: string) => name.toUpperCase(),
  (name: string) => name.slice(0, 1) + name.slice(2),
  (name: string) => name[1]! + name[0]! + name.slice(2),
);
