import type { ApiRoute } from './common';
import { addContactWay, delContactWay, getContactWay, listContactWay, updateContactWay } from './contact-way';
import { addCorpTag, delCorpTag, editCorpTag, getCorpTagList } from './corp-tags';
import { batchGetByUser, externalContactGet, externalContactList } from './customers';
import { departmentList, getFollowUserList, userGet } from './directory';
import { authGetUserInfo, getJsapiTicket, ticketGet } from './identity';
import { groupChatGet, groupChatList } from './group-chat';
import { addMsgTemplate } from './mass-message';
import { getGroupmsgListV2, getGroupmsgSendResult, getGroupmsgTask } from './mass-message-results';
import { messageSend } from './app-message';
import {
  addMomentTask,
  getMomentSendResult,
  getMomentTask,
  getMomentTaskResult,
  uploadAttachment,
} from './moment-tasks';
import { getMomentComments, getMomentList } from './moments';
import { markTag, remark } from './relation-edits';
import { gettoken } from './token';
import { getStrategyTagList } from './strategy-tags';
import { sendWelcomeMsg } from './welcome';

/** Every simulated API, keyed by its path under /cgi-bin/. */
export const API_ROUTES: ReadonlyMap<string, ApiRoute> = new Map<string, ApiRoute>([
  ['gettoken', gettoken],
  ['user/get', userGet],
  ['department/list', departmentList],
  ['externalcontact/get_follow_user_list', getFollowUserList],
  ['externalcontact/list', externalContactList],
  ['externalcontact/get', externalContactGet],
  ['externalcontact/batch/get_by_user', batchGetByUser],
  ['externalcontact/remark', remark],
  ['externalcontact/send_welcome_msg', sendWelcomeMsg],
  ['externalcontact/get_corp_tag_list', getCorpTagList],
  ['externalcontact/add_corp_tag', addCorpTag],
  ['externalcontact/edit_corp_tag', editCorpTag],
  ['externalcontact/del_corp_tag', delCorpTag],
  ['externalcontact/mark_tag', markTag],
  ['externalcontact/get_strategy_tag_list', getStrategyTagList],
  ['externalcontact/add_contact_way', addContactWay],
  ['externalcontact/get_contact_way', getContactWay],
  ['externalcontact/update_contact_way', updateContactWay],
  ['externalcontact/del_contact_way', delContactWay],
  ['externalcontact/list_contact_way', listContactWay],
  ['externalcontact/groupchat/list', groupChatList],
  ['externalcontact/groupchat/get', groupChatGet],
  ['externalcontact/add_msg_template', addMsgTemplate],
  ['externalcontact/get_groupmsg_list_v2', getGroupmsgListV2],
  ['externalcontact/get_groupmsg_task', getGroupmsgTask],
  ['externalcontact/get_groupmsg_send_result', getGroupmsgSendResult],
  ['externalcontact/get_moment_list', getMomentList],
  ['externalcontact/get_moment_comments', getMomentComments],
  ['media/upload_attachment', uploadAttachment],
  ['externalcontact/add_moment_task', addMomentTask],
  ['externalcontact/get_moment_task_result', getMomentTaskResult],
  ['externalcontact/get_moment_task', getMomentTask],
  ['externalcontact/get_moment_send_result', getMomentSendResult],
  ['message/send', messageSend],
  ['auth/getuserinfo', authGetUserInfo],
  ['get_jsapi_ticket', getJsapiTicket],
  ['ticket/get', ticketGet],
]);

/** 'externalcontact/get', '/cgi-bin/externalcontact/get' and 'cgi-bin/externalcontact/get' all name the same API. */
export function normalizeApiPath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/^cgi-bin\//, '')
    .replace(/\/+$/, '');
}
