/** Small media files for tests, made here byte by byte (the container headers the sniffer reads). */

/** An ISO-BMFF file (MP4, MOV, M4A, HEIC by brand): an ftyp box, then an mdat box filling `total` bytes. */
export function mp4Bytes(brand: string, total: number): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftyp', 4, 'latin1');
  ftyp.write(brand, 8, 'latin1');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write(brand === 'heic' ? 'mif1' : 'isom', 16, 'latin1');
  ftyp.write(brand === 'heic' ? 'heic' : 'mp41', 20, 'latin1');
  const mdatSize = Math.max(8, total - 24);
  const mdat = Buffer.alloc(mdatSize);
  mdat.writeUInt32BE(mdatSize, 0);
  mdat.write('mdat', 4, 'latin1');
  return Buffer.concat([ftyp, mdat]);
}
