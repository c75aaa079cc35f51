import { parse } from 'csv-parse/sync';
import type {
  LIBRARY_CSV_COLUMNS,
  LibraryImportItem,
  MomentMedia,
} from '../../../http/contract/moment-library';
import { badRequest } from '../../../errors';
import type { LibraryRecord } from './library-record';

type CsvRow = Record<(typeof LIBRARY_CSV_COLUMNS)[number], string>;

/** An item as the JSON export writes it: exactly what the import takes back. */
export function toImportItem(r: LibraryRecord): LibraryImportItem {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    text: r.text,
    media: r.media,
    product: r.product,
    sellingPoint: r.sellingPoint,
    audienceTagIds: r.audienceTags.map((t) => t.id),
    validFrom: r.validFrom,
    validUntil: r.validUntil,
  };
}

/** An item as a CSV row: images one a line in their cell, tags by `|`, their names beside them for people. */
export function toCsvRow(r: LibraryRecord): CsvRow {
  const m = r.media;
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    text: r.text,
    images: m.type === 'images' ? m.images.join('\n') : '',
    link_title: m.type === 'link' ? m.link.title : '',
    link_url: m.type === 'link' ? m.link.url : '',
    link_img_url: m.type === 'link' ? (m.link.imgUrl ?? '') : '',
    video_url: m.type === 'video' ? m.video.url : '',
    product: r.product ?? '',
    selling_point: r.sellingPoint ?? '',
    audience_tag_ids: r.audienceTags.map((t) => t.id).join('|'),
    audience_tag_names: r.audienceTags.map((t) => t.name ?? '').join('|'),
    valid_from: r.validFrom,
    valid_until: r.validUntil ?? '',
  };
}

/** Kinds as people write them in a spreadsheet, besides the codes. */
const KIND_NAMES: Record<string, string> = { 产品: 'product', 生活: 'life', 品牌: 'brand' };

/**
 * A CSV file's rows as import items (unchecked: the import checks each against the contract), each with the line
 * it starts on. The header names the columns (any order; audience_tag_names is ignored); a spreadsheet's
 * byte-order mark and a formula guard (`'` before `=`, as the export writes it) are read back off.
 */
export function readLibraryCsv(csv: string): { line: number; item: Record<string, unknown> }[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, columns: true, skip_empty_lines: true, trim: false, info: true });
  } catch (error) {
    throw badRequest('invalid_import', `the CSV cannot be read: ${(error as Error).message}`);
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  for (const column of ['kind', 'title', 'valid_from'] as const) {
    if (records.length && !header.includes(column))
      throw badRequest('invalid_import', `the CSV has no ${column} column`);
  }
  // info.lines is the line the record ends on; it starts after the previous one ended.
  let previousEnd = 1;
  return records.map(({ record, info }) => {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    return { line, item: fromCsvRow(record) };
  });
}

function fromCsvRow(row: Record<string, string>): Record<string, unknown> {
  const cell = (key: string) => unguard(row[key] ?? '').trim();
  const orNull = (key: string) => cell(key) || null;
  const list = (key: string, separator: RegExp) =>
    cell(key)
      .split(separator)
      .map((s) => s.trim())
      .filter(Boolean);
  const images = list('images', /[\n\s]+/);
  const media: (MomentMedia | Record<string, unknown>)[] = [
    ...(images.length ? [{ type: 'images', images }] : []),
    ...(cell('link_url') || cell('link_title')
      ? [
          {
            type: 'link',
            link: {
              title: cell('link_title'),
              url: cell('link_url'),
              ...(cell('link_img_url') ? { imgUrl: cell('link_img_url') } : {}),
            },
          },
        ]
      : []),
    ...(cell('video_url') ? [{ type: 'video', video: { url: cell('video_url') } }] : []),
  ];
  return {
    ...(cell('id') ? { id: cell('id') } : {}),
    kind: KIND_NAMES[cell('kind')] ?? cell('kind'),
    title: cell('title'),
    text: unguard(row.text ?? '').trim(),
    // More than one kind of media is the contract's to refuse: an array is not a media object.
    media: media.length > 1 ? media : (media[0] ?? { type: 'none' }),
    product: orNull('product'),
    sellingPoint: orNull('selling_point'),
    audienceTagIds: list('audience_tag_ids', /[|,，\s]+/),
    validFrom: cell('valid_from'),
    validUntil: orNull('valid_until'),
  };
}

/** The export's formula guard (bot/http/presenters/csv-cell.ts) taken off again. */
const unguard = (value: string) =>
  /^'\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\t\r]/.test(value) ? value.slice(1) : value;
