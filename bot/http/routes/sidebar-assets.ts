import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Context } from 'koa';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text types worth compressing; images and fonts (woff2) are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.map', '.txt']);
/** Below this, compression saves less than the header costs. */
const MIN_COMPRESS_BYTES = 1024;

interface CachedAsset {
  /** mtime + size of the file the variants were made from: a rebuilt file is read again. */
  version: string;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * Serves Vite's hashed assets (`/sidebar/assets/<name>-<hash>.js`) as immutable for a year, compressed with
 * brotli or gzip as the browser accepts. A hashed file never changes, so each is compressed once (brotli at its
 * best quality: a one-time cost) and kept in memory; `koa-compress` is not installed, and compressing per
 * request would spend CPU on every load of the same bytes. The cache holds one build's assets (a few hundred KB).
 */
export function createAssetServer(assetsDir: string) {
  const root = path.resolve(assetsDir);
  const cache = new Map<string, CachedAsset>();

  return async function serveAsset(ctx: Context, relative: string): Promise<boolean> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(relative);
    } catch {
      return false;
    }
    const file = path.resolve(root, `.${path.posix.sep}${decoded}`);
    // Never outside the assets folder (`..`, encoded slashes, NUL).
    if (decoded.includes('\0') || !file.startsWith(root + path.sep)) return false;
    let info;
    try {
      info = await stat(file);
    } catch {
      return false;
    }
    if (!info.isFile()) return false;
    const version = `${info.mtimeMs}:${info.size}`;
    let asset = cache.get(file);
    if (asset?.version !== version) {
      asset = { version, identity: await readFile(file) };
      cache.set(file, asset);
    }
    const ext = path.extname(file).toLowerCase();
    ctx.type = ext;
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('Last-Modified', info.mtime.toUTCString());
    if (!COMPRESSIBLE.has(ext) || asset.identity.length < MIN_COMPRESS_BYTES) {
      ctx.body = asset.identity;
      return true;
    }
    ctx.vary('Accept-Encoding');
    const encoding = ctx.acceptsEncodings('br', 'gzip', 'identity');
    if (encoding === 'br') {
      asset.br ??= await brotli(asset.identity, {
        params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
      });
      ctx.set('Content-Encoding', 'br');
      ctx.body = asset.br;
    } else if (encoding === 'gzip') {
      asset.gzip ??= await gzipAsync(asset.identity, { level: 9 });
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = asset.gzip;
    } else {
      ctx.body = asset.identity;
    }
    return true;
  };
}
