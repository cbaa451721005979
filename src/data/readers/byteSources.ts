// The byte streams the delimited reader scans: a plain file (or a byte range of it, for split reads) and a gzip file.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from "node:fs";
import { createGunzip } from "node:zlib";

/** A byte stream read in chunks into the caller's buffer. */
export interface ByteSource {
  read(buf: Buffer, off: number, max: number): Promise<number>;
  /** Bytes this source delivers in all, when known (not for gzip). */
  size?: number;
  close(): void;
}

/** A file, or its byte range [fromByte, toByte), read with positioned reads. */
export function fileSource(path: string, fromByte: number, toByte: number | undefined): ByteSource {
  const fd = openSync(path, "r");
  let position = fromByte;
  const stop = toByte ?? Infinity;
  return {
    size: Math.max(0, (toByte ?? fstatSync(fd).size) - fromByte),
    read: async (buf, off, max) => {
      const want = Math.min(max, stop - position);
      if (want <= 0) return 0;
      const got = readSync(fd, buf, off, want, position);
      position += got;
      return got;
    },
    close: () => closeSync(fd),
  };
}

/** A gzip file decompressed as a stream; a read returns once it holds `enough` bytes (memory stays at a few chunks). */
export function gzipSource(path: string, enough: number): ByteSource {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Buffer | undefined;
  return {
    read: async (buf, off, max) => {
      let got = 0;
      while (got < max) {
        if (!pending || pending.length === 0) {
          const r = await it.next();
          if (r.done) break;
          pending = r.value;
        }
        const k = Math.min(pending.length, max - got);
        pending.copy(buf, off + got, 0, k);
        pending = pending.subarray(k);
        got += k;
        if (got >= enough) break;
      }
      return got;
    },
    close: () => stream.destroy(),
  };
}
