export { StorefrontLayout, type StorefrontLayoutProps } from './storefront-layout.tsx';
