// Leaving the page, in one place: the sign-in redirect and reloads go through here, so a component test can see
// where the page would go (jsdom cannot navigate) without the app knowing it is under test.

export const navigation = {
  assign(url: string): void {
    window.location.assign(url);
  },
  reload(): void {
    window.location.reload();
  },
  /** The page's path, query and hash: what sign-in must bring the guide back to. */
  currentLocation(): string {
    const { pathname, search, hash } = window.location;
    return `${pathname}${search}${hash}`;
  },
};
