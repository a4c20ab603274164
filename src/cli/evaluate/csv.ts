// A small RFC-4180 reader: quoted fields (with "" for a quote, commas and newlines inside), LF or
// CRLF, a leading BOM dropped, blank lines skipped. Every record keeps the line it starts on, so
// errors can name it.

export class InputError extends Error {}

export interface CsvRecord {
  /** 1-based physical line the record starts on. */
  line: number;
  fields: string[];
}

export interface CsvTable {
  file: string;
  header: string[];
  records: CsvRecord[];
}

export function parseCsv(text: string, file: string, options: { delimiter?: string; header?: boolean } = {}): CsvTable {
  const delimiter = options.delimiter ?? ',';
  const all = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file, delimiter);
  if (options.header === false) return { file, header: [], records: all };
  if (all.length === 0) throw new InputError(`${file}: empty file, expected a header row`);
  const [head, ...records] = all;
  const header = head.fields.map((h) => h.trim());
  for (const r of records) {
    if (r.fields.length !== header.length) {
      throw new InputError(`${file} line ${r.line}: expected ${header.length} fields as in the header, got ${r.fields.length}`);
    }
  }
  return { file, header, records };
}

function splitRecords(text: string, file: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let any = false; // the current record has content (a blank line is no record)
  const end = () => {
    fields.push(field);
    if (any || fields.length > 1) records.push({ line: start, fields });
    fields = [];
    field = '';
    any = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      any = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      any = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      end();
      line++;
      start = line;
    } else {
      field += ch;
      any = true;
    }
  }
  if (quoted) throw new InputError(`${file} line ${start}: a quoted field is not closed`);
  if (any || field !== '' || fields.length > 0) end();
  return records;
}

/** Column positions by header name; throws naming the file and the missing required columns. */
export function columns<R extends string, O extends string>(
  table: CsvTable,
  required: readonly R[],
  optional: readonly O[] = [],
): Record<R, number> & Record<O, number | undefined> {
  const at = new Map(table.header.map((h, i) => [h.toLowerCase(), i]));
  const missing = required.filter((c) => !at.has(c));
  if (missing.length > 0) {
    throw new InputError(`${table.file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header: ${table.header.join(', ')})`);
  }
  const out: Record<string, number | undefined> = {};
  for (const c of [...required, ...optional]) out[c] = at.get(c);
  return out as Record<R, number> & Record<O, number | undefined>;
}

/** An error about one field: "FILE line N, column NAME: MESSAGE". */
export function fieldError(file: string, line: number, column: string, message: string): InputError {
  return new InputError(`${file} line ${line}, column ${column}: ${message}`);
}
