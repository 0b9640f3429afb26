/**
 * Parses CSV text per RFC 4180: comma-separated fields, CRLF or LF line ends, fields in double
 * quotes may hold commas, line breaks and doubled quotes (""). A byte order mark is skipped
 * and a final line end is optional. Returns the records as arrays of fields.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let isQuoted = false;
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let isRecordStarted = false;
  while (position < text.length) {
    const character = text[position] as string;
    if (isQuoted) {
      if (character === '"') {
        if (text[position + 1] === '"') {
          field += '"';
          position += 2;
          continue;
        }
        isQuoted = false;
      } else {
        field += character;
      }
      position++;
      continue;
    }
    if (character === '"' && field.length === 0) {
      isQuoted = true;
      isRecordStarted = true;
    } else if (character === ",") {
      record.push(field);
      field = "";
      isRecordStarted = true;
    } else if (character === "\r" || character === "\n") {
      if (character === "\r" && text[position + 1] === "\n") position++;
      if (isRecordStarted || field.length > 0) records.push([...record, field]);
      record = [];
      field = "";
      isRecordStarted = false;
    } else {
      field += character;
      isRecordStarted = true;
    }
    position++;
  }
  if (isQuoted) throw new Error("CSV ends inside a quoted field");
  if (isRecordStarted || field.length > 0) records.push([...record, field]);
  return records;
}

/** Parses CSV with a header line into objects keyed by the header's column names. */
export function parseCsvWithHeader(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((row, rowIndex) => {
    if (row.length !== header.length) {
      throw new Error(`CSV record ${rowIndex + 1} has ${row.length} fields, the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((name, column) => [name, row[column] as string]));
  });
}
