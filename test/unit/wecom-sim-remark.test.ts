import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { findRelation } from '../wecom-sim/state';
import { type WecomSimulator, startWecomSimulator } from '../wecom-sim/server';
import { createApiCaller } from '../wecom-sim/testing';

const WANG = DEMO_CORP.customers[0]!.externalUserid; // follows zhangsan

describe('WeCom simulator: externalcontact/remark (doc 92115)', () => {
  let sim: WecomSimulator;
  let call: ReturnType<typeof createApiCaller>;
  beforeEach(async () => {
    sim = await startWecomSimulator({});
    call = createApiCaller(sim);
  });
  afterEach(() => sim.stop());

  const remark = (body: object) =>
    call('externalcontact/remark', { body: { userid: 'zhangsan', external_userid: WANG, ...body } });
  const relation = () => findRelation(sim.state, 'zhangsan', WANG)!;

  it('sets the fields given and leaves the others', async () => {
    const before = relation().description;
    expect(await remark({ remark: '王姐' })).toMatchObject({ errcode: 0 });
    expect(relation()).toMatchObject({ remark: '王姐', description: before });
    expect(await remark({ description: '喜欢辣', remark_mobiles: ['13800000001'] })).toMatchObject({
      errcode: 0,
    });
    expect(relation()).toMatchObject({
      remark: '王姐',
      description: '喜欢辣',
      remarkMobiles: ['13800000001'],
    });
  });

  it('refuses, changing nothing: nothing to change, past the lengths, unknown member, customer or relation', async () => {
    await remark({ remark: '原来的' });
    const cases: [object, number][] = [
      [{}, 40058],
      [{ remark: '超'.repeat(21) }, 40058],
      [{ description: 'x'.repeat(151) }, 40058],
      [{ remark_company: 'x'.repeat(21) }, 40058],
      [{ remark: 12 }, 47001],
      [{ userid: 'nobody', remark: 'x' }, 60111],
      [{ external_userid: 'wm_nobody', remark: 'x' }, 40096],
    ];
    for (const [body, errcode] of cases) {
      expect({ body, errcode: (await remark(body)).errcode }).toEqual({ body, errcode });
    }
    // 20 characters as WeCom counts them (code points): an emoji is one.
    expect((await remark({ remark: '😀'.repeat(20) })).errcode).toBe(0);
    await remark({ remark: '原来的' });
    await sim.guideDeletesCustomer('zhangsan', WANG);
    expect((await remark({ remark: '删了' })).errcode).toBe(84061);
    expect(relation().remark).toBe('原来的');
  });
});
