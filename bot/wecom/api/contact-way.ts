import type { WecomClient } from '../client';

/** The fields of a 「联系我」 way we set (doc 92228); WeCom also has temporary ways, which channels do not use. */
export interface ContactWayFields {
  /** 1 = one member, 2 = several members (or departments). */
  type: 1 | 2;
  /** 1 = mini program button, 2 = QR code. */
  scene: 1 | 2;
  remark?: string;
  skip_verify?: boolean;
  /** Echoed as State on adds through this way; ≤30 characters. */
  state?: string;
  user?: string[];
  party?: number[];
}

/** add_contact_way → config_id, and the QR code URL for scene 2. */
export async function addContactWay(
  client: WecomClient,
  fields: ContactWayFields,
): Promise<{ configId: string; qrCode: string | undefined }> {
  const reply = await client.post<{ config_id: string; qr_code?: string }>(
    'externalcontact/add_contact_way',
    fields,
  );
  return { configId: reply.config_id, qrCode: reply.qr_code };
}

/** update_contact_way: type and scene cannot change; what is given replaces what was there. */
export async function updateContactWay(
  client: WecomClient,
  configId: string,
  fields: Omit<ContactWayFields, 'type' | 'scene'>,
): Promise<void> {
  await client.post('externalcontact/update_contact_way', { config_id: configId, ...fields });
}

export async function delContactWay(client: WecomClient, configId: string): Promise<void> {
  await client.post('externalcontact/del_contact_way', { config_id: configId });
}

export interface WecomContactWay extends ContactWayFields {
  config_id: string;
  qr_code?: string;
}

export async function getContactWay(client: WecomClient, configId: string): Promise<WecomContactWay> {
  const reply = await client.post<{ contact_way: WecomContactWay }>('externalcontact/get_contact_way', {
    config_id: configId,
  });
  return reply.contact_way;
}
