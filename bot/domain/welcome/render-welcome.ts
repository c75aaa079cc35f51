/** Used when the corp has not written any template yet. It names the guide and store but not the customer, so
 * sending it never waits for the customer's profile. */
export const BUILT_IN_WELCOME = '您好！我是{store_name}的{guide_name}，很高兴认识您。有任何需要随时找我～';

/** Fills {customer_name}, {guide_name} and {store_name}; an unknown value becomes empty, never a raw brace. */
export function renderWelcome(
  text: string,
  values: Record<'customer_name' | 'guide_name' | 'store_name', string>,
) {
  return text.replace(
    /\{(customer_name|guide_name|store_name)\}/g,
    (_m, key: keyof typeof values) => values[key],
  );
}

export function needsCustomerName(text: string): boolean {
  return text.includes('{customer_name}');
}
