/**
 * A Utf8 column's offsets and bytes, encoded one value at a time into one buffer: no allocation
 * per value (`TextEncoder.encode` would make one Uint8Array per string, which at a million rows
 * costs more in garbage collection than the encoding itself). The column encoder (encode.ts)
 * feeds it a column's values; the row encoder (rows/column-writers.ts) feeds it each chunk of
 * rows as they are validated, so no array of a million strings is gathered first.
 *
 * A column too large for 32-bit offsets is refused without allocating a buffer of that size,
 * and the refusal is the same whichever way the values came: callers {@link count} values
 * before they {@link append} them, encoding stops once the code units counted pass the limit,
 * and {@link finish} throws the `ColumnTooLargeError` naming the column's total and its largest value.
 */
import { ColumnTooLargeError, MAX_COLUMN_OFFSET } from "../errors.js";
import { assertOffsetsFit, type ColumnPlace } from "./buffers.js";

const utf8 = new TextEncoder();

/** Strings shorter than this are copied code unit by code unit while they are ASCII. */
const SHORT_STRING = 64;

export class Utf8ColumnBuilder {
  private readonly valueOffsets: Int32Array;
  /** Allocated when the first value is appended, to the size the values counted by then project. */
  private bytes = new Uint8Array(0);
  private at = 0;
  private rows = 0;
  /** Values counted, their UTF-16 code units, and the most in one value: every unit takes at least one byte. */
  private counted = 0;
  private units = 0;
  private largestUnits = 0;
  /** Multi-byte text found to pass the limit while encoding (the code units alone did not). */
  private overflow: ColumnTooLargeError | null = null;

  constructor(
    private readonly place: ColumnPlace,
    private readonly length: number,
  ) {
    this.valueOffsets = new Int32Array(length + 1);
  }

  /** Counts `text` toward the column's size; non-strings (missing values) count nothing. */
  count(text: unknown): void {
    this.counted++;
    if (typeof text !== "string") return;
    this.units += text.length;
    if (text.length > this.largestUnits) this.largestUnits = text.length;
  }

  /** `true` once the column cannot be stored: nothing more need be appended. */
  get tooLarge(): boolean {
    return this.units > MAX_COLUMN_OFFSET || this.overflow !== null;
  }

  /** Encodes the next row's value; a non-string (a missing value) is empty. */
  append(text: unknown): void {
    if (this.tooLarge) return;
    if (typeof text === "string" && text.length > 0) {
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      if (this.bytes.length - this.at < 3 * text.length && !this.grow(text)) return;
      const { bytes, at } = this;
      let k = 0;
      if (text.length < SHORT_STRING) {
        for (; k < text.length; k++) {
          const unit = text.charCodeAt(k);
          if (unit >= 0x80) break;
          bytes[at + k] = unit;
        }
      }
      this.at += k === text.length ? k : utf8.encodeInto(text, bytes.subarray(at)).written;
    }
    this.valueOffsets[++this.rows] = this.at;
  }

  /** The column's buffers, or its `ColumnTooLargeError`. */
  finish(): { valueOffsets: Int32Array; data: Uint8Array } {
    assertOffsetsFit(this.units, this.place, "bytes", () => [this.largestUnits]);
    if (this.overflow !== null) throw this.overflow;
    return { valueOffsets: this.valueOffsets, data: this.bytes.subarray(0, this.at) };
  }

  /**
   * Grows the buffer to take `text`: to what the values counted so far project for the whole
   * column (a byte per code unit, as ASCII takes, and an eighth more), so that a column is
   * usually allocated once and never copied; by doubling where multi-byte text outgrows that.
   * Never past what 32-bit offsets address: `false` when even that cannot take `text`, the
   * overflow kept for {@link finish}.
   */
  private grow(text: string): boolean {
    const { bytes, at, counted, units, length } = this;
    const projected = counted === 0 ? 0 : Math.ceil((units / counted) * length * 1.125);
    let size = Math.min(Math.max(2 * bytes.length, at + 3 * text.length, projected), MAX_COLUMN_OFFSET);
    if (size - at < 3 * text.length) {
      const textBytes = utf8Length(text);
      const needed = at + textBytes;
      // Found while encoding (multi-byte text): at least the bytes so far and this string's.
      // Kept for `finish`, not thrown here (so not assertOffsetsFit): the row encoder appends
      // chunk by chunk (rows/column-writers.ts), and a later row's RowValidationError must win
      // over the size as it does when the code units counted pass the limit; either way the
      // refusal comes from `finish`.
      if (needed > MAX_COLUMN_OFFSET) {
        this.overflow = new ColumnTooLargeError(this.place.path, "bytes", needed, this.place.rows, textBytes);
        return false;
      }
      size = Math.max(size, needed);
    }
    const larger = new Uint8Array(size);
    larger.set(bytes.subarray(0, at));
    this.bytes = larger;
    return true;
  }
}

/** The UTF-8 length of a well-formed string. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let k = 0; k < text.length; k++) {
    const unit = text.charCodeAt(k);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit <= 0xdbff ? (k++, 4) : 3;
  }
  return bytes;
}
