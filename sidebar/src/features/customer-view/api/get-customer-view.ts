import type { CustomerViewQuery, CustomerViewResponse } from '@contract/customer-view';
import { api } from '@/lib/api-client';

/** GET /api/v1/customer-view: everything about the customer in one read. */
export function getCustomerView(
  query: CustomerViewQuery,
  signal?: AbortSignal,
): Promise<CustomerViewResponse> {
  return api.get<CustomerViewResponse>('/customer-view', { ...query }, signal);
}
