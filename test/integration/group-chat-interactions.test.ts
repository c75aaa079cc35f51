import { randomBytes } from 'node:crypto';
import { handleEvent } from '../../bot/domain/events/handle-event';
import { type TestContext, addTestGuide, domainDeps, startTestContext, waitFor } from '../helpers/harness';

describe('group chats (客户群) as interactions', () => {
  let ctx: TestContext;
  beforeAll(async () => (ctx = await startTestContext()));
  afterAll(() => ctx.close());

  const followUpsOf = (externalUserid: string) =>
    ctx.services.db.followUp.findMany({ where: { customer: { externalUserid } }, orderBy: { kind: 'asc' } });
  const chatInteractionsOf = (externalUserid: string) =>
    ctx.services.db.interaction.findMany({ where: { customer: { externalUserid }, source: 'GROUP_CHAT' } });
  /** A customer added with a welcome: only the 7-day interaction follow-up is owed. */
  async function newCustomerOf(guide: string) {
    const name = `顾客${randomBytes(2).toString('hex')}`;
    const { externalUserid } = await ctx.sim.addCustomer({ userid: guide, name });
    await waitFor(async () => (await followUpsOf(externalUserid)).length === 1);
    return externalUserid;
  }
  /** The stored add_member callback of this chat (the newest one). */
  const joinEventOf = (chatId: string) =>
    waitFor(
      async () =>
        (await ctx.services.db.callbackEvent.findFirst({
          where: { chatId, status: 'PROCESSED', fields: { path: ['UpdateDetail'], equals: 'add_member' } },
          orderBy: { receivedAt: 'desc' },
        })) ?? undefined,
    );

  it('records a customer joining the guide’s group as an interaction and closes the 7-day follow-up', async () => {
    const guide = addTestGuide(ctx.sim);
    const customer = await newCustomerOf(guide);
    const { chatId } = await ctx.sim.createGroupChat({ owner: guide, name: '湖南特产爱好者群' });
    await ctx.sim.customerJoinsGroup(chatId, { id: customer, how: 'qrcode' });

    // Closed by the join (recordInteraction writes the interaction, then closes what it meets).
    const [followUp] = await waitFor(async () => {
      const rows = await followUpsOf(customer);
      return rows[0]?.status === 'DONE' ? rows : undefined;
    });
    expect(followUp).toMatchObject({ kind: 'INTERACTION', status: 'DONE' });
    expect(followUp!.statusReason).toContain('GROUP_CHAT');
    const member = ctx.sim.state.groupChats
      .find((c) => c.chatId === chatId)!
      .members.find((m) => m.userid === customer)!;
    expect(await chatInteractionsOf(customer)).toEqual([
      expect.objectContaining({
        externalId: `${chatId}:${customer}:${member.joinTime}`,
        occurredAt: new Date(member.joinTime * 1000),
      }),
    ]);

    // The same callback handled again (a retried job) records nothing more.
    const outcome = await handleEvent(domainDeps(ctx), await joinEventOf(chatId));
    expect(outcome).toContain('0 interaction(s) recorded, 1 already');
    expect(await chatInteractionsOf(customer)).toHaveLength(1);
  });

  it('records nothing for someone who is not a customer of the group’s owner', async () => {
    const guide = addTestGuide(ctx.sim);
    await newCustomerOf(guide); // so the guide is known
    const { chatId } = await ctx.sim.createGroupChat({ owner: guide });
    const { memberId } = await ctx.sim.customerJoinsGroup(chatId, { name: '路人' });
    const event = await joinEventOf(chatId);
    expect(await handleEvent(domainDeps(ctx), event)).toContain("1 not the owner's customers");
    expect(await ctx.services.db.interaction.count({ where: { externalId: { startsWith: chatId } } })).toBe(
      0,
    );
    expect(memberId).toMatch(/^w/);
  });

  it('finishes at once when WeCom says the group is gone, and retries a passing failure', async () => {
    const guide = addTestGuide(ctx.sim);
    const [first, second] = [await newCustomerOf(guide), await newCustomerOf(guide)];
    const { chatId } = await ctx.sim.createGroupChat({ owner: guide });

    ctx.sim.failNext('externalcontact/groupchat/get', 49008);
    await ctx.sim.customerJoinsGroup(chatId, { id: first });
    const gone = await joinEventOf(chatId);
    expect(gone).toMatchObject({ attempts: 1, error: null });
    expect(await chatInteractionsOf(first)).toHaveLength(0);

    await new Promise((r) => setTimeout(r, 1100)); // a later CreateTime, so the second join is its own event
    ctx.sim.failNext('externalcontact/groupchat/get', -1);
    await ctx.sim.customerJoinsGroup(chatId, { id: second });
    // Failed once (-1 is worth retrying), then done on Bull's retry.
    const retried = await waitFor(
      async () =>
        (await ctx.services.db.callbackEvent.findFirst({
          where: { chatId, status: 'PROCESSED', attempts: 2 },
        })) ?? undefined,
    );
    expect(retried.fields).toMatchObject({ UpdateDetail: 'add_member' });
    expect(await chatInteractionsOf(second)).toHaveLength(1);
  });

  it('stores other group changes without acting on them', async () => {
    const guide = addTestGuide(ctx.sim);
    const customer = await newCustomerOf(guide);
    const { chatId } = await ctx.sim.createGroupChat({ owner: guide, members: [customer] });
    await ctx.sim.customerLeavesGroup(chatId, customer);
    const left = await waitFor(
      async () =>
        (await ctx.services.db.callbackEvent.findFirst({
          where: { chatId, status: 'PROCESSED', fields: { path: ['UpdateDetail'], equals: 'del_member' } },
        })) ?? undefined,
    );
    expect(await handleEvent(domainDeps(ctx), left)).toBe(`group chat ${chatId} update del_member: stored`);
    expect(await chatInteractionsOf(customer)).toHaveLength(0);
    expect((await followUpsOf(customer))[0]?.status).toBe('PENDING');
  });
});
