/** Where the studio remembers that the welcome was dismissed. */
export const WELCOME_KEY = 'convstudio.welcome';

// localStorage can be missing or refuse (private windows, file:// pages): the flag is a nicety, never an error.
export function readFlag(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeFlag(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Not remembered; the welcome shows again next time, which is harmless.
  }
}
