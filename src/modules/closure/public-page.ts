/**
 * The shell of the pages people open from a link without logging in (verification, survey):
 * server-rendered HTML that works in any phone browser, WeChat's included, with no script. Every
 * value goes through `escapeHtml`; pages are sent with a CSP that allows no script at all. Pure.
 */
export type PageLanguage = 'zh-CN' | 'en';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** `?lang=en` wins, then the browser's first language; Chinese by default. */
export function pageLanguage(query: unknown, acceptLanguage: string | undefined): PageLanguage {
  const lang = (query as { lang?: unknown } | undefined)?.lang;
  if (lang === 'en' || lang === 'zh-CN') return lang;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

import type { FastifyReply } from 'fastify';

/** No script, no framing, images only from here: a token page cannot be used against its reader. */
export const PUBLIC_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",system-ui,sans-serif;background:#f5f6f8;color:#1f2329}
main{max-width:480px;margin:0 auto;padding:16px}
header{padding:8px 0 12px;color:#646a73;font-size:14px;display:flex;justify-content:space-between}
header a{color:#3370ff;text-decoration:none}
h1{font-size:20px;margin:0 0 12px}
.card{background:#fff;border-radius:12px;padding:16px;margin-bottom:12px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.label{color:#646a73;font-size:13px;margin:0}
.value{margin:2px 0 10px;white-space:pre-wrap;word-break:break-word}
.photos{display:grid;grid-template-columns:repeat(3,1fr);gap:6px}
.photos img{width:100%;aspect-ratio:1;object-fit:cover;border-radius:8px;background:#eee}
.answers{display:grid;gap:10px}
button{font:inherit;border:0;border-radius:10px;padding:14px;font-size:17px;width:100%;cursor:pointer}
.ok{background:#00b365;color:#fff}.partial{background:#ff8800;color:#fff}.bad{background:#f54a45;color:#fff}.primary{background:#3370ff;color:#fff}
textarea{width:100%;min-height:80px;font:inherit;border:1px solid #dee0e3;border-radius:8px;padding:8px}
.stars{display:flex;flex-direction:row-reverse;justify-content:center;gap:6px}
.stars input{position:absolute;opacity:0;width:1px;height:1px}
.stars label{font-size:40px;color:#dee0e3;cursor:pointer;line-height:1}
.stars input:checked~label,.stars label:hover,.stars label:hover~label{color:#ffb400}
.notice{text-align:center;padding:32px 16px}.notice .icon{font-size:48px}
`;

/** A whole page: `body` is HTML the caller built with escapeHtml. */
export function renderPublicPage(options: { language: PageLanguage; title: string; body: string; switchHref?: string }): string {
  const other = options.language === 'en' ? '中文' : 'English';
  return `<!doctype html>
<html lang="${options.language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="robots" content="noindex">
<title>${escapeHtml(options.title)}</title><style>${STYLE}</style></head>
<body><main>
<header><span>Loopdesk</span>${options.switchHref ? `<a href="${escapeHtml(options.switchHref)}">${other}</a>` : ''}</header>
${options.body}
</main></body></html>`;
}

/** A page that only says something: a used, expired or unknown link, or thanks. */
export function renderNotice(language: PageLanguage, notice: { icon: string; title: string; text: string }): string {
  return renderPublicPage({
    language, title: notice.title,
    body: `<div class="card notice"><div class="icon">${escapeHtml(notice.icon)}</div><h1>${escapeHtml(notice.title)}</h1><p>${escapeHtml(notice.text)}</p></div>`,
  });
}

/** Sends a page with the headers above. */
export const sendPublicPage = (reply: FastifyReply, status: number, html: string) => reply.status(status).headers(PUBLIC_PAGE_HEADERS).send(html);
