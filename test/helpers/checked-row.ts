/**
 * A row class written by hand, as a user writes one: a subclass of a generated class whose
 * constructor refuses more than its schema version declares (an epoch past 10), and that tells a
 * row its constructor made (`made`) from one built on its prototype without it.
 */
import { DigitsRowV1, type DigitsRowV1Input } from "../../generated/digits-model.js";

export class CheckedRow extends DigitsRowV1 {
  readonly #made = true;
  constructor(input: DigitsRowV1Input) {
    super(input);
    if (this.epoch !== null && this.epoch > 10n) throw new Error("epoch past 10: this run never trains that long");
  }
  /** `true` on a row its constructor made; a row built on the prototype has no `#made` and throws. */
  get made(): boolean {
    return this.#made;
  }
}
