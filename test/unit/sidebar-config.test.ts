import { ConfigError, loadConfig } from '../../bot/config';
import { safeReturnTo } from '../../bot/http/routes/auth';
import { withStandin } from '../../bot/http/routes/sidebar-static';

const BASE = {
  NODE_ENV: 'development',
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
  REDIS_URL: 'redis://127.0.0.1:6379',
  WECOM_CORP_ID: 'ww0123456789abcdef',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'secret-of-the-app',
  WECOM_CALLBACK_TOKEN: 'Token123',
  WECOM_ENCODING_AES_KEY: 'a'.repeat(43),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the sidebar’s configuration', () => {
  it('parses the role lists, the verify files and the defaults', () => {
    const { sidebar } = loadConfig({
      ...BASE,
      HQ_USERIDS: ' hq_ops , boss@corp ,',
      STORE_MANAGER_USERIDS: 'lisi:2,mgr.mx:3',
      WECOM_VERIFY_FILES: 'abc123,WW_verify_Def456.txt,WW_verify_x9.txt=x9',
    });
    expect(sidebar.hqUserids).toEqual(['hq_ops', 'boss@corp']);
    expect(sidebar.storeManagers).toEqual([
      { userid: 'lisi', wecomDeptId: 2 },
      { userid: 'mgr.mx', wecomDeptId: 3 },
    ]);
    expect(sidebar.verifyCodes).toEqual(['abc123', 'Def456', 'x9']);
    expect(sidebar.sessionTtlSeconds).toBe(12 * 3600);
    expect(sidebar.oauthAuthorizeUrl).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(sidebar.clientStandinUrl).toBeUndefined();
    expect(sidebar.distDir).toBe('sidebar/dist');
  });

  it('derives a development session secret from the app secret: stable, and different per secret', () => {
    const a = loadConfig(BASE).sidebar.sessionSecret;
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig(BASE).sidebar.sessionSecret).toBe(a);
    expect(loadConfig({ ...BASE, WECOM_SECRET: 'another' }).sidebar.sessionSecret).not.toBe(a);
    expect(loadConfig({ ...BASE, SESSION_SECRET: 's'.repeat(32) }).sidebar.sessionSecret).toBe(
      's'.repeat(32),
    );
  });

  it('refuses bad entries, naming the key', () => {
    expect(problemsOf({ ...BASE, STORE_MANAGER_USERIDS: 'lisi' }).join()).toMatch(/STORE_MANAGER_USERIDS/);
    expect(problemsOf({ ...BASE, WECOM_VERIFY_FILES: 'WW_verify_a.txt=b' }).join()).toMatch(
      /WECOM_VERIFY_FILES/,
    );
    expect(problemsOf({ ...BASE, WECOM_VERIFY_FILES: '../etc' }).join()).toMatch(/WECOM_VERIFY_FILES/);
    expect(problemsOf({ ...BASE, SESSION_SECRET: 'short' }).join()).toMatch(/SESSION_SECRET/);
  });

  it('in production, requires SESSION_SECRET and refuses the WeCom client stand-in', () => {
    const production = { ...BASE, NODE_ENV: 'production' };
    expect(problemsOf(production)).toEqual([
      expect.stringMatching(/^SESSION_SECRET: required in production/),
    ]);
    const problems = problemsOf({
      ...production,
      SESSION_SECRET: 'p'.repeat(40),
      WECOM_CLIENT_STANDIN_URL: 'http://127.0.0.1:8081',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^WECOM_CLIENT_STANDIN_URL: .*development and tests only/),
    ]);
    expect(problemsOf({ ...production, SESSION_SECRET: 'p'.repeat(40) })).toEqual([]);
    // Outside production the stand-in is allowed.
    expect(
      loadConfig({ ...BASE, WECOM_CLIENT_STANDIN_URL: 'http://127.0.0.1:8081/' }).sidebar.clientStandinUrl,
    ).toBe('http://127.0.0.1:8081');
  });
});

describe('returnTo after sign-in', () => {
  it.each(['/sidebar/', '/sidebar/?wwsim=ws1&x=%2F', '/sidebar/#/customer/1', '/'])('accepts %j', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'sidebar/',
    '/sidebar/\r\nSet-Cookie: x=1',
    '',
    `/${'a'.repeat(2048)}`,
  ])('refuses %j', (path) => {
    expect(safeReturnTo(path)).toBeNull();
  });

  it('refuses what is not one string', () => {
    expect(safeReturnTo(['/a', '/b'])).toBeNull();
    expect(safeReturnTo(undefined)).toBeNull();
  });
});

describe('the stand-in script tag', () => {
  it('goes before the module script, and nowhere without a stand-in', () => {
    const html = '<head><script type="module" src="/sidebar/assets/a.js"></script></head>';
    expect(withStandin(html, 'http://sim:1')).toBe(
      '<head><script src="http://sim:1/client/jssdk.js"></script>\n    <script type="module" src="/sidebar/assets/a.js"></script></head>',
    );
    expect(withStandin(html, undefined)).toBe(html);
    expect(withStandin('<head></head>', 'http://sim:1')).toContain('jssdk.js"></script>\n    </head>');
  });
});
