import { getCustomerView } from '../../domain/customer-view/get-customer-view';
import { updateRelationRemark } from '../../domain/customer-view/update-relation-remark';
import { IdParams } from '../contract/common';
import { CustomerViewQuery, RemarkInput } from '../contract/customer-view';
import { presentCustomerView, presentRemark } from '../presenters/customer-view';
import { parseInput } from '../validate';
import type { StaffRoutes } from './staff-api';

/** The sidebar's customer view (one composed read) and the guide's remark on the customer. */
export const customerViewRoutes: StaffRoutes = (router, deps) => {
  router.get('/customer-view', async (ctx) => {
    const query = parseInput(CustomerViewQuery, ctx.query);
    ctx.body = presentCustomerView(await getCustomerView(deps, ctx.state.actor, query));
  });

  router.patch('/relations/:id/remark', async (ctx) => {
    const { id } = parseInput(IdParams, ctx.params);
    const change = parseInput(RemarkInput, ctx.request.body);
    ctx.body = presentRemark(await updateRelationRemark(deps, ctx.state.actor, id, change));
  });
};
