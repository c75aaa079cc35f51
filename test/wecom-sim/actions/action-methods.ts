import type { SimLimits } from '../api/common';
import {
  consoleCreateTagGroupInState,
  consoleDeleteTagsInState,
  consoleRenameTagInState,
  consoleShuffleTagsInState,
} from './console-tags';
import type { ConsoleShuffleInput, ConsoleTagGroupInput } from './console-tags';
import { addViaContactWayInState } from './contact-way-actions';
import type { AddViaContactWayInput } from './contact-way-actions';
import { editCustomerInState, setPersonalTagsInState } from './customer-actions';
import type { CustomerTagPatch } from './customer-actions';
import {
  createGroupChatInState,
  dismissGroupChatInState,
  joinGroupChatInState,
  leaveGroupChatInState,
} from './group-chat-actions';
import type { CreateGroupChatInput, JoinGroupChatInput } from './group-chat-actions';
import { confirmMassMessageInState, sendMassMessageInState } from './mass-message-progress';
import {
  deleteMomentInState,
  postMomentInState,
  publishMomentTaskInState,
  reactToMomentInState,
} from './moment-actions';
import type { PostMomentInput } from './moment-actions';
import type { SendMassMessageOptions } from './mass-message-progress';
import type { DeliveryResult } from '../sender';
import type { SimMassSendResult, SimMassTask, SimMoment, SimState } from '../state';

/**
 * Simulator methods for contact ways, console tag edits, client-side tag edits, customer groups and mass-message
 * sending. Each action changes state like WeCom would and delivers the callbacks WeCom would send (when a callback
 * URL is set); `delivery`/`deliveries` is null when nothing was delivered.
 */

export interface ActionMethodDeps {
  state: SimState;
  limits: SimLimits;
  now: () => number;
  /** Delivers one plaintext payload when a callback URL is set (or when `wanted` is true). */
  deliver: (xml: string, wanted?: boolean) => Promise<DeliveryResult | null>;
}

export interface AddViaContactWayResult {
  externalUserid: string;
  welcomeCode: string | null;
  /** The member the customer added (picked in turn for multi-member ways unless given). */
  userid: string;
  delivery: DeliveryResult | null;
}

export interface ConsoleTagResult {
  /** One per change_external_tag callback, in order. */
  deliveries: Array<DeliveryResult | null>;
}

export interface MassSendOutcome {
  tasks: SimMassTask[];
  results: SimMassSendResult[];
}

export interface ActionMethods {
  /** A customer adds a member through a 「联系我」 config → add_external_contact with its State and a WelcomeCode. */
  addViaContactWay(
    configId: string,
    options?: Omit<AddViaContactWayInput, 'configId'>,
  ): Promise<AddViaContactWayResult>;
  /** Admin console: new tag group with tags (or tags into groupId) → one create callback per new id. */
  consoleCreateTagGroup(
    input: ConsoleTagGroupInput,
  ): Promise<ConsoleTagResult & { groupId: string; tagIds: string[] }>;
  /** Admin console: rename a tag or tag group → update callback. */
  consoleRenameTag(id: string, name: string): Promise<ConsoleTagResult>;
  /** Admin console: delete tags and/or tag groups → delete callbacks. */
  consoleDeleteTags(ids: string[]): Promise<ConsoleTagResult>;
  /** Admin console: reorder tags of a group, or the groups → shuffle callback. */
  consoleShuffleTags(input: ConsoleShuffleInput): Promise<ConsoleTagResult>;
  /** The guide edits a customer's corp / rule-group / personal tags in the client → edit_external_contact. */
  guideEditsTags(
    userid: string,
    externalUserid: string,
    patch: CustomerTagPatch,
  ): Promise<DeliveryResult | null>;
  /** Test setup: set a relation's personal tags, no callback. */
  setPersonalTags(userid: string, externalUserid: string, tagNames: string[]): void;
  /** A guide creates a customer group → change_external_chat create. */
  createGroupChat(input: CreateGroupChatInput): Promise<{ chatId: string; delivery: DeliveryResult | null }>;
  /** Someone joins a customer group → update add_member. */
  customerJoinsGroup(
    chatId: string,
    input?: JoinGroupChatInput,
  ): Promise<{ memberId: string; delivery: DeliveryResult | null }>;
  /** Someone leaves (or is removed with `removed: true`) → update del_member. */
  customerLeavesGroup(
    chatId: string,
    memberId: string,
    options?: { removed?: boolean },
  ): Promise<DeliveryResult | null>;
  /** The owner dismisses the group → change_external_chat dismiss. */
  dismissGroupChat(chatId: string): Promise<DeliveryResult | null>;
  /** A member confirms a mass-message task in the client (task status 1). No callback. */
  guideConfirmsMassMessage(msgid: string, userid?: string): SimMassTask[];
  /** A member sends a mass-message task: per-customer results 1 / 2 / 3. No callback. */
  guideSendsMassMessage(msgid: string, options?: SendMassMessageOptions): MassSendOutcome;
  /** A member posts to Moments from the client (no callback: the sync finds it through get_moment_list). */
  guidePostsMoment(input: PostMomentInput): SimMoment;
  /** The member deletes a post: it leaves get_moment_list. No callback. */
  guideDeletesMoment(momentId: string): void;
  /** A sender publishes an enterprise post (add_moment_task) in the client. No callback. */
  memberPublishesMomentTask(momentId: string, userid: string): void;
  /** A customer likes or comments on a post (get_moment_comments lists them). No callback. */
  customerReactsToMoment(momentId: string, externalUserid: string, reaction: 'like' | 'comment'): void;
}

