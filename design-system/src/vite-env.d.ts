/** Vite's `?raw` imports: the file's text (used by the token stories). */
declare module '*?raw' {
  const text: string;
  export default text;
}
