/**
 * Reads the attached files out of a TNEF stream (winmail.dat, application/ms-tnef), which
 * Outlook sends instead of plain MIME attachments. Only the files are taken; the rest of
 * the stream (rich text, MAPI properties) is ignored. Format: [MS-OXTNEF].
 */

export type TnefFile = { fileName: string; content: Buffer };

const TNEF_SIGNATURE = 0x223e9f78;
const LEVEL_ATTACHMENT = 0x02;
const ATT_ATTACH_REND_DATA = 0x00069002;
const ATT_ATTACH_TITLE = 0x00018010;
const ATT_ATTACH_DATA = 0x0006800f;
const ATT_ATTACHMENT = 0x00069005;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_DISPLAY_NAME = 0x3001;

export function isTnef(bytes: Buffer): boolean {
  return bytes.length >= 6 && bytes.readUInt32LE(0) === TNEF_SIGNATURE;
}

/** The files in a TNEF stream; an empty list when it holds none or is not TNEF. Never throws. */
export function readTnefFiles(bytes: Buffer): TnefFile[] {
  if (!isTnef(bytes)) return [];
  const files: Array<{ title: string | null; longName: string | null; content: Buffer | null }> = [];
  let offset = 6; // signature (4) and legacy key (2)
  try {
    while (offset + 9 <= bytes.length) {
      const level = bytes.readUInt8(offset);
      const attribute = bytes.readUInt32LE(offset + 1);
      const length = bytes.readUInt32LE(offset + 5);
      const start = offset + 9;
      const end = start + length;
      if (end + 2 > bytes.length) break;
      const data = bytes.subarray(start, end);
      if (level === LEVEL_ATTACHMENT) {
        if (attribute === ATT_ATTACH_REND_DATA || files.length === 0) files.push({ title: null, longName: null, content: null });
        const current = files[files.length - 1]!;
        if (attribute === ATT_ATTACH_TITLE) current.title = cString(data);
        else if (attribute === ATT_ATTACH_DATA) current.content = Buffer.from(data);
        else if (attribute === ATT_ATTACHMENT) current.longName = longFileName(data);
      }
      offset = end + 2; // checksum
    }
  } catch {
    // A truncated stream: keep what was read.
  }
  return files
    .filter((file): file is { title: string | null; longName: string | null; content: Buffer } => file.content !== null)
    .map((file, index) => ({ fileName: file.longName || file.title || `attachment-${index + 1}`, content: file.content }));
}

function cString(data: Buffer): string {
  const end = data.indexOf(0);
  return data.subarray(0, end === -1 ? data.length : end).toString("latin1").trim();
}

/** PR_ATTACH_LONG_FILENAME (or the display name) from an attachment's MAPI property list. */
function longFileName(data: Buffer): string | null {
  let offset = 0;
  const count = data.readUInt32LE(offset);
  offset += 4;
  let displayName: string | null = null;
  for (let index = 0; index < count && offset + 4 <= data.length; index += 1) {
    const type = data.readUInt16LE(offset);
    const id = data.readUInt16LE(offset + 2);
    offset += 4;
    if (id >= 0x8000) {
      // Named property: GUID (16), kind (4), then an id (4) or a name (length + UTF-16, padded).
      offset += 16;
      const kind = data.readUInt32LE(offset);
      offset += 4;
      if (kind === 0) offset += 4;
      else {
        const nameLength = data.readUInt32LE(offset);
        offset += 4 + padded(nameLength);
      }
    }
    const isMultiple = (type & 0x1000) !== 0;
    const baseType = type & 0x0fff;
    const values = isMultiple || isVariable(baseType) ? data.readUInt32LE(offset) : 1;
    if (isMultiple || isVariable(baseType)) offset += 4;
    for (let value = 0; value < values; value += 1) {
      if (isVariable(baseType)) {
        const length = data.readUInt32LE(offset);
        offset += 4;
        const bytes = data.subarray(offset, offset + length);
        offset += padded(length);
        const text = baseType === 0x001f ? bytes.toString("utf16le") : bytes.toString("latin1");
        const cleaned = text.replace(/\0+$/, "").trim();
        if (id === PR_ATTACH_LONG_FILENAME && cleaned) return cleaned;
        if (id === PR_DISPLAY_NAME && cleaned) displayName = cleaned;
      } else {
        offset += fixedSize(baseType);
      }
    }
  }
  return displayName;
}

function isVariable(type: number): boolean {
  return type === 0x001e || type === 0x001f || type === 0x0102 || type === 0x000d;
}

function fixedSize(type: number): number {
  if (type === 0x0005 || type === 0x0006 || type === 0x0007 || type === 0x0014 || type === 0x0040) return 8;
  if (type === 0x0048) return 16;
  return 4;
}

function padded(length: number): number {
  return Math.ceil(length / 4) * 4;
}
