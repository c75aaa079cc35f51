import { digestText } from '../../bot/domain/follow-ups/send-reminder-digest';

describe('reminder digest text', () => {
  it('stays within WeCom’s 2048-byte limit, keeps the link and counts what it could not list', () => {
    const lines = Array.from(
      { length: 40 },
      (_, i) => `· 购后服务提醒：顾客${i}（11月23日 10:00起） 购后服务提醒（订单 PO${'9'.repeat(40)}${i}）`,
    );
    const text = digestText(lines, 'https://scrm.example.com/sidebar/');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
    expect(text).toContain('https://scrm.example.com/sidebar/');
    const listed = text.split('\n').filter((l) => l.startsWith('· ')).length;
    expect(listed).toBeGreaterThan(0);
    expect(text).toContain(`……还有 ${40 - listed} 项`);
    expect(text.startsWith('您有 40 项客户跟进待处理：')).toBe(true);
  });

  it('lists everything when it fits', () => {
    const text = digestText(['· 打招呼：甲', '· 7天互动：乙'], undefined);
    expect(text).toBe('您有 2 项客户跟进待处理：\n· 打招呼：甲\n· 7天互动：乙');
  });
});