/** Promise-returning methods are all `async`, so misuse surfaces as a rejection, never as a synchronous throw. */
export function createActionMethods(deps: ActionMethodDeps): ActionMethods {
  const { state } = deps;
  const deliverAll = async (xmls: string[]): Promise<ConsoleTagResult> => {
    const deliveries: Array<DeliveryResult | null> = [];
    // In order, one at a time: WeCom sends them as separate requests with the same CreateTime.
    for (const xml of xmls) deliveries.push(await deps.deliver(xml));
    return { deliveries };
  };
  return {
    addViaContactWay: async (configId, options = {}) => {
      const outcome = addViaContactWayInState(state, { ...options, configId }, deps.now());
      const delivery = await deps.deliver(outcome.xml, options.deliver);
      const { externalUserid, welcomeCode, userid } = outcome;
      return { externalUserid, welcomeCode, userid, delivery };
    },
    consoleCreateTagGroup: async (input) => {
      const { xmls, groupId, tagIds } = consoleCreateTagGroupInState(state, input, deps.now());
      return { ...(await deliverAll(xmls)), groupId, tagIds };
    },
    consoleRenameTag: async (id, name) =>
      deliverAll(consoleRenameTagInState(state, id, name, deps.now()).xmls),
    consoleDeleteTags: async (ids) => deliverAll(consoleDeleteTagsInState(state, ids, deps.now()).xmls),
    consoleShuffleTags: async (input) => deliverAll(consoleShuffleTagsInState(state, input, deps.now()).xmls),
    guideEditsTags: async (userid, externalUserid, patch) => {
      const { addTags, removeTags, addPersonalTags, removePersonalTags } = patch;
      const tagsOnly = { addTags, removeTags, addPersonalTags, removePersonalTags };
      return deps.deliver(editCustomerInState(state, userid, externalUserid, tagsOnly, deps.now()).xml);
    },
    setPersonalTags: (userid, externalUserid, tagNames) =>
      setPersonalTagsInState(state, userid, externalUserid, tagNames),
    createGroupChat: async (input) => {
      const { chatId, xml } = createGroupChatInState(state, input, deps.now());
      return { chatId, delivery: await deps.deliver(xml) };
    },
    customerJoinsGroup: async (chatId, input = {}) => {
      const { memberId, xml } = joinGroupChatInState(state, chatId, input, deps.now());
      return { memberId, delivery: await deps.deliver(xml) };
    },
    customerLeavesGroup: async (chatId, memberId, options = {}) =>
      deps.deliver(leaveGroupChatInState(state, chatId, memberId, options, deps.now()).xml),
    dismissGroupChat: async (chatId) => deps.deliver(dismissGroupChatInState(state, chatId, deps.now()).xml),
    guideConfirmsMassMessage: (msgid, userid) => confirmMassMessageInState(state, msgid, userid),
    guideSendsMassMessage: (msgid, options = {}) =>
      sendMassMessageInState(state, deps.limits, msgid, options, deps.now()),
    guidePostsMoment: (input) => postMomentInState(state, deps.now(), input),
    guideDeletesMoment: (momentId) => deleteMomentInState(state, momentId),
    memberPublishesMomentTask: (momentId, userid) => publishMomentTaskInState(state, momentId, userid),
    customerReactsToMoment: (momentId, externalUserid, reaction) =>
      reactToMomentInState(state, deps.now(), { momentId, reaction, externalUserid }),
  };
}
