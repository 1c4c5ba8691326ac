/**
 * @meridian/design-system: tokens, tenant themes and React components in atomic layers. Presentational only: no
 * data fetching and no GraphQL (the apps map their data to these props). Each component imports its own CSS.
 */
import './tokens/tokens.css';
import './styles/base.css';

// ── atoms ──
export * from './atoms/avatar/index.ts';
export * from './atoms/badge/index.ts';
export * from './atoms/button/index.ts';
export * from './atoms/checkbox/index.ts';
export * from './atoms/heading/index.ts';
export * from './atoms/icon/index.ts';
export * from './atoms/icon-button/index.ts';
export * from './atoms/input/index.ts';
export * from './atoms/link/index.ts';
export * from './atoms/price/index.ts';
export * from './atoms/radio/index.ts';
export * from './atoms/select/index.ts';
export * from './atoms/skeleton/index.ts';
export * from './atoms/spinner/index.ts';
export * from './atoms/switch/index.ts';
export * from './atoms/text/index.ts';
export * from './atoms/textarea/index.ts';
// ── molecules ──
export * from './molecules/alert/index.ts';
export * from './molecules/breadcrumbs/index.ts';
export * from './molecules/dialog/index.ts';
export * from './molecules/dropdown-menu/index.ts';
export * from './molecules/empty-state/index.ts';
export * from './molecules/form-field/index.ts';
export * from './molecules/pagination/index.ts';
export * from './molecules/product-card/index.ts';
export * from './molecules/quantity-stepper/index.ts';
export * from './molecules/search-box/index.ts';
export * from './molecules/tabs/index.ts';
export * from './molecules/toast/index.ts';
// ── organisms ──
export * from './organisms/address-form/index.ts';
export * from './organisms/cart-drawer/index.ts';
export * from './organisms/checkout-steps/index.ts';
export * from './organisms/data-table/index.ts';
export * from './organisms/faceted-product-grid/index.ts';
export * from './organisms/footer/index.ts';
export * from './organisms/header/index.ts';
export * from './organisms/order-summary/index.ts';
export * from './organisms/product-gallery/index.ts';
export * from './organisms/side-nav/index.ts';
// ── templates ──
export * from './templates/account-page/index.ts';
export * from './templates/backoffice-shell/index.ts';
export * from './templates/catalog-page/index.ts';
export * from './templates/checkout-page/index.ts';
export * from './templates/product-page/index.ts';
export * from './templates/storefront-layout/index.ts';
// ── theme and helpers ──
export * from './theme/index.ts';
export { type FieldContextValue, useFieldControl } from './utils/field-context.ts';
export { type LinkComponent, LinkProvider, useLinkComponent } from './utils/link-context.tsx';
export { LocaleProvider, useLocale } from './utils/locale-context.tsx';
export { formatMoney, formatNumber, type Money, minorUnitExponent, toDecimalString } from './utils/money.ts';
export { VisuallyHidden } from './utils/visually-hidden.tsx';
