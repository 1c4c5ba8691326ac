export { CatalogPage, type CatalogPageProps } from './catalog-page.tsx';
