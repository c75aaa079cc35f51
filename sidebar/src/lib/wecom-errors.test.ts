import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-client';
import { explainWecomError } from '@/lib/wecom-errors';
import { WecomUnavailable } from '@/lib/wecom';

describe('explainWecomError', () => {
  it.each([
    [{ errMsg: 'agentConfig:invalid signature', errCode: 40093 }, 'signature'],
    [{ errMsg: 'config:fail,invalid signature' }, 'signature'],
    [{ errMsg: 'agentConfig:fail', errCode: '40093' }, 'signature'],
    [{ errMsg: 'config:fail not match any reliable domain' }, 'domain'],
    [{ errMsg: 'agentConfig:fail', errCode: 80001 }, 'domain'],
    [{ errMsg: 'agentConfig:invalid corpId more info at …', errCode: 40013 }, 'corp_mismatch'],
    [{ errMsg: 'getCurExternalContact:fail no permission' }, 'permission'],
    // The SDK rewrites the client's `fail_no_permission` this way.
    [{ errMsg: 'getCurExternalContact:nopermission' }, 'permission'],
    [{ errMsg: 'sendChatMessage:permission denied' }, 'permission'],
    [{ errMsg: 'agentConfig:fail function not exist' }, 'upgrade'],
    [{ errMsg: 'getContext:functionnotexist' }, 'upgrade'],
    [{ errMsg: 'getCurExternalContact:fail without context of external contact' }, 'no_context'],
    [{ errMsg: 'sendChatMessage:cancel' }, 'cancelled'],
    [{ errMsg: 'config:fail not in WeCom (wecom-sim: open the page through /client/open)' }, 'not_in_wecom'],
    [{ errMsg: 'sendChatMessage:fail something new' }, 'unknown'],
  ])('reads %o as %s', (result, kind) => {
    expect(explainWecomError(result).kind).toBe(kind);
  });

  it('reads our own failures: outside WeCom, no answer, and the signature endpoint', () => {
    expect(explainWecomError(new WecomUnavailable('not_in_wecom')).kind).toBe('not_in_wecom');
    expect(explainWecomError(new WecomUnavailable('timeout')).kind).toBe('timeout');
    const problem = explainWecomError(new ApiError(502, 'wecom_45009', 'rate limited'));
    expect(problem.kind).toBe('signature_service');
    expect(problem.detail).toBe('wecom_45009（HTTP 502）');
  });

  it('tells the guide what to do, the admin what to fix, and keeps the SDK’s words', () => {
    const problem = explainWecomError({ errMsg: 'agentConfig:invalid signature', errCode: 40093 });
    expect(problem.title).toBe('签名错误（40093）');
    expect(problem.forGuide).toMatch(/截图发给管理员/);
    expect(problem.forAdmin).toMatch(/企业 ticket 与应用 ticket/);
    expect(problem.detail).toBe('agentConfig:invalid signature · errCode 40093');
    expect(explainWecomError({ errMsg: 'agentConfig:fail function not exist' }).forAdmin).toBeNull();
  });
});
