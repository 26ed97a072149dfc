/**
 * The pattern kernel's WebAssembly module (pattern-kernel.ts runs it), written here in
 * WebAssembly's binary format: one function, `check`, over a memory the module imports, which
 * holds a pattern's tables at fixed places and then a chunk of a string column. A listing, one
 * step a line, in the text format's words beside it; the module is 353 bytes.
 *
 *   check(i, end, shift, byteCount) -> the first value in [i, end) not accepted, or end
 *     for each value i, its bytes in the chunk from s = offsets[i] - shift to e = offsets[i + 1] - shift:
 *       not accepted unless 0 <= s <= e <= byteCount (as unsigned numbers);
 *       its length e - s must be allowed: lengthAllowed[e - s] up to the positions' count, and past
 *         it only where the repeated class's state accepts (settings: positions, repeats);
 *       for each 16 bytes at p from DATA + s, with m the masks of their positions (past the last
 *         position's vector, the repeated class's mask, settings: lastMask):
 *         fail = (low[byte & 15] & high[byte >> 4] & m) == 0, lane by lane
 *         lanes at or past e do not count; any lane failing ends the call at i
 */

/** Positions the kernel's masks cover: 16 vectors of 16 (the repeated class's mask follows them). */
export const POSITION_LIMIT = 256;

// The memory: a pattern's tables first, then a chunk of the column (its offsets, then its bytes).
export const LOW_TABLE = 0;
export const HIGH_TABLE = 16;
export const LANE_INDICES = 32;
export const POSITION_MASKS = 48;
export const LENGTH_ALLOWED = POSITION_MASKS + 16 * (POSITION_LIMIT / 16 + 1);
/** Three int32s: the positions' count, whether the repeated class's state accepts, the last mask vector's address. */
export const SETTINGS = LENGTH_ALLOWED + POSITION_LIMIT + 16;
export const OFFSETS = SETTINGS + 16;
/** Values copied into the memory at a time. */
export const CHUNK_VALUES = 4096;
export const DATA = OFFSETS + 4 * (CHUNK_VALUES + 1);

enum Op {
  Block = 0x02,
  Loop = 0x03,
  If = 0x04,
  Else = 0x05,
  End = 0x0b,
  Br = 0x0c,
  BrIf = 0x0d,
  Select = 0x1b,
  LocalGet = 0x20,
  LocalSet = 0x21,
  I32Load = 0x28,
  I32Load8U = 0x2d,
  I32Const = 0x41,
  I32Eqz = 0x45,
  I32LtU = 0x49,
  I32GtU = 0x4b,
  I32GeU = 0x4f,
  I32Add = 0x6a,
  I32Sub = 0x6b,
  I32Shl = 0x74,
  Simd = 0xfd,
}

enum SimdOp {
  V128Load = 0x00,
  V128Const = 0x0c,
  I8x16Swizzle = 0x0e,
  I8x16Splat = 0x0f,
  I8x16Eq = 0x23,
  I8x16LtU = 0x26,
  V128And = 0x4e,
  V128AnyTrue = 0x53,
  I8x16ShrU = 0x6d,
}

const VOID = 0x40;
const I32 = 0x7f;
const V128 = 0x7b;

// The function's parameters, then its locals, by index.
const FIRST = 0;
const END = 1;
const SHIFT = 2;
const BYTE_COUNT = 3;
const START = 4;
const STOP = 5;
const AT = 6;
const MASK_AT = 7;
const POSITIONS = 8;
const REPEATS = 9;
const LAST_MASK = 10;
const BYTES = 11;
const FAILING = 12;
/** The locals' declaration: 7 of type i32 (START to LAST_MASK), 2 of type v128 (BYTES, FAILING). */
const LOCALS = [2, 7, I32, 2, V128];

const get = (local: number) => [Op.LocalGet, local];
const set = (local: number) => [Op.LocalSet, local];
const i32 = (value: number) => [Op.I32Const, ...signedLeb(value)];
const load = (address: number) => [Op.I32Load, 2, ...leb(address)];
const loadByte = (address: number) => [Op.I32Load8U, 0, ...leb(address)];
const simd = (op: SimdOp) => [Op.Simd, ...leb(op)];
const loadVector = (address: number) => [...simd(SimdOp.V128Load), 0, ...leb(address)];
const zeros = [...simd(SimdOp.V128Const), ...new Array<number>(16).fill(0)];

