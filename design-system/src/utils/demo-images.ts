/**
 * Placeholder pictures for stories and demos, drawn as inline SVG so Storybook and the story tests never touch the
 * network. Not exported from the package.
 */
const palettes = [
  ['#d8e2dc', '#7a9e7e', '#3d5a40'],
  ['#f1e3d3', '#d4a373', '#7f5539'],
  ['#dbe4f0', '#7d98c6', '#33415c'],
  ['#f4dbe4', '#c98ba4', '#6d3b51'],
  ['#e9e4d0', '#b5a86c', '#5c5430'],
  ['#dcefee', '#6fb1ad', '#235752'],
] as const;

type Kind = 'product' | 'portrait' | 'wide';

function hash(seed: string): number {
  let h = 7;
  for (const char of seed) h = (h * 31 + char.charCodeAt(0)) >>> 0;
  return h;
}

export function demoImage(kind: Kind, seed: string): string {
  const [bg, mid, dark] = palettes[hash(seed) % palettes.length] ?? palettes[0];
  const [w, h] = kind === 'wide' ? [1200, 600] : [800, 800];
  const shape =
    kind === 'portrait'
      ? `<circle cx="400" cy="320" r="150" fill="${mid}"/><rect x="170" y="500" width="460" height="300" rx="230" fill="${dark}"/>`
      : `<rect x="${w / 2 - 170}" y="${h / 2 - 210}" width="340" height="420" rx="36" fill="${mid}"/><circle cx="${w / 2}" cy="${h / 2 - 60}" r="90" fill="${dark}" opacity=".85"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="${bg}"/>${shape}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
