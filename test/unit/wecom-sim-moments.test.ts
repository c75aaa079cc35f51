// Issue #11: the simulator's Moments reads (API.md §3.6) and the actions tests use to make guides post.
import { DEMO_CORP } from '../wecom-sim/demo/demo-corp';
import { type WecomSimulator, startWecomSimulator } from '../wecom-sim/server';
import { createApiCaller } from '../wecom-sim/testing';

const WANG = DEMO_CORP.customers[0]!.externalUserid; // follows zhangsan
const T0 = Math.floor(new Date('2026-11-23T00:00:00+08:00').getTime() / 1000);
const HOUR = 3600;

describe('WeCom simulator: get_moment_list and get_moment_comments', () => {
  let sim: WecomSimulator;
  let call: ReturnType<typeof createApiCaller>;
  beforeEach(async () => {
    sim = await startWecomSimulator({});
    call = createApiCaller(sim);
  });
  afterEach(() => sim.stop());

  type Listed = {
    errcode: number;
    next_cursor: string;
    moment_list: { moment_id: string; creator: string }[];
  };
  const list = async (body: object) =>
    (await call('externalcontact/get_moment_list', { body })) as unknown as Listed;

  it('lists posts inside the open interval, 20 a page by cursor, by creator and kind, not deleted ones', async () => {
    const posted = Array.from({ length: 25 }, (_, i) =>
      sim.guidePostsMoment({ userid: 'zhangsan', text: `第${i}条`, createTime: T0 + (i + 1) * HOUR }),
    );
    const corp = sim.guidePostsMoment({ userid: 'lisi', createType: 0, createTime: T0 + 2 * HOUR });
    sim.guideDeletesMoment(posted[3]!.momentId);

    const first = await list({ start_time: T0, end_time: T0 + 30 * HOUR });
    expect(first).toMatchObject({ errcode: 0 });
    expect(first.moment_list).toHaveLength(20);
    expect(first.next_cursor).not.toBe('');
    const second = await list({ start_time: T0, end_time: T0 + 30 * HOUR, cursor: first.next_cursor });
    const all = [...first.moment_list, ...second.moment_list].map((m) => m.moment_id);
    expect(second.next_cursor).toBe('');
    expect(all).toHaveLength(25); // 25 posts + the corp's − the deleted one
    expect(all).not.toContain(posted[3]!.momentId);
    expect(all).toContain(corp.momentId);

    // Open interval: a post at exactly start_time or end_time is not in it.
    const edges = await list({ start_time: T0 + HOUR, end_time: T0 + 3 * HOUR, creator: 'zhangsan' });
    expect(edges.moment_list.map((m) => m.moment_id)).toEqual([posted[1]!.momentId]);
    // filter_type 0: the corp's posts, 1: the members' own.
    expect((await list({ start_time: T0, end_time: T0 + 30 * HOUR, filter_type: 0 })).moment_list).toEqual([
      expect.objectContaining({ moment_id: corp.momentId, create_type: 0 }),
    ]);
    const own = await list({ start_time: T0, end_time: T0 + 3 * HOUR, filter_type: 1 });
    expect(own.moment_list.map((m) => m.creator)).toEqual(['zhangsan', 'zhangsan']);
    expect(own.moment_list[0]).toMatchObject({ text: { content: '第0条' }, visible_type: 1 });
  });

  it('refuses a window over 30 days, a reversed or missing one, and a limit over 20', async () => {
    for (const body of [
      { start_time: T0, end_time: T0 + 30 * 24 * HOUR + 1 },
      { start_time: T0, end_time: T0 },
      { end_time: T0 },
      { start_time: T0, end_time: T0 + HOUR, limit: 21 },
      { start_time: T0, end_time: T0 + HOUR, filter_type: 3 },
    ]) {
      expect({ body, errcode: (await list(body)).errcode }).toEqual({ body, errcode: 40058 });
    }
    expect((await list({ start_time: T0, end_time: T0 + 30 * 24 * HOUR })).errcode).toBe(0);
    expect((await list({ start_time: 'yesterday', end_time: T0 })).errcode).toBe(47001);
  });

  it('gives a post’s likes and comments by who, and 41059, 41060 and 41061 as WeCom does', async () => {
    const post = sim.guidePostsMoment({ userid: 'zhangsan', text: '今天的腊肉' });
    sim.customerReactsToMoment(post.momentId, WANG, 'like');
    sim.customerReactsToMoment(post.momentId, WANG, 'comment');
    const comments = (body: object) => call('externalcontact/get_moment_comments', { body });
    expect(await comments({ moment_id: post.momentId, userid: 'zhangsan' })).toMatchObject({
      errcode: 0,
      like_list: [{ external_userid: WANG, create_time: expect.any(Number) }],
      comment_list: [{ external_userid: WANG, create_time: expect.any(Number) }],
    });
    expect((await comments({ userid: 'zhangsan' })).errcode).toBe(41059);
    expect((await comments({ moment_id: 'mom_nope', userid: 'zhangsan' })).errcode).toBe(41060);
    expect((await comments({ moment_id: post.momentId, userid: 'lisi' })).errcode).toBe(41061);
    sim.guideDeletesMoment(post.momentId);
    expect((await comments({ moment_id: post.momentId, userid: 'zhangsan' })).errcode).toBe(41060);
  });

  it('lets the CLI’s admin routes make a guide post, a customer like it, and the guide delete it', async () => {
    const admin = async (path: string, body?: object) => {
      const res = await fetch(`${sim.url}/__sim${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const posted = await admin('/moments', { userid: 'zhangsan', text: '雨后的梅溪湖' });
    const { momentId } = posted.body.moment as { momentId: string };
    expect(
      (await admin(`/moments/${momentId}/react`, { externalUserid: WANG, reaction: 'like' })).status,
    ).toBe(200);
    expect(sim.state.moments.find((m) => m.momentId === momentId)?.likes).toHaveLength(1);
    expect((await admin(`/moments/${momentId}/delete`, {})).status).toBe(200);
    // A post that is gone, or a guide WeCom does not know: a 400 saying why.
    expect((await admin(`/moments/${momentId}/delete`, {})).status).toBe(400);
    expect((await admin('/moments', { userid: 'nobody' })).status).toBe(400);
  });
});

describe('WeCom simulator: enterprise Moments (upload_attachment, add_moment_task and its results)', () => {
  let sim: WecomSimulator;
  let call: ReturnType<typeof createApiCaller>;
  beforeEach(async () => {
    sim = await startWecomSimulator({});
    call = createApiCaller(sim);
  });
  afterEach(() => sim.stop());

  /** A multipart upload as a client sends it (the caller above speaks JSON only). */
  const upload = async (query: Record<string, string>, bytes = 100) => {
    const { corpId, corpSecret } = sim.state.corp;
    const tokenReply = (await (
      await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${corpId}&corpsecret=${corpSecret}`)
    ).json()) as { access_token: string };
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'a.png');
    const params = new URLSearchParams({ access_token: tokenReply.access_token, ...query });
    const res = await fetch(`${sim.url}/cgi-bin/media/upload_attachment?${params.toString()}`, {
      method: 'POST',
      body: form,
    });
    return (await res.json()) as { errcode: number; media_id?: string; type?: string };
  };
  const task = (body: object) => call('externalcontact/add_moment_task', { body });

  it('takes Moments attachments only from upload_attachment, one kind a post, and refuses the rest', async () => {
    const image = await upload({ media_type: 'image', attachment_type: '1' });
    expect(image).toMatchObject({ errcode: 0, type: 'image' });
    expect((await upload({ media_type: 'voice', attachment_type: '1' })).errcode).toBe(40004);
    expect((await upload({ media_type: 'image', attachment_type: '3' })).errcode).toBe(40058);
    expect((await upload({ media_type: 'image', attachment_type: '1' }, 0)).errcode).toBe(40009);
    const album = await upload({ media_type: 'image', attachment_type: '2' });
    const img = (id: string) => ({ msgtype: 'image', image: { media_id: id } });
    // A temporary media id (or a product-album one) is refused with 40007.
    expect((await task({ attachments: [img('3tempMediaFromMediaUpload')] })).errcode).toBe(40007);
    expect((await task({ attachments: [img(album.media_id!)] })).errcode).toBe(40007);
    const link = { msgtype: 'link', link: { title: '做法', url: 'https://h5.example.com/a' } };
    expect((await task({ attachments: [img(image.media_id!), link] })).errcode).toBe(40058);
    expect((await task({ attachments: Array(10).fill(img(image.media_id!)) })).errcode).toBe(40058);
    expect((await task({ text: { content: '好'.repeat(2001) } })).errcode).toBe(40058);
    expect((await task({})).errcode).toBe(44004);
    const ok = await task({ text: { content: '新品' }, attachments: [img(image.media_id!)] });
    expect(ok).toMatchObject({ errcode: 0, jobid: expect.any(String) });
  });

  it('follows a task: its result, each sender’s publish status, and whom it reached once published', async () => {
    const { jobid } = (await task({
      text: { content: '新品' },
      visible_range: {
        sender_list: { user_list: ['zhangsan', 'nobody'] },
        external_contact_list: { tag_list: ['et_nope'] },
      },
    })) as { jobid: string };
    const result = (await call('externalcontact/get_moment_task_result', { query: { jobid } })) as {
      status: number;
      result: {
        moment_id: string;
        invalid_sender_list: { user_list: string[] };
        invalid_external_contact_list: { tag_list: string[] };
      };
    };
    expect(result.status).toBe(3);
    expect(result.result.invalid_sender_list.user_list).toEqual(['nobody']);
    expect(result.result.invalid_external_contact_list.tag_list).toEqual(['et_nope']);
    const momentId = result.result.moment_id;
    expect(await call('externalcontact/get_moment_task', { body: { moment_id: momentId } })).toMatchObject({
      task_list: [{ userid: 'zhangsan', publish_status: 0 }],
    });
    const sendResult = (userid: string) =>
      call('externalcontact/get_moment_send_result', { body: { moment_id: momentId, userid } });
    expect((await sendResult('zhangsan')).errcode).toBe(41062);
    sim.memberPublishesMomentTask(momentId, 'zhangsan');
    const reached = (await sendResult('zhangsan')) as { customer_list: unknown[] };
    expect(reached.customer_list.length).toBe(
      sim.state.relations.filter((r) => r.userid === 'zhangsan' && r.status === 'active').length,
    );
    expect((await call('externalcontact/get_moment_task', { body: {} })).errcode).toBe(41059);
    expect((await call('externalcontact/get_moment_task', { body: { moment_id: 'nope' } })).errcode).toBe(
      41060,
    );
    expect((await call('externalcontact/get_moment_task_result', { query: { jobid: 'nope' } })).errcode).toBe(
      40058,
    );
  });

  it('creates at most 10 tasks a minute (45009 after)', async () => {
    sim.setNow(() => 1_800_000_000_000);
    for (let i = 0; i < 10; i += 1) expect((await task({ text: { content: `第${i}条` } })).errcode).toBe(0);
    expect((await task({ text: { content: '第11条' } })).errcode).toBe(45009);
  });
});
