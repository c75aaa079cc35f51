import { useCallback } from 'react';
import type { CustomerViewResponse } from '@contract/customer-view';
import { useQuery } from '@/lib/use-query';
import { getCustomerView } from '@/features/customer-view/api/get-customer-view';

/** The customer view for one external_userid (the actor's relation with them, or one in their scope). */
export function useCustomerView(externalUserid: string) {
  const fetcher = useCallback(
    (signal: AbortSignal) => getCustomerView({ externalUserid }, signal),
    [externalUserid],
  );
  return useQuery<CustomerViewResponse>(`customer-view:${externalUserid}`, fetcher);
}
