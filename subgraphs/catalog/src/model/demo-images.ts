/**
 * Placeholder product images made here, not fetched: an SVG with the product's colour and initials,
 * as a data URL, so the demo works offline and the same seed always gives the same pictures.
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

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string,
  );

export function placeholderImage(title: string, colour: string, variant = 0): string {
  const fill = palette[colour] ?? '#95a5a6';
  const ink = colour === 'white' || colour === 'sand' ? '#222831' : '#ffffff';
  const initials = title
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 3)
    .toUpperCase();
  const angle = (variant * 37) % 360;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">` +
    `<rect width="800" height="800" fill="${fill}"/>` +
    `<circle cx="400" cy="400" r="260" fill="none" stroke="${ink}" stroke-opacity="0.25" stroke-width="24" transform="rotate(${angle} 400 400)" stroke-dasharray="60 30"/>` +
    `<text x="400" y="440" font-family="sans-serif" font-size="160" text-anchor="middle" fill="${ink}">${escapeXml(initials)}</text>` +
    `<text x="400" y="720" font-family="sans-serif" font-size="36" text-anchor="middle" fill="${ink}" fill-opacity="0.8">${escapeXml(title)}</text>` +
    `</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
