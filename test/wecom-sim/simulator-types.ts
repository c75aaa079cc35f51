// The simulator's public types, apart from server.ts so that the admin routes, which receive the running
// simulator, need not import the module that starts them.
import type { ActionMethods } from './actions/action-methods';
import type { AddCustomerInput, CustomerEditPatch } from './actions/customer-actions';
import type { SimLimits } from './api/common';
import type { DemoCorp } from './demo/demo-types';
import type { SimCall } from './gateway';
import type { DeliveryResult, SenderOptions, VerifyUrlResult } from './sender';
import type { SimState } from './state';
import type { OpenClientInput } from './client/client-sessions';
import type { SimClientCall, SimClientSession } from './client/client-types';
import type { SignatureCheck, SignatureVerdict } from './client/verify-signature';

export interface SimulatorOptions {
  /** 0 = random free port (default); the host is always 127.0.0.1. */
  port?: number;
  corp?: DemoCorp;
  /** The bot's callback URL, used by deliver() and the customer actions; can be set later. */
  callbackUrl?: string;
  /** Clock in ms (default Date.now); tests pass a controllable clock. */
  now?: () => number;
  /** access_token lifetime (default 7200). */
  tokenTtlSeconds?: number;
  sender?: Partial<SenderOptions>;
  /** Override WeCom's limits, e.g. a tiny perApiPerMinute to test 45009 without 10,000 calls. */
  limits?: Partial<SimLimits>;
  /**
   * Keep every answer in `calls` (default true). A benchmark that serves a million relations turns it off: each
   * batch/get_by_user page's answer would stay in memory.
   */
  recordResponses?: boolean;
}

export interface AddCustomerResult {
  externalUserid: string;
  welcomeCode: string | null;
  delivery: DeliveryResult | null;
}

/** The running simulator; the contact-way, console-tag, group and mass-message actions come from actions/action-methods.ts. */
export interface WecomSimulator extends ActionMethods {
  /** API base: requests go to `${url}/cgi-bin/...`. */
  url: string;
  state: SimState;
  limits: SimLimits;
  /** Every API request received, in order (admin `/__sim/*` requests are not recorded). */
  calls: SimCall[];
  callbackUrl: string | null;
  callsTo(path: string): SimCall[];
  clearCalls(): void;
  setCallbackUrl(url: string | null): void;
  setNow(now: () => number): void;
  now(): number;
  /** Existing tokens answer 42001. */
  expireTokens(): void;
  /** Existing tokens answer 40014. */
  invalidateTokens(): void;
  /** The next `times` calls to that API answer `errcode`; path `'*'` = any API. */
  failNext(path: string, errcode: number, times?: number): void;
  /** The next `times` calls to that API are handled at once and answered `ms` later. */
  delayNext(path: string, ms: number, times?: number): void;
  /** A code for auth/getuserinfo, as if the member had opened the OAuth authorize URL. */
  issueOauthCode(userid: string): string;
  /** A code for someone outside the corp: getuserinfo answers an openid (+ external_userid for a customer). */
  issueOutsiderOauthCode(who?: { openid?: string; externalUserid?: string }): string;
  /** The app's trusted domain (default 127.0.0.1): OAuth redirects and JS-SDK pages must be on it. */
  setTrustedDomain(domain: string): void;
  /** A WeCom client logged in as the member with a chat open (client/); see clientOpenUrl for a browser. */
  openClient(input: OpenClientInput): SimClientSession;
  /** The URL a browser opens to be that client opening `target` (`/client/open?…`). */
  clientOpenUrl(input: OpenClientInput & { target: string }): string;
  /** The JS-SDK calls a client session's page made (register included), optionally of one API. */
  clientCalls(sessionId: string, api?: string): SimClientCall[];
  /** What the client answers a page's wx.config / wx.agentConfig signature: errcode 0, 40093, 80001, … */
  verifyJsapiSignature(check: SignatureCheck): SignatureVerdict;
  addCustomer(input: AddCustomerInput): Promise<AddCustomerResult>;
  guideDeletesCustomer(userid: string, externalUserid: string): Promise<DeliveryResult | null>;
  customerDeletesGuide(userid: string, externalUserid: string): Promise<DeliveryResult | null>;
  editCustomer(
    userid: string,
    externalUserid: string,
    patch: CustomerEditPatch,
  ): Promise<DeliveryResult | null>;
  /** Encrypt + sign + POST a plaintext payload to the callback URL (throws when none is set). */
  deliver(plaintextXml: string, options?: Partial<SenderOptions>): Promise<DeliveryResult>;
  /** The GET URL-verification handshake against the callback URL. */
  verifyCallbackUrl(): Promise<VerifyUrlResult>;
  stop(): Promise<void>;
}

/** Starts the WeCom simulator on 127.0.0.1 (API.md §3 subset, in-memory state, every call recorded). */
