/**
 * Every `code` an error body can carry. Adding a code means adding it here: `AppError` takes only these, so a
 * misspelt code is a compile error and the sidebar can switch over the list.
 */
export const ERROR_CODES = [
  // The error middleware.
  'invalid_request',
  'not_found',
  'internal_error',
  'http_error',
  // Reading a raw body (raw-body's error types, passed through with their 4xx status).
  'entity.too.large',
  'request.aborted',
  'request.size.invalid',
  'encoding.unsupported',
  // Authentication and bodies.
  'staff_api_not_configured',
  'bad_token',
  'forbidden',
  'integration_not_configured',
  'bad_signature_headers',
  'stale_request',
  'bad_signature',
  'replayed_request',
  'invalid_json',
  'unsupported_media_type',
  'body_too_large',
  'bad_cursor',
  // The sidebar's session (WeCom sign-in) and the JS-SDK signatures.
  'session_required',
  'session_invalid',
  'session_expired',
  'no_access',
  'cross_origin_request',
  'foreign_url',
  // The WeCom callback.
  'callback_bad_xml',
  'callback_bad_signature',
  'callback_bad_ciphertext',
  'callback_decrypt_failed',
  'callback_wrong_corp',
  'event_not_found',
  // Tags.
  'tag_not_found',
  'tag_group_not_found',
  'group_not_found',
  'tag_not_editable',
  'tag_deleted',
  'relation_not_found',
  'relation_inactive',
  // Channels.
  'channel_not_found',
  'channel_type_fixed',
  'unknown_store',
  'unknown_guide',
  'bad_tag',
  // Member groups.
  'invalid_rule',
  'invalid_month',
  'not_a_list_group',
  'empty_group',
  // Mass messages.
  'empty_content',
  'text_too_long',
  'too_many_attachments',
  'empty_audience',
  'guide_not_found',
  // Follow-ups, interactions and orders.
  'guide_required',
  'follow_up_not_found',
  'customer_not_found',
  'no_guide',
  'order_conflict',
  // The sidebar: snoozing follow-ups, scripts.
  'follow_up_closed',
  'snooze_not_later',
  'script_not_found',
  'invalid_script',
  // Moments (朋友圈4+2+2).
  'moments_settings_invalid',
  'moment_post_not_found',
  'library_item_not_found',
  'invalid_library_item',
  'invalid_import',
  'already_nudged',
  'week_on_plan',
  'guide_unreachable',
  'moment_tasks_rate_limited',
  'moment_task_refused',
  'moment_task_not_found',
  'media_unreadable',
] as const;

/**
 * A WeCom errcode the service could not handle, as `wecom_<errcode>` (a 502 whose message is not shown). The
 * errcodes are WeCom's, so they are a pattern rather than entries of the list.
 */
export type WecomErrorCode = `wecom_${number}`;

export type ErrorCode = (typeof ERROR_CODES)[number] | WecomErrorCode;

/** What every 4xx and 5xx answer carries. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

/** Whether a string is one of the codes (e.g. an error type from a library). */
export function isErrorCode(value: string): value is ErrorCode {
  return KNOWN.has(value) || /^wecom_-?\d+$/.test(value);
}
