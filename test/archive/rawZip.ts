/**
 * A minimal hand-written zip writer for hostile test archives that yazl refuses to produce: names with
 * `..` or backslashes, sizes that lie, entries that overlap, zip64 entries of many GB in a sparse file.
 * Layout per PKWARE APPNOTE.TXT 4.3.7 (local header), 4.3.12 (central directory), 4.3.16 (EOCD),
 * 4.3.14/4.3.15 (zip64 EOCD record and locator), 4.5.3 (zip64 extra field).
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  /** The name exactly as written (no validation: that is the point). */
  name: string;
  /** The uncompressed content; deflated when method is 8. */
  content?: Buffer;
  method?: 0 | 8;
  /** Override the uncompressed size written in both headers (a lie, for bomb tests). */
  declaredSize?: number;
  /** Write the central directory entry pointing at another entry's local header (overlap bombs). */
  sameDataAs?: number;
}

function localHeader(name: Buffer, method: number, crc: number, compressed: number, size: number): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed
  h.writeUInt16LE(0x0800, 6); // UTF-8 names
  h.writeUInt16LE(method, 8);
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(compressed, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, name]);
}

function centralHeader(name: Buffer, method: number, crc: number, compressed: number, size: number, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(method, 10);
  h.writeUInt32LE(crc, 16);
  h.writeUInt32LE(compressed, 20);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  h.writeUInt32LE(offset, 42);
  return Buffer.concat([h, name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(count, 8);
  e.writeUInt16LE(count, 10);
  e.writeUInt32LE(size, 12);
  e.writeUInt32LE(offset, 16);
  return e;
}

/** A zip whose every field is written as asked. */
export function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  const infos: { method: number; crc: number; compressed: number; size: number }[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const content = entry.content ?? Buffer.alloc(0);
    const method = entry.method ?? 0;
    const data = method === 8 ? deflateRawSync(content) : content;
    const info = { method, crc: crc32(content), compressed: data.length, size: entry.declaredSize ?? content.length };
    if (entry.sameDataAs !== undefined) {
      const target = infos[entry.sameDataAs];
      const targetOffset = offsets[entry.sameDataAs];
      if (!target || targetOffset === undefined) throw new Error('sameDataAs must name an earlier entry');
      infos.push(target);
      offsets.push(targetOffset);
      centrals.push(centralHeader(name, target.method, target.crc, target.compressed, target.size, targetOffset));
      continue;
    }
    const local = Buffer.concat([localHeader(name, method, info.crc, info.compressed, info.size), data]);
    infos.push(info);
    offsets.push(offset);
    locals.push(local);
    centrals.push(centralHeader(name, method, info.crc, info.compressed, info.size, offset));
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  return Buffer.concat([...locals, central, endOfCentralDirectory(entries.length, central.length, offset)]);
}

/**
 * The pieces of a zip64 archive holding one stored entry of `size` bytes whose data is left as a hole:
 * write `head` at 0 and `tail` at `tailOffset` into a sparse file, and the zip is `tailOffset + tail.length`
 * bytes long without using that much disk.
 */
export function sparseZip64(name: string, size: number): { head: Buffer; tail: Buffer; tailOffset: number } {
  const nameBytes = Buffer.from(name, 'utf8');
  const zip64Local = Buffer.alloc(20);
  zip64Local.writeUInt16LE(0x0001, 0);
  zip64Local.writeUInt16LE(16, 2);
  zip64Local.writeBigUInt64LE(BigInt(size), 4);
  zip64Local.writeBigUInt64LE(BigInt(size), 12);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(45, 4);
  local.writeUInt16LE(0x0800, 6);
  local.writeUInt16LE(0, 8); // stored
  local.writeUInt32LE(0, 14); // CRC of the hole is not checked by readers that stream
  local.writeUInt32LE(0xffffffff, 18);
  local.writeUInt32LE(0xffffffff, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  local.writeUInt16LE(zip64Local.length, 28);
  const head = Buffer.concat([local, nameBytes, zip64Local]);

  const dataEnd = head.length + size;
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 45, 4);
  central.writeUInt16LE(45, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt32LE(0xffffffff, 20);
  central.writeUInt32LE(0xffffffff, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt16LE(zip64Local.length, 30);
  central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  central.writeUInt32LE(0, 42);
  const centralRecord = Buffer.concat([central, nameBytes, zip64Local]);

  const zip64Eocd = Buffer.alloc(56);
  zip64Eocd.writeUInt32LE(0x06064b50, 0);
  zip64Eocd.writeBigUInt64LE(44n, 4);
  zip64Eocd.writeUInt16LE(45, 12);
  zip64Eocd.writeUInt16LE(45, 14);
  zip64Eocd.writeBigUInt64LE(1n, 24);
  zip64Eocd.writeBigUInt64LE(1n, 32);
  zip64Eocd.writeBigUInt64LE(BigInt(centralRecord.length), 40);
  zip64Eocd.writeBigUInt64LE(BigInt(dataEnd), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(dataEnd + centralRecord.length), 8);
  locator.writeUInt32LE(1, 16);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(0xffff, 8);
  eocd.writeUInt16LE(0xffff, 10);
  eocd.writeUInt32LE(0xffffffff, 12);
  eocd.writeUInt32LE(0xffffffff, 16);
  return { head, tail: Buffer.concat([centralRecord, zip64Eocd, locator, eocd]), tailOffset: dataEnd };
}
