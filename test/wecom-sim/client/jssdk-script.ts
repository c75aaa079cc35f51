/**
 * `GET /client/jssdk.js`: the JS-SDK stand-in the bot injects into the sidebar page (WECOM_CLIENT_STANDIN_URL).
 * It defines `window.__WECOM_STANDIN__` with the functions of `@wecom/jssdk` the sidebar uses, with the same
 * names, parameters and promise shapes (node_modules/@wecom/jssdk/types/index.d.ts): `register`,
 * `ensureConfigReady`, `getContext`, `getCurExternalContact`, `getCurExternalChat`, `sendChatMessage`,
 * `openEnterpriseChat`, `shareToExternalMoments`; results resolve `{ errMsg: '<api>:ok', errCode: 0, … }`, failures
 * reject `{ errMsg: '<api>:fail …', errCode }`, and `success` / `fail` / `complete` callbacks are called too.
 *
 * `register` calls the page's `getConfigSignature(url)` and `getAgentConfigSignature(url)` with `location.href`
 * minus its hash, as the SDK does, and the simulator checks them with its own tickets (client-api.ts). The
 * client session comes from `?wwsim=` (set by /client/open) and is kept in sessionStorage, so it survives the
 * OAuth round trip (which drops nothing of the query, but a reload might) and hash changes.
 */
export function jssdkScript(simOrigin: string): string {
  return `/* wecom-sim: a stand-in for the WeCom client's JS-SDK. Never loaded in production. */
(function () {
  'use strict';
  var SIM = ${JSON.stringify(simOrigin)};
  var KEY = 'wwsim';
  var fromQuery = new URLSearchParams(location.search).get(KEY);
  var session = null;
  try {
    if (fromQuery) sessionStorage.setItem(KEY, fromQuery);
    session = fromQuery || sessionStorage.getItem(KEY);
  } catch (e) {
    session = fromQuery;
  }
  var options = null;
  var task = null;

  function pageUrl() { return location.href.split('#')[0]; }
  function post(path, body) {
    // text/plain keeps it a simple request (no preflight); the simulator answers with CORS headers anyway.
    return fetch(SIM + '/client/api/' + path, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(body)
    }).then(function (res) { return res.json(); });
  }
  function safe(fn, arg) { try { if (typeof fn === 'function') fn(arg); } catch (e) { /* as the SDK: ignored */ } }
  function settle(params, promise) {
    return promise.then(function (result) {
      safe(params && params.success, result); safe(params && params.complete, result); return result;
    }, function (error) {
      var cancelled = error && typeof error.errMsg === 'string' && /:cancel$/.test(error.errMsg);
      safe(params && (cancelled ? params.cancel : params.fail), error); safe(params && params.complete, error);
      throw error;
    });
  }

  function runConfig() {
    var url = pageUrl();
    var opts = options;
    if (!opts.getConfigSignature && !opts.getAgentConfigSignature) {
      return Promise.reject(new Error('SDK Error: Missing getConfigSignature'));
    }
    if (!session) {
      return Promise.reject({ errMsg: 'config:fail not in WeCom (wecom-sim: open the page through /client/open)', errCode: -1 });
    }
    return Promise.all([
      opts.getConfigSignature ? opts.getConfigSignature(url) : undefined,
      opts.getAgentConfigSignature ? opts.getAgentConfigSignature(url) : undefined
    ]).then(function (signatures) {
      return post('register', {
        session: session, url: url, corpId: opts.corpId, agentId: opts.agentId, jsApiList: opts.jsApiList,
        config: signatures[0], agentConfig: signatures[1]
      });
    }).then(function (answer) {
      if (answer.config) safe(answer.config.errCode === 0 ? opts.onConfigSuccess : opts.onConfigFail, answer.config);
      if (answer.config) safe(opts.onConfigComplete, answer.config);
      if (answer.agentConfig) safe(answer.agentConfig.errCode === 0 ? opts.onAgentConfigSuccess : opts.onAgentConfigFail, answer.agentConfig);
      if (answer.agentConfig) safe(opts.onAgentConfigComplete, answer.agentConfig);
      var failed = [answer.config, answer.agentConfig].filter(function (r) { return r && r.errCode !== 0; })[0];
      if (failed || !answer.ok) throw failed || { errMsg: 'config:fail', errCode: -1 };
      var done = answer.agentConfig || answer.config;
      return { params: { url: url }, result: done };
    });
  }

  function ensureConfigReady() {
    if (!options) return Promise.reject(new Error('SDK Error: Missing getConfigSignature'));
    // Signed again when the URL without its hash changes (hash routing signs once per visit).
    if (!task || task.url !== pageUrl()) task = { url: pageUrl(), promise: runConfig() };
    return task.promise;
  }

  function api(name) {
    return function (params) {
      var ready = options ? ensureConfigReady() : Promise.resolve();
      return settle(params, ready.then(function () {
        var plain = {};
        for (var k in params || {}) {
          if (typeof params[k] !== 'function') plain[k] = params[k];
        }
        return post('call', { session: session, url: pageUrl(), api: name, params: plain });
      }).then(function (answer) {
        if (answer.ok) return answer.result;
        throw answer.error;
      }));
    };
  }

  window.__WECOM_STANDIN__ = {
    env: { isWeCom: Boolean(session), isWeChat: false },
    register: function (opts) {
      if (!opts || !opts.corpId) throw new Error('Missing corpId');
      options = opts;
      task = null;
      ensureConfigReady().catch(function () { /* reported through the callbacks and ensureConfigReady */ });
    },
    ensureConfigReady: ensureConfigReady,
    getContext: api('getContext'),
    getCurExternalContact: api('getCurExternalContact'),
    getCurExternalChat: api('getCurExternalChat'),
    sendChatMessage: api('sendChatMessage'),
    openEnterpriseChat: api('openEnterpriseChat'),
    shareToExternalMoments: api('shareToExternalMoments')
  };
})();
`;
}