/** The module's bytes. */
export function kernelModuleBytes(): Uint8Array<ArrayBuffer> {
  // biome-ignore format: a listing, one step a line
  const body = [
    ...i32(0), ...load(SETTINGS), ...set(POSITIONS),                   // positions = settings[0]
    ...i32(0), ...load(SETTINGS + 4), ...set(REPEATS),                 // repeats = settings[1]
    ...i32(0), ...load(SETTINGS + 8), ...set(LAST_MASK),               // lastMask = settings[2]
    Op.Block, VOID, Op.Loop, VOID,                                     // $done: { $values: loop {
      ...get(FIRST), ...get(END), Op.I32GeU, Op.BrIf, 1,               //   i >= end: br $done
      ...valueBounds(1),
      ...lengthCheck(1),
      ...get(START), ...set(AT),                                       //   p = s
      ...i32(POSITION_MASKS), ...set(MASK_AT),                         //   m = the first positions' masks
      Op.Block, VOID, Op.Loop, VOID,                                   //   $value: { $chunks: loop {
        ...get(AT), ...get(STOP), Op.I32GeU, Op.BrIf, 1,               //     p >= e: br $value (accepted)
        ...failingLanes(),
        ...get(FAILING), ...simd(SimdOp.V128AnyTrue), Op.BrIf, 3,      //     any lane failing: br $done
        ...get(AT), ...i32(16), Op.I32Add, ...set(AT),                 //     p += 16
        ...get(MASK_AT), ...i32(16), Op.I32Add, ...get(LAST_MASK),     //     m = min(m + 16, lastMask)
        ...get(MASK_AT), ...get(LAST_MASK), Op.I32LtU, Op.Select, ...set(MASK_AT),
        Op.Br, 0,                                                      //     br $chunks
      Op.End, Op.End,                                                  //   } }
      ...get(FIRST), ...i32(1), Op.I32Add, ...set(FIRST),              //   i += 1
      Op.Br, 0,                                                        //   br $values
    Op.End, Op.End,                                                    // } }
    ...get(FIRST),                                                     // return i
    Op.End,
  ];
  const code = [...LOCALS, ...body];
  const name = (text: string) => [...leb(text.length), ...[...text].map((c) => c.charCodeAt(0))];
  // biome-ignore format: a listing, one section a line
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                          // "\0asm", version 1
    ...section(1, [1, 0x60, 4, I32, I32, I32, I32, 1, I32]),                 // type 0: (i32 x 4) -> i32
    ...section(2, [1, ...name("kernel"), ...name("memory"), 0x02, 0x00, 0x01]), // import kernel.memory, 1 page at least
    ...section(3, [1, 0]),                                                   // function 0 of type 0
    ...section(7, [1, ...name("check"), 0x00, 0]),                           // export "check": function 0
    ...section(10, [1, ...leb(code.length), ...code]),                       // its code
  ]);
}

/** s and e of value i, as addresses in the memory; a branch to `done` (at that depth) unless they lie in the chunk's bytes. */
function valueBounds(done: number): number[] {
  // biome-ignore format: a listing, one step a line
  return [
    ...get(FIRST), ...i32(2), Op.I32Shl, ...load(OFFSETS), ...get(SHIFT), Op.I32Sub, ...set(START),     // s = offsets[i] - shift
    ...get(FIRST), ...i32(2), Op.I32Shl, ...load(OFFSETS + 4), ...get(SHIFT), Op.I32Sub, ...set(STOP), // e = offsets[i + 1] - shift
    ...get(STOP), ...get(BYTE_COUNT), Op.I32GtU, Op.BrIf, done,                                         // e > byteCount: br done
    ...get(START), ...get(STOP), Op.I32GtU, Op.BrIf, done,                                              // s > e: br done
    ...get(START), ...i32(DATA), Op.I32Add, ...set(START),                                              // s += DATA
    ...get(STOP), ...i32(DATA), Op.I32Add, ...set(STOP),                                                // e += DATA
  ];
}

/** A branch to `done` (at that depth) unless the value's length is allowed. */
function lengthCheck(done: number): number[] {
  // biome-ignore format: a listing, one step a line
  return [
    ...get(STOP), ...get(START), Op.I32Sub, ...get(POSITIONS), Op.I32GtU, // e - s > positions ?
    Op.If, I32, ...get(REPEATS),                                          //   repeats
    Op.Else, ...get(STOP), ...get(START), Op.I32Sub, ...loadByte(LENGTH_ALLOWED), //   : lengthAllowed[e - s]
    Op.End, Op.I32Eqz, Op.BrIf, done,                                     // not allowed: br done
  ];
}

/** FAILING = the lanes of the 16 bytes at p outside their positions' classes, those at or past e left out. */
function failingLanes(): number[] {
  // biome-ignore format: a listing, one step a line
  return [
    ...get(AT), ...loadVector(0), ...set(BYTES),                                      // bytes = memory[p, p + 16)
    ...i32(0), ...loadVector(LOW_TABLE),                                              // low[bytes & 15]
    ...get(BYTES), ...i32(15), ...simd(SimdOp.I8x16Splat), ...simd(SimdOp.V128And), ...simd(SimdOp.I8x16Swizzle),
    ...i32(0), ...loadVector(HIGH_TABLE),                                             // & high[bytes >> 4]
    ...get(BYTES), ...i32(4), ...simd(SimdOp.I8x16ShrU), ...simd(SimdOp.I8x16Swizzle), ...simd(SimdOp.V128And),
    ...get(MASK_AT), ...loadVector(0), ...simd(SimdOp.V128And),                       // & m
    ...zeros, ...simd(SimdOp.I8x16Eq), ...set(FAILING),                               // == 0, lane by lane
    ...get(STOP), ...get(AT), Op.I32Sub, ...i32(16), Op.I32LtU,                       // e - p < 16 ?
    Op.If, VOID,
      ...get(FAILING), ...i32(0), ...loadVector(LANE_INDICES),                        //   failing &= lane < e - p
      ...get(STOP), ...get(AT), Op.I32Sub, ...simd(SimdOp.I8x16Splat), ...simd(SimdOp.I8x16LtU),
      ...simd(SimdOp.V128And), ...set(FAILING),
    Op.End,
  ];
}

function section(id: number, content: readonly number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function signedLeb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}
