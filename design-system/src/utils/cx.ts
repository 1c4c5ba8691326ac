/** Joins class names, dropping the falsy ones: `cx('mds-button', className, busy && 'is-busy')`. */
export function cx(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(' ');
}
