/* eslint-disable no-console -- a CLI: printing is its job */
import { printDelivery } from './admin-client';
import type { CliContext, Delivery } from './admin-client';
import { needValue } from './args';

/** CLI commands for admin-console tag edits and seeding personal tags (admin/tag-routes.ts routes). */

const printDeliveries = (deliveries: Array<Delivery | null>): void => deliveries.forEach(printDelivery);

export async function runTagCommand(command: string, { values, admin }: CliContext): Promise<boolean> {
  const strategyId = values.strategy === undefined ? {} : { strategyId: Number(values.strategy) };
  switch (command) {
    case 'console-create-tags': {
      const group = values.group ? { groupId: values.group } : { groupName: needValue(values, 'group-name') };
      const body = { ...group, tags: needValue(values, 'tag'), ...strategyId };
      const res = await admin<{ groupId: string; tagIds: string[]; deliveries: Array<Delivery | null> }>(
        'POST',
        '/console/tag-groups',
        body,
      );
      console.log(`标签组 / group ${res.groupId}: ${res.tagIds.join(', ')}`);
      printDeliveries(res.deliveries);
      return true;
    }
    case 'console-rename-tag': {
      const [id] = needValue(values, 'id');
      const path = `/console/tags/${encodeURIComponent(id ?? '')}/rename`;
      const res = await admin<{ deliveries: Array<Delivery | null> }>('POST', path, {
        name: needValue(values, 'name'),
      });
      printDeliveries(res.deliveries);
      return true;
    }
    case 'console-delete-tags':
    case 'console-shuffle-tags': {
      const isDelete = command === 'console-delete-tags';
      const body = isDelete
        ? { ids: needValue(values, 'id') }
        : {
            ...(values.group ? { groupId: values.group } : {}),
            ...strategyId,
            order: needValue(values, 'id'),
          };
      const path = isDelete ? '/console/tags/delete' : '/console/tags/shuffle';
      printDeliveries((await admin<{ deliveries: Array<Delivery | null> }>('POST', path, body)).deliveries);
      return true;
    }
    case 'set-personal-tags': {
      const path = `/customers/${encodeURIComponent(needValue(values, 'customer'))}/personal-tags`;
      await admin('PUT', path, { userid: needValue(values, 'guide'), tags: values['personal-tag'] ?? [] });
      console.log('个人标签已设置 / personal tags set (no callback)');
      return true;
    }
    default:
      return false;
  }
}
