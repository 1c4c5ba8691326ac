export { Icon, type IconProps } from './icon.tsx';
export { type IconName, icons } from './icons.ts';
