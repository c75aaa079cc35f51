import { AppError } from '../../bot/errors';
import { dedupeKeyOf, flattenText, parseWecomXml, textOf } from '../../bot/wecom/callback-xml';

const ADD_CDATA = `<xml><ToUserName><![CDATA[ww6bfcfbc4a630f6f1]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>
<CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType>
<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>
<State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>`;

// The same event as the Python sample writes it: no CDATA, other element order.
const ADD_PLAIN =
  '<xml><ExternalUserID>woAJ2GCAAAXtWyujaWJHDDGi0mAAAA</ExternalUserID><ToUserName>ww6bfcfbc4a630f6f1</ToUserName>' +
  '<FromUserName>sys</FromUserName><CreateTime>1403610513</CreateTime><MsgType>event</MsgType>' +
  '<Event>change_external_contact</Event><ChangeType>add_external_contact</ChangeType><UserID>zhangsan</UserID>' +
  '<State>teststate</State><WelcomeCode>WELCOMECODE</WelcomeCode></xml>';

async function rejection(xml: string): Promise<string> {
  try {
    await parseWecomXml(xml);
    return 'parsed';
  } catch (error) {
    return error instanceof AppError ? error.code : 'other error';
  }
}

describe('callback XML', () => {
  it('parses the same fields with or without CDATA and in any element order', async () => {
    const a = flattenText(await parseWecomXml(ADD_CDATA));
    const b = flattenText(await parseWecomXml(ADD_PLAIN));
    expect(a).toEqual(b);
    expect(a.ChangeType).toBe('add_external_contact');
    expect(a.WelcomeCode).toBe('WELCOMECODE');
  });

  it('keeps a 64-bit MsgId and numeric-looking ids as exact strings', async () => {
    const fields = await parseWecomXml(
      '<xml><MsgType>text</MsgType><MsgId>4561255354251345929</MsgId><AgentID>1000002</AgentID><UserID>007</UserID></xml>',
    );
    expect(textOf(fields, 'MsgId')).toBe('4561255354251345929');
    expect(textOf(fields, 'UserID')).toBe('007');
  });

  it('reads repeated child elements such as MemChangeList as a list', async () => {
    const fields = await parseWecomXml(
      '<xml><Event>change_external_chat</Event><MemChangeList><Item>Jack</Item><Item>Rose</Item></MemChangeList></xml>',
    );
    expect(fields.MemChangeList).toEqual({ Item: ['Jack', 'Rose'] });
  });

  it('refuses entity declarations instead of expanding them', async () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><A>&lol2;</A></xml>';
    expect(await rejection(bomb)).toBe('callback_bad_xml');
  });

  it.each([
    ['truncated XML', '<xml><ToUserName>ww</ToUserName'],
    ['not XML', '{"encrypt":"abc"}'],
    ['an empty body', ''],
    ['mismatched tags', '<xml><A>1</B></xml>'],
  ])('rejects %s with a clear error', async (_label, xml) => {
    expect(await rejection(xml)).toBe('callback_bad_xml');
  });

  it('gives a WeCom re-delivery the same key whatever its formatting', async () => {
    expect(dedupeKeyOf(await parseWecomXml(ADD_CDATA))).toBe(dedupeKeyOf(await parseWecomXml(ADD_PLAIN)));
  });

  it('keeps two customers added to one guide in the same second apart', async () => {
    const other = ADD_CDATA.replace(
      'woAJ2GCAAAXtWyujaWJHDDGi0mAAAA',
      'woAJ2GCAAAXtWyujaWJHDDGi0mBBBB',
    ).replace('WELCOMECODE', 'WELCOMECODE2');
    expect(dedupeKeyOf(await parseWecomXml(ADD_CDATA))).not.toBe(dedupeKeyOf(await parseWecomXml(other)));
  });

  it('keeps tag callbacks of one console save apart by their Id', async () => {
    const tag = (id: string) =>
      `<xml><FromUserName>sys</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>change_external_tag</Event><Id>${id}</Id><TagType>tag</TagType><ChangeType>create</ChangeType></xml>`;
    expect(dedupeKeyOf(await parseWecomXml(tag('etA')))).not.toBe(
      dedupeKeyOf(await parseWecomXml(tag('etB'))),
    );
  });

  it('keys ordinary messages by MsgId', async () => {
    const fields = await parseWecomXml(
      '<xml><MsgType>text</MsgType><MsgId>4561255354251345929</MsgId></xml>',
    );
    expect(dedupeKeyOf(fields)).toBe('msg:4561255354251345929');
  });
});
