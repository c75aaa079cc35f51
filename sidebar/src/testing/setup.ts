import '@testing-library/jest-dom/vitest';
import '@/app/react-19-compat';
import { cleanup, configure } from '@testing-library/react';
import { Toast } from 'antd-mobile';
import { afterEach, expect, vi } from 'vitest';
import { currentServer, resetServer } from '@/testing/fake-server';

// Patience, not a time limit under test: lazy chunks and a busy two-core machine can take a while.
configure({ asyncUtilTimeout: 5000 });

// Layout jsdom does not have, which antd-mobile measures with.
class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
// Lazy images never come into view in jsdom; they stay placeholders, which is all the tests need.
class NoopIntersectionObserver extends NoopResizeObserver {
  readonly root = null;
  readonly rootMargin = '';
  readonly thresholds = [];
  takeRecords(): IntersectionObserverEntry[] {
    return [];
  }
}
globalThis.IntersectionObserver ??= NoopIntersectionObserver as unknown as typeof IntersectionObserver;
window.scrollTo = () => undefined;
// Pointer capture (Popup's drag-to-close asks for it on every tap).
if (!('setPointerCapture' in Element.prototype)) {
  Object.assign(Element.prototype, {
    setPointerCapture: () => undefined,
    releasePointerCapture: () => undefined,
    hasPointerCapture: () => false,
  });
}
const matchMediaStub = (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }) as unknown as MediaQueryList;
if (typeof window.matchMedia !== 'function') {
  Object.defineProperty(window, 'matchMedia', { value: matchMediaStub, writable: true, configurable: true });
}

afterEach(() => {
  cleanup();
  Toast.clear();
  const unhandled = currentServer()?.unhandled ?? [];
  resetServer();
  delete window.__WECOM_STANDIN__;
  window.history.replaceState(null, '', '/sidebar/');
  vi.unstubAllGlobals();
  expect(unhandled, 'requests no fake route answered').toEqual([]);
});
