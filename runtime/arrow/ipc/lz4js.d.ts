/** The part of lz4js (pure-JavaScript LZ4, no types of its own) that ipc/codecs.ts uses: the frame encoder. */
declare module "lz4js" {
  export function compress(source: Uint8Array): Uint8Array;
}
