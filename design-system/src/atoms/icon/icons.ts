/**
 * The icon set: 24×24 outline paths drawn for Meridian (stroke 1.75, round caps), so icons inherit the text colour
 * and scale with the font. Add a name here to make it available everywhere.
 */
const CIRCLE = 'M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18z';

export const icons = {
  search: 'M11 4a7 7 0 1 1 0 14a7 7 0 0 1 0-14z M20 20l-3.9-3.9',
  cart: 'M3 4h2.2l2.3 10.5h10.3L20 7.5H6.2 M9.5 19a1 1 0 1 0 0 .01 M17 19a1 1 0 1 0 0 .01',
  user: 'M12 12a4 4 0 1 0 0-8a4 4 0 0 0 0 8z M4.5 20c.6-3.4 3.7-6 7.5-6s6.9 2.6 7.5 6',
  users:
    'M9 11a3.5 3.5 0 1 0 0-7a3.5 3.5 0 0 0 0 7z M2.5 20c.5-3 3.2-5.5 6.5-5.5s6 2.5 6.5 5.5 M16 4.5a3.5 3.5 0 0 1 0 6.5 M18 14.8c1.9.7 3.2 2.6 3.5 5.2',
  menu: 'M4 6h16 M4 12h16 M4 18h16',
  close: 'M6 6l12 12 M18 6L6 18',
  'chevron-left': 'M15 5l-7 7 7 7',
  'chevron-right': 'M9 5l7 7-7 7',
  'chevron-down': 'M5 9l7 7 7-7',
  'chevron-up': 'M5 15l7-7 7 7',
  'arrow-up': 'M12 19V5 M6 11l6-6 6 6',
  'arrow-down': 'M12 5v14 M6 13l6 6 6-6',
  sort: 'M8 20V4 M4 8l4-4 4 4 M16 4v16 M12 16l4 4 4-4',
  plus: 'M12 5v14 M5 12h14',
  minus: 'M5 12h14',
  check: 'M5 12.5l4.5 4.5L19 7.5',
  info: `${CIRCLE} M12 11v5.5 M12 7.8v.01`,
  success: `${CIRCLE} M8 12.5l2.7 2.7L16 9.8`,
  warning: 'M12 3.5L2.5 20h19L12 3.5z M12 10v4.5 M12 17.3v.01',
  error: `${CIRCLE} M9 9l6 6 M15 9l-6 6`,
  trash: 'M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13 M10 11v5 M14 11v5',
  heart: 'M12 20s-7.5-4.6-7.5-10.2A4.3 4.3 0 0 1 12 7.3a4.3 4.3 0 0 1 7.5 2.5C19.5 15.4 12 20 12 20z',
  star: 'M12 3.5l2.6 5.4 5.9.8-4.3 4.1 1 5.8L12 16.8l-5.2 2.8 1-5.8-4.3-4.1 5.9-.8z',
  filter: 'M4 5h16l-6 7.5V19l-4 1.5v-8L4 5z',
  home: 'M4 11l8-7 8 7 M6 9.5V20h12V9.5 M10 20v-5h4v5',
  package: 'M12 3l8 4.5v9L12 21l-8-4.5v-9z M4 7.5l8 4.5 8-4.5 M12 12v9 M8 5.3l8 4.5',
  sliders: 'M4 6h9 M17 6h3 M15 4v4 M4 12h3 M11 12h9 M9 10v4 M4 18h11 M19 18h1 M17 16v4',
  logout: 'M14 4h5v16h-5 M10 8l-4 4 4 4 M6 12h10',
  external: 'M14 4h6v6 M20 4l-9 9 M18 14v6H4V6h6',
  eye: 'M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z M12 9a3 3 0 1 0 0 6a3 3 0 0 0 0-6z',
  more: 'M5.5 12h.01 M12 12h.01 M18.5 12h.01',
  image: 'M4 5h16v14H4z M4 16l5-5 4 4 3-3 4 4 M15.5 9h.01',
  truck: 'M3 6h11v10H3z M14 10h4l3 3v3h-7 M7 18.5a1.5 1.5 0 1 0 0 .01 M17 18.5a1.5 1.5 0 1 0 0 .01',
  card: 'M3 6h18v12H3z M3 10h18 M7 15h3',
  mail: 'M3 6h18v12H3z M3 7l9 6.5L21 7',
  lock: 'M6 11h12v9H6z M8.5 11V8a3.5 3.5 0 0 1 7 0v3',
  grid: 'M4 4h7v7H4z M13 4h7v7h-7z M4 13h7v7H4z M13 13h7v7h-7z',
  chart: 'M5 20v-8 M12 20V5 M19 20v-5 M3 20h18',
  tag: 'M3.5 12.5V4h8.5l8.5 8.5-8 8z M8 8h.01',
  receipt: 'M6 3h12v18l-3-2-3 2-3-2-3 2z M9 8h6 M9 12h6',
  settings:
    'M12 9a3 3 0 1 0 0 6a3 3 0 0 0 0-6z M12 2.5v3 M12 18.5v3 M2.5 12h3 M18.5 12h3 M5.3 5.3l2.1 2.1 M16.6 16.6l2.1 2.1 M5.3 18.7l2.1-2.1 M16.6 7.4l2.1-2.1',
} as const;

export type IconName = keyof typeof icons;
