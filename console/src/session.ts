// The API key lives in this tab's sessionStorage only: gone when the tab closes, never in localStorage or a cookie.

const KEY = 'recs-console.api-key';

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  save: (key: string): void => sessionStorage.setItem(KEY, key),
  clear: (): void => sessionStorage.removeItem(KEY),
};
