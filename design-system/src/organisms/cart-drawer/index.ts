export { CartDrawer, type CartDrawerProps, type CartLine } from './cart-drawer.tsx';
