import { createHash } from 'node:crypto';
import { Parser } from 'xml2js';
import { AppError } from '../errors';

/** A parsed XML element: text, a repeated element (array), or nested elements. Ids always stay strings. */
export type XmlValue = string | XmlValue[] | { [name: string]: XmlValue };
export type XmlFields = Record<string, XmlValue>;

// Callbacks never carry a DTD; refusing one up front rules out entity-expansion ("billion laughs") payloads.
const DTD = /<!(DOCTYPE|ENTITY)/i;

const PARSER_OPTIONS = {
  explicitArray: false,
  explicitRoot: false,
  ignoreAttrs: true,
  strict: true,
  trim: false,
  normalize: false,
  emptyTag: () => '',
};

/** Parses WeCom XML, with or without CDATA and in any element order. Values are never coerced to numbers. */
export async function parseWecomXml(xml: string): Promise<XmlFields> {
  if (DTD.test(xml)) {
    throw new AppError('callback_bad_xml', 'XML with a DOCTYPE or ENTITY declaration is refused', {
      status: 400,
    });
  }
  let parsed: unknown;
  try {
    // A parser per call: xml2js parsers keep state and a failed parse can leave it dirty.
    parsed = await new Parser(PARSER_OPTIONS).parseStringPromise(xml);
  } catch (cause) {
    throw new AppError('callback_bad_xml', 'body is not well-formed XML', { status: 400, cause });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('callback_bad_xml', 'XML has no <xml> element with children', { status: 400 });
  }
  return parsed as XmlFields;
}

/** The text of a top-level element, or undefined when absent or not text. */
export function textOf(fields: XmlFields, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every top-level element whose value is text, as a flat record (for columns and typed handlers). */
export function flattenText(fields: XmlFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * The idempotency key of a callback. Messages carry a 64-bit MsgId. Events carry no id at all, and
 * FromUserName+CreateTime collides for two adds in the same second (API.md §1.6; WxJava #2314, #3311), so an
 * event's key is a hash over every field it has: a WeCom re-delivery repeats all of them, two adds differ.
 */
export function dedupeKeyOf(fields: XmlFields): string {
  const msgId = textOf(fields, 'MsgId');
  if (msgId && textOf(fields, 'MsgType') !== 'event') return `msg:${msgId}`;
  return `evt:${createHash('sha256').update(canonicalJson(fields)).digest('hex')}`;
}

function canonicalJson(value: XmlValue): string {
  if (typeof value === 'string') return JSON.stringify(value.trim());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as XmlValue)}`).join(',')}}`;
}
