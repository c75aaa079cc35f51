import { createScript } from '../../bot/domain/scripts/create-script';
import { listScripts } from '../../bot/domain/scripts/list-scripts';
import { ALLOWED, REFUSED, type SidebarWorld, createSidebarWorld } from '../factories/sidebar-world';
import { type TestContext, domainDeps, startTestContext } from '../helpers/harness';
import { staff } from '../helpers/integration-client';

interface ScriptJson {
  id: string;
  kind: string;
  category: string;
  title: string;
  content: string;
  link: { title: string; desc: string | null; url: string; imgUrl: string | null } | null;
  keywords: string[];
}

// Its own database: the list and its categories are corp-wide.
describe('scripts and materials (/scripts)', () => {
  let ctx: TestContext;
  let world: SidebarWorld;
  beforeAll(async () => {
    ctx = await startTestContext({ isolatedDatabase: true });
    world = await createSidebarWorld(ctx, '王$&小美');
  });
  afterAll(() => ctx.close());

  const api = () => staff(ctx.app);
  const list = async (query = '') => {
    const res = await api().get(`/api/v1/scripts${query}`);
    expect(res.status).toBe(200);
    return res.body as { scripts: ScriptJson[]; categories: string[]; nextCursor: string | null };
  };

  it('lets HQ create, change and delete scripts, and everyone read them newest first', async () => {
    const text = await api()
      .post('/api/v1/scripts')
      .send({
        kind: 'text',
        category: '开场',
        title: '初次问候',
        content: '{客户}您好，我是{导购}',
        keywords: ['问候', '问候', '新客'],
      });
    expect(text.status).toBe(201);
    expect(text.body.script).toMatchObject({
      kind: 'text',
      category: '开场',
      content: '{客户}您好，我是{导购}',
      keywords: ['问候', '新客'],
      link: null,
    });
    const link = await api()
      .post('/api/v1/scripts')
      .send({
        kind: 'link',
        category: '活动',
        title: '双十二会员日',
        link: {
          title: '{客户}的专属券',
          url: 'https://shop.example.com/1212',
          imgUrl: 'https://img.example.com/a.png',
        },
      });
    expect(link.status).toBe(201);
    expect(link.body.script).toMatchObject({
      kind: 'link',
      content: '',
      link: {
        title: '{客户}的专属券',
        desc: null,
        url: 'https://shop.example.com/1212',
        imgUrl: 'https://img.example.com/a.png',
      },
    });

    const page = await list();
    expect(page.scripts.map((s) => s.id)).toEqual([link.body.script.id, text.body.script.id]);
    expect(page.categories.sort()).toEqual(['开场', '活动'].sort());

    const changed = await api()
      .patch(`/api/v1/scripts/${text.body.script.id}`)
      .send({ title: '问候', keywords: ['欢迎'] });
    expect(changed.status).toBe(200);
    expect(changed.body.script).toMatchObject({
      title: '问候',
      keywords: ['欢迎'],
      content: '{客户}您好，我是{导购}',
    });
    expect((await api().delete(`/api/v1/scripts/${link.body.script.id}`)).status).toBe(204);
    expect((await api().delete(`/api/v1/scripts/${link.body.script.id}`)).status).toBe(404);
    expect((await list()).scripts.map((s) => s.id)).toEqual([text.body.script.id]);
  });

  it('finds scripts by keyword in title, content or keywords, and by category', async () => {
    const hq = world.actors.hq;
    const deps = domainDeps(ctx);
    const made = {
      byTitle: await createScript(deps, hq, {
        kind: 'text',
        category: '售后',
        title: '辣度推荐',
        content: '试试我们的特辣款',
        keywords: [],
      }),
      byContent: await createScript(deps, hq, {
        kind: 'text',
        category: '售后',
        title: '回访',
        content: '这款剁椒很下饭',
        keywords: [],
      }),
      byKeyword: await createScript(deps, hq, {
        kind: 'text',
        category: '新品',
        title: '上新',
        content: '新品到店',
        keywords: ['湖南特产'],
      }),
      percent: await createScript(deps, hq, {
        kind: 'text',
        category: '新品',
        title: '满100减20%',
        content: '限时',
        keywords: [],
      }),
    };
    const ids = async (query: string) => (await list(query)).scripts.map((s) => s.id).sort();
    expect(await ids(`?q=${encodeURIComponent('辣')}`)).toEqual([made.byTitle.id].sort());
    expect(await ids(`?q=${encodeURIComponent('剁椒')}`)).toEqual([made.byContent.id]);
    expect(await ids(`?q=${encodeURIComponent('特产')}`)).toEqual([made.byKeyword.id]);
    // `%` and `_` are literal, not patterns.
    expect(await ids(`?q=${encodeURIComponent('%')}`)).toEqual([made.percent.id]);
    expect(await ids(`?q=${encodeURIComponent('_')}`)).toEqual([]);
    expect(await ids(`?category=${encodeURIComponent('售后')}`)).toEqual(
      [made.byTitle.id, made.byContent.id].sort(),
    );
    expect(await ids(`?category=${encodeURIComponent('新品')}&q=${encodeURIComponent('上新')}`)).toEqual([
      made.byKeyword.id,
    ]);
    // An empty filter is no filter.
    expect((await list('?q=&category=')).scripts.length).toBeGreaterThanOrEqual(4);
  });

  it('pages newest first with a cursor, each script once', async () => {
    const all = (await list('?limit=100')).scripts.map((s) => s.id);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await list(`?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      seen.push(...page.scripts.map((s) => s.id));
      after = page.nextCursor;
    } while (after);
    expect(seen).toEqual(all);
    expect((await api().get('/api/v1/scripts?after=bm9wZQ')).body.error.code).toBe('bad_cursor');
  });

  it('fills the placeholders for a relation the actor may see, and 404s one they may not', async () => {
    const hq = world.actors.hq;
    const deps = domainDeps(ctx);
    const card = await createScript(deps, hq, {
      kind: 'link',
      category: '占位',
      title: '卡片',
      content: '{客户}，{导购}给您留了券',
      link: { title: '{客户}专享', desc: '{导购}推荐', url: 'https://shop.example.com/x' },
      keywords: [],
    });
    const query = { category: '占位', relationId: world.relation.id, limit: 10 };
    for (const who of ALLOWED) {
      const [filled] = (await listScripts(deps, world.actors[who], query)).scripts;
      // A name holding `$&` is inserted as written.
      expect(filled).toMatchObject({
        id: card.id,
        content: `王$&小美，${world.guide.name}给您留了券`,
        link: { title: '王$&小美专享', desc: `${world.guide.name}推荐` },
      });
    }
    for (const who of REFUSED) {
      await expect(listScripts(deps, world.actors[who], query)).rejects.toMatchObject({
        status: 404,
        code: 'relation_not_found',
      });
      // Without a relation every member of staff reads the scripts as written.
      const [plain] = (await listScripts(deps, world.actors[who], { category: '占位', limit: 10 })).scripts;
      expect(plain?.content).toBe('{客户}，{导购}给您留了券');
    }
    await ctx.services.db.guideCustomer.update({
      where: { id: world.relation.id },
      data: { remark: '小美' },
    });
    const viaRoute = await list(`?category=${encodeURIComponent('占位')}&relationId=${world.relation.id}`);
    expect(viaRoute.scripts[0]?.content).toBe(`小美，${world.guide.name}给您留了券`);
  });

  it('lets only HQ manage scripts', async () => {
    const deps = domainDeps(ctx);
    const draft = { kind: 'text' as const, category: '开场', title: 'x', content: 'y', keywords: [] };
    for (const who of ['guide', 'peer', 'manager'] as const) {
      await expect(createScript(deps, world.actors[who], draft)).rejects.toMatchObject({
        status: 403,
        code: 'forbidden',
      });
    }
  });

  it('refuses bad scripts and unknown ids with a clear 4xx, changing nothing', async () => {
    const before = (await list('?limit=100')).scripts.length;
    const post = (body: object) => api().post('/api/v1/scripts').send(body);
    const base = { kind: 'text', category: '开场', title: '标题', content: '内容' };
    for (const body of [
      { ...base, content: '' },
      { ...base, kind: 'link' },
      { ...base, kind: 'link', link: { title: 't', url: 'javascript:alert(1)' } },
      { ...base, kind: 'link', link: { title: 't', url: 'ftp://x.example.com/' } },
      { ...base, title: 'a\u0000b' },
      { ...base, content: 'a\ud800b' },
      { ...base, title: 'x'.repeat(61) },
      { ...base, keywords: ['x'.repeat(21)] },
      { ...base, kind: 'voice' },
      { ...base, unknown: true },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(400);
    }
    const textWithCard = await post({ ...base, link: { title: 't', url: 'https://x.example.com/' } });
    expect(textWithCard.status).toBe(400);
    expect(textWithCard.body.error.code).toBe('invalid_script');
    expect((await list('?limit=100')).scripts.length).toBe(before);

    const text = (await post(base)).body.script as ScriptJson;
    const emptied = await api().patch(`/api/v1/scripts/${text.id}`).send({ content: '' });
    expect(emptied.status).toBe(400);
    expect(emptied.body.error.code).toBe('invalid_script');
    expect((await api().patch(`/api/v1/scripts/${text.id}`).send({})).status).toBe(400);
    expect((await api().patch(`/api/v1/scripts/${text.id}`).send({ kind: 'link' })).status).toBe(400);
    const unknown = await api()
      .patch('/api/v1/scripts/00000000-0000-4000-8000-000000000000')
      .send({ title: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('script_not_found');
    expect((await api().delete('/api/v1/scripts/nope')).status).toBe(400);
    expect((await api().get('/api/v1/scripts?relationId=nope')).status).toBe(400);
    expect((await api().get('/api/v1/scripts?limit=0')).status).toBe(400);
    expect(
      (await list(`?category=${encodeURIComponent('开场')}`)).scripts.find((s) => s.id === text.id)?.content,
    ).toBe('内容');
  });
});
