import { stringify } from 'csv-stringify/sync';
import { BusinessDateTime, JsonObject, Text } from '../../bot/http/contract/common';
import { escapeCsvFormula } from '../../bot/http/presenters/csv-cell';

const messagesOf = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join('.') || '-'}: ${i.message}`);

describe('Text, the one string type of the API', () => {
  it('refuses U+0000 and lone surrogates, and keeps paired ones (emoji)', () => {
    expect(messagesOf(Text.safeParse('a\u0000b'))).toEqual(['-: must not contain U+0000 (NUL)']);
    for (const lone of ['\ud800x', 'x\udc00', '\udc00\ud800', '😀\ud83d']) {
      expect(messagesOf(Text.safeParse(lone))).toEqual([
        '-: must be valid Unicode (a lone UTF-16 surrogate)',
      ]);
    }
    expect(Text.safeParse('湖南腊肉 😀').success).toBe(true);
  });

  it('keeps the limits and trims chained onto it', () => {
    const Name = Text.trim().min(1).max(3);
    expect(Name.parse('  abc  ')).toBe('abc');
    expect(Name.safeParse('   ').success).toBe(false);
    expect(Name.safeParse('abcd').success).toBe(false);
  });
});

describe('JsonObject', () => {
  it('names the key or string, at any depth, that Text refuses', () => {
    const result = JsonObject.safeParse({
      link: { title: 'ok', url: 'a\u0000' },
      list: ['x', { ['k\ud800']: 1 }],
    });
    expect(messagesOf(result)).toEqual([
      'link.url: must not contain U+0000 (NUL)',
      'list.1.k\ud800: must be valid Unicode (a lone UTF-16 surrogate)',
    ]);
    expect(
      JsonObject.safeParse({ msgtype: 'image', image: { media_id: 'MEDIA', n: 1, ok: true } }).success,
    ).toBe(true);
  });

  it('refuses nesting deeper than it walks', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expect(JsonObject.safeParse(deep).error?.issues[0]?.message).toMatch(/nests more than/);
  });
});

describe('BusinessDateTime', () => {
  it.each([
    ['2000-01-01T00:00:00Z', '2000-01-01T00:00:00.000Z'],
    ['2000-01-01T08:00:00+08:00', '2000-01-01T00:00:00.000Z'],
    ['2099-12-31T23:59:59.999Z', '2099-12-31T23:59:59.999Z'],
    ['2100-01-01T07:59:59+08:00', '2099-12-31T23:59:59.000Z'],
  ])('accepts %s', (input, iso) => expect(BusinessDateTime.parse(input).toISOString()).toBe(iso));

  it.each([
    '1999-12-31T23:59:59.999Z',
    '2000-01-01T07:59:59+08:00',
    '2100-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59+08:00',
  ])('refuses %s as out of range', (input) =>
    expect(messagesOf(BusinessDateTime.safeParse(input))).toEqual([
      '-: must be between 2000-01-01 and 2100-01-01 (UTC)',
    ]),
  );

  it.each(['+275760-09-13T00:00:00Z', '2026-11-23 10:00', '2026-11-23T10:00:00', 'tomorrow'])(
    'refuses %s as not ISO 8601 with an offset',
    (input) => expect(BusinessDateTime.safeParse(input).success).toBe(false),
  );
});

describe('escapeCsvFormula', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['  =HYPERLINK("http://x")', `'  =HYPERLINK("http://x")`],
    [' \t+1', "' \t+1"],
    ['\u3000-1', "'\u3000-1"],
    ['\n@SUM(A1)', "'\n@SUM(A1)"],
    ['\uFF1D1', "'\uFF1D1"],
    ['\tplain', "'\tplain"],
    ['\rplain', "'\rplain"],
  ])('prefixes %j', (cell, escaped) => expect(escapeCsvFormula(cell)).toBe(escaped));

  it.each(['王小美', 'a=b', ' plain', 'mail@example.com', ''])('leaves %j as it is', (cell) =>
    expect(escapeCsvFormula(cell)).toBe(cell),
  );

  it('escapes text cells only, not numbers, as csv-stringify’s cast', () => {
    const csv = stringify([[' =1', -5]], { cast: { string: escapeCsvFormula } });
    expect(csv).toBe("' =1,-5\n");
  });
});
