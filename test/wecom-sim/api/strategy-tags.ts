import { z } from 'zod';
import type { SimStrategyTagGroup } from '../state';
import { parseBody } from './common';
import type { ApiRoute } from './common';
import { byOrder, presentGroup } from './corp-tags';

const schema = z.object({
  strategy_id: z.number().int().optional(),
  tag_id: z.array(z.string()).optional(),
  group_id: z.array(z.string()).optional(),
});

const present = (group: SimStrategyTagGroup, tags: SimStrategyTagGroup['tags'], withDeleted: boolean) => ({
  ...presentGroup(group, tags, withDeleted),
  strategy_id: group.strategyId,
});

/**
 * `POST externalcontact/get_strategy_tag_list` (doc 94882): the tag groups of 规则组 (rule groups), which
 * get_corp_tag_list never returns. strategy_id is optional ("否"): without it, every rule group's tags (our reading).
 * group_id wins over tag_id, as for corp tags; `deleted` only when querying by id (mirrors doc 92117 —
 * UNCONFIRMED here). The 代开发 copy of the page (doc 99544) adds 「应用仅能获取和管理由本应用创建的规则组标签」; the
 * self-built app page (94882) does not, so console-made rule groups are returned to our app.
 */
export const getStrategyTagList: ApiRoute = {
  method: 'POST',
  auth: true,
  handler: ({ body, ctx }) => {
    const input = parseBody(schema, body);
    const groups = byOrder(ctx.state.strategyTagGroups).filter(
      (g) => input.strategy_id === undefined || g.strategyId === input.strategy_id,
    );
    const groupIds = input.group_id ?? [];
    const tagIds = input.tag_id ?? [];
    if (groupIds.length > 0) {
      return {
        tag_group: groups.filter((g) => groupIds.includes(g.groupId)).map((g) => present(g, g.tags, true)),
      };
    }
    if (tagIds.length > 0) {
      const wanted = groups.flatMap((g) => {
        const tags = g.tags.filter((t) => tagIds.includes(t.id));
        return tags.length > 0 ? [present(g, tags, true)] : [];
      });
      return { tag_group: wanted };
    }
    const live = groups.filter((g) => !g.deleted);
    return {
      tag_group: live.map((g) =>
        present(
          g,
          g.tags.filter((t) => !t.deleted),
          false,
        ),
      ),
    };
  },
};
