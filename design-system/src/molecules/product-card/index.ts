export {
  type Availability,
  ProductCard,
  type ProductCardProps,
  ProductCardSkeleton,
  type ProductImage,
} from './product-card.tsx';
