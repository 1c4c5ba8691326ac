/**
 * Placeholder product images made here, not fetched: a small SVG with the product's colour and
 * initials, as a URL-encoded data URL (under 300 bytes), so the demo works offline, the same seed always
 * gives the same pictures, and a listing of 24 products does not carry kilobytes of image bytes.
 */
const palette: Record<string, string> = {
  black: '#222831',
  white: '#f4f4f2',
  red: '#c0392b',
  blue: '#2e86de',
  green: '#27ae60',
  grey: '#7f8c8d',
  sand: '#d8c3a5',
  navy: '#1b2a49',
};

export function placeholderImage(title: string, colour: string): string {
  const fill = palette[colour] ?? '#95a5a6';
  const ink = colour === 'white' || colour === 'sand' ? '#222831' : '#fff';
  // Letters and digits only: nothing in the text needs XML escaping.
  const initials = title
    .split(/\s+/)
    .map((w) => (w.match(/[A-Za-z0-9]/) ?? [''])[0])
    .join('')
    .slice(0, 3)
    .toUpperCase();
  const svg =
    `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 80 80'><rect width='80' height='80' fill='${fill}'/>` +
    `<text x='40' y='46' font-family='sans-serif' font-size='16' text-anchor='middle' fill='${ink}'>${initials}</text></svg>`;
  return `data:image/svg+xml,${svg.replace(/[<>#%\s]/g, (c) => encodeURIComponent(c))}`;
}
