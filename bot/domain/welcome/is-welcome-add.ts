import { textOf, type XmlFields } from '../../wecom/callback-xml';

const ADD_CHANGE_TYPES = new Set(['add_external_contact', 'add_half_external_contact']);

/** An add (or one-way add) that carried a WelcomeCode: we have 20 seconds to greet with it. */
export function isWelcomeAdd(fields: XmlFields): boolean {
  return ADD_CHANGE_TYPES.has(textOf(fields, 'ChangeType') ?? '') && Boolean(textOf(fields, 'WelcomeCode'));
}
