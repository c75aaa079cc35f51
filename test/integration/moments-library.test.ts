// Issue #11, HQ's Moments content library (朋友圈素材库): items of kind product, life or brand with text, media,
// the product and its selling point, audience tags and a validity period; managed by HQ, read by store managers,
// exported and imported as CSV and JSON (all or nothing), and refused with a 4xx that changes nothing.
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { createTag } from '../factories/group-world';
import { type SidebarWorld, createSidebarWorld, signInStoreManager } from '../factories/sidebar-world';
import { type TestContext, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';
import { signIn } from '../helpers/sign-in';

interface Item {
  id: string;
  kind: string;
  title: string;
  text: string;
  media: { type: string };
  audienceTags: { id: string; name: string | null }[];
  archived: boolean;
  validFrom: string;
  validUntil: string | null;
}

const PRODUCT = {
  kind: 'product',
  title: '腊肉上新',
  text: '今年的腊肉，柴火慢熏四十天，切片就能蒸。',
  media: {
    type: 'images',
    images: ['https://img.example.com/larou-1.jpg', 'https://img.example.com/larou-2.jpg'],
  },
  product: '湘西腊肉',
  sellingPoint: '柴火慢熏四十天',
  validFrom: '2026-11-01',
  validUntil: '2026-12-31',
};

describe('the Moments library (/api/v1/moments/library)', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  let guideCookie = '';
  let managerCookie = '';
  let tag: { wecomTagId: string; name: string };

  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    world = await createSidebarWorld(ctx);
    guideCookie = await signIn(ctx.app, ctx.sim, world.guide.userid);
    managerCookie = await signInStoreManager(ctx, world, 'manager');
    tag = await createTag(ctx.services.db, '爱吃辣');
  });
  afterAll(() => ctx.close());

  const as = (cookie: string | null) => {
    const agent = request(ctx.app.callback());
    const auth = <T extends request.Test>(req: T) => (cookie ? req.set('cookie', cookie) : req);
    return cookie
      ? {
          get: (path: string) => auth(agent.get(`/api/v1/moments/library${path}`)),
          post: (path: string) => auth(agent.post(`/api/v1/moments/library${path}`)),
          patch: (path: string) => auth(agent.patch(`/api/v1/moments/library${path}`)),
        }
      : {
          get: (path: string) => staff(ctx.app).get(`/api/v1/moments/library${path}`),
          post: (path: string) => staff(ctx.app).post(`/api/v1/moments/library${path}`),
          patch: (path: string) => staff(ctx.app).patch(`/api/v1/moments/library${path}`),
        };
  };
  const hq = () => as(null);
  const count = () => ctx.services.db.momentLibraryItem.count();

  it('lets HQ add, change, archive and restore an item, and store managers read it', async () => {
    const created = await hq()
      .post('')
      .send({ ...PRODUCT, audienceTagIds: [tag.wecomTagId] });
    expect(created.status).toBe(201);
    const item = created.body as Item;
    expect(item).toMatchObject({ kind: 'product', archived: false, validUntil: '2026-12-31' });
    expect(item.audienceTags).toEqual([{ id: tag.wecomTagId, name: '爱吃辣' }]);

    const changed = await hq().patch(`/${item.id}`).send({ title: '腊肉上新（冬）', validUntil: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ title: '腊肉上新（冬）', validUntil: null, product: '湘西腊肉' });

    const listed = await as(managerCookie).get('?kind=product');
    expect(listed.status).toBe(200);
    expect((listed.body.items as Item[]).map((i) => i.id)).toContain(item.id);
    expect(listed.body.page).toMatchObject({ page: 1, total: 1 });

    expect((await hq().post(`/${item.id}/archive`)).body.archived).toBe(true);
    expect(((await hq().get('')).body.items as Item[]).map((i) => i.id)).not.toContain(item.id);
    expect(((await hq().get('?status=archived')).body.items as Item[]).map((i) => i.id)).toEqual([item.id]);
    expect((await hq().post(`/${item.id}/restore`)).body.archived).toBe(false);
  });

  it('lists only what is valid today under status=current, searching title, text and product', async () => {
    const past = await hq().post('').send({
      kind: 'life',
      title: '国庆出游',
      text: '十一去了凤凰古城',
      validFrom: '2026-10-01',
      validUntil: '2026-10-07',
    });
    expect(past.status).toBe(201);
    const ids = async (query: string) => ((await hq().get(query)).body.items as Item[]).map((i) => i.title);
    expect(await ids('?status=current')).not.toContain('国庆出游');
    expect(await ids('?status=all')).toContain('国庆出游');
    expect(await ids('?q=凤凰')).toEqual(['国庆出游']);
    expect(await ids('?q=湘西&status=current')).toEqual(['腊肉上新（冬）']);
  });

  it('refuses a guide, a store manager’s write, and every malformed item with a 4xx, changing nothing', async () => {
    const before = await count();
    expect((await as(guideCookie).get('')).status).toBe(403);
    expect((await as(managerCookie).post('').send(PRODUCT)).status).toBe(403);
    const bad: object[] = [
      { ...PRODUCT, product: null }, // a product item names its product
      { ...PRODUCT, sellingPoint: '' },
      { ...PRODUCT, text: '', media: { type: 'none' } },
      { ...PRODUCT, text: '好'.repeat(2001) },
      { ...PRODUCT, media: { type: 'images', images: Array(10).fill('https://img.example.com/a.jpg') } },
      { ...PRODUCT, media: { type: 'images', images: ['javascript:alert(1)'] } },
      { ...PRODUCT, media: { type: 'link', link: { title: '标'.repeat(22), url: 'https://a.example.com' } } },
      { ...PRODUCT, media: { type: 'video', video: { url: 'https://v.example.com/a.mp4' }, images: [] } },
      { ...PRODUCT, validFrom: '2026-02-30' },
      { ...PRODUCT, validUntil: '2026-10-01' },
      { ...PRODUCT, kind: 'ad' },
      { ...PRODUCT, title: 'a\u0000b' },
      { ...PRODUCT, extra: true },
    ];
    for (const body of bad) expect((await hq().post('').send(body)).status).toBe(400);
    const unknownTag = await hq()
      .post('')
      .send({ ...PRODUCT, audienceTagIds: ['et_nope'] });
    expect(unknownTag.status).toBe(400);
    expect(unknownTag.body.error.code).toBe('bad_tag');
    expect(await count()).toBe(before);
    const [item] = (await hq().get('?kind=product')).body.items as Item[];
    const emptied = await hq().patch(`/${item!.id}`).send({ sellingPoint: null });
    expect(emptied.status).toBe(400);
    expect(emptied.body.error.code).toBe('invalid_library_item');
    expect((await hq().patch('/00000000-0000-4000-8000-000000000000').send({ title: 'x' })).status).toBe(404);
    expect((await hq().patch(`/${item!.id}`).send({})).status).toBe(400);
  });

  it('exports CSV that Excel opens safely and that imports back as it was, twice adding nothing twice', async () => {
    await hq()
      .post('')
      .send({ kind: 'brand', title: '=HYPERLINK("http://evil")', text: '周年庆', validFrom: '2026-11-01' });
    const csv = await hq().get('/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const rows = parse<Record<string, string>>(csv.text, { bom: true, columns: true });
    const brand = rows.find((r) => r.kind === 'brand')!;
    expect(brand.title).toBe(`'=HYPERLINK("http://evil")`);
    const larou = rows.find((r) => r.kind === 'product')!;
    expect(larou.images!.split('\n')).toEqual(PRODUCT.media.images);
    expect(larou.audience_tag_names).toBe('爱吃辣');

    const before = await count();
    const again = await hq().post('/import').send({ format: 'csv', csv: csv.text });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: 0, updated: rows.length });
    expect(await count()).toBe(before);
    const back = (await hq().get('?q=HYPERLINK')).body.items as Item[];
    expect(back.map((i) => i.title)).toEqual(['=HYPERLINK("http://evil")']);

    // A spreadsheet of HQ's own: no ids, kinds in Chinese, two tags, a link card.
    const own = [
      'kind,title,text,link_title,link_url,product,selling_point,audience_tag_ids,valid_from',
      `产品,剁椒酱,"自家剁椒，
拌面一勺",剁椒酱做法,https://h5.example.com/duojiao,剁椒酱,现剁现腌,${tag.wecomTagId},2026-12-01`,
      '生活,周末爬山,岳麓山的枫叶红了,,,,,,2026-12-01',
    ].join('\n');
    const imported = await hq().post('/import').send({ format: 'csv', csv: own });
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ created: 2, updated: 0 });
    const duojiao = ((await hq().get('?q=剁椒')).body.items as Item[])[0]!;
    expect(duojiao).toMatchObject({ kind: 'product', text: '自家剁椒，\n拌面一勺', media: { type: 'link' } });
  });

  it('round-trips JSON, and refuses a whole import for one bad row, naming each row', async () => {
    const json = await hq().get('/export.json');
    expect(json.status).toBe(200);
    const items = json.body.items as (Item & { audienceTagIds: string[] })[];
    expect(items.length).toBe(await count());
    const back = await hq()
      .post('/import')
      .send({ format: 'json', items: items.map((i) => ({ ...i, title: `${i.title}！` })) });
    expect(back.body).toEqual({ created: 0, updated: items.length });
    expect(((await hq().get('?q=周末爬山')).body.items as Item[])[0]!.title).toBe('周末爬山！');

    const before = await ctx.services.db.momentLibraryItem.findMany({ orderBy: { id: 'asc' } });
    const refused = await hq()
      .post('/import')
      .send({
        format: 'json',
        items: [
          { kind: 'life', title: '好的', text: '好', validFrom: '2026-12-01' },
          { kind: 'product', title: '缺卖点', text: '好', product: '腊肉', validFrom: '2026-12-01' },
          { kind: 'life', title: '怪标签', text: '好', validFrom: '2026-12-01', audienceTagIds: ['et_nope'] },
          { ...items[0], title: '重复' },
          { ...items[0], title: '重复二' },
        ],
      });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_import');
    expect(refused.body.error.message).toMatch(/item 2: .*selling point/);
    expect(refused.body.error.message).toMatch(/item 3: no corp tag et_nope/);
    expect(refused.body.error.message).toMatch(/item 5: id .* is also item 4's/);
    expect(refused.body.error.message).not.toMatch(/item 1:/);
    const badCsv = await hq()
      .post('/import')
      .send({ format: 'csv', csv: 'kind,title,valid_from\nlife,好,2026-12-01\nlife,,2026-12-01\n' });
    expect(badCsv.status).toBe(400);
    expect(badCsv.body.error.message).toMatch(/line 3: title/);
    for (const body of [
      { format: 'csv', csv: 'title\n好' }, // no kind column
      { format: 'csv', csv: 'kind,title,valid_from\n"life,好' }, // an unclosed quote
      { format: 'xml', csv: '<a/>' },
      { format: 'json', items: [] },
    ]) {
      expect((await hq().post('/import').send(body)).status).toBe(400);
    }
    expect((await as(managerCookie).post('/import').send({ format: 'json', items })).status).toBe(403);
    expect(await ctx.services.db.momentLibraryItem.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });
});
