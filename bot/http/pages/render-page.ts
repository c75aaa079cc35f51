import type { Context } from 'koa';

/** A small server-rendered page: a title, what happened, and what to do (for the member, then the admin). */
export interface PageContent {
  title: string;
  /** Paragraphs, plain text (escaped here). */
  lines: string[];
  /** A button, e.g. 「重新进入」 restarting the sign-in. */
  action?: { href: string; label: string };
  /** Shown smaller, after the action: what the corp's admin must do. */
  adminHint?: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * Answers with a page in Chinese, laid out for the chat toolbar (about 360 px wide) and the desktop client. No
 * scripts, no external resources, nothing cached: these pages say why the sidebar cannot open, never a stack
 * trace.
 */
export function renderPage(ctx: Context, status: number, page: PageContent): void {
  const lines = page.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n    ');
  const action = page.action
    ? `<a class="button" href="${escapeHtml(page.action.href)}">${escapeHtml(page.action.label)}</a>`
    : '';
  const hint = page.adminHint ? `<p class="hint">${escapeHtml(page.adminHint)}</p>` : '';
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(page.title)}</title>
  <style>
    body { margin: 0; font: 16px/1.6 -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
      color: #1f2329; background: #f5f6f7; }
    main { max-width: 480px; margin: 0 auto; padding: 48px 20px; }
    h1 { font-size: 20px; margin: 0 0 16px; }
    p { margin: 0 0 12px; word-break: break-word; }
    .button { display: block; margin: 24px 0 16px; padding: 12px; border-radius: 8px; background: #1677ff;
      color: #fff; text-align: center; text-decoration: none; font-size: 17px; }
    .hint { font-size: 14px; color: #646a73; }
  </style>
</head>
<body>
  <main>
    <h1>${escapeHtml(page.title)}</h1>
    ${lines}
    ${action}
    ${hint}
  </main>
</body>
</html>
`;
}
