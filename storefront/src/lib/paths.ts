/** A local path to return to (`/checkout`); anything else (another site, `//evil`, `/\evil`) becomes the account. */
export function safeNextPath(value: string | undefined | null, fallback = '/account'): string {
  return value && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : fallback;
}
