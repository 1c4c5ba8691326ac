/**
 * Sample store content for stories (Acme Outdoor Co., the demo tenant). Not exported from the package: apps map
 * their own GraphQL data to component props.
 */

import type { SideNavSection } from '../organisms/side-nav/side-nav.tsx';
import { demoImage } from './demo-images.ts';
import type { Money } from './money.ts';

const eur = (amount: number): Money => ({ amount, currency: 'EUR' });

export const demoProducts = [
  { id: 'p1', name: 'Ridgeline trail running shoe', vendor: 'Acme Outdoor', price: eur(12900), compareAt: eur(15900) },
  { id: 'p2', name: 'Summit 30 L daypack', vendor: 'Acme Outdoor', price: eur(8900) },
  {
    id: 'p3',
    name: 'Merino base layer, long sleeve',
    vendor: 'Northwool',
    price: eur(6900),
    availability: 'low-stock' as const,
  },
  { id: 'p4', name: 'Ultralight rain shell', vendor: 'Acme Outdoor', price: eur(17900) },
  {
    id: 'p5',
    name: 'Carbon trekking poles (pair)',
    vendor: 'Peakline',
    price: eur(11900),
    availability: 'out-of-stock' as const,
  },
  { id: 'p6', name: 'Insulated bottle 750 ml', vendor: 'Acme Outdoor', price: eur(2900), fromPrice: true },
  { id: 'p7', name: 'Trail socks, 3-pack', vendor: 'Northwool', price: eur(2400) },
  { id: 'p8', name: 'Headlamp 400 lm', vendor: 'Peakline', price: eur(4900), compareAt: eur(5900) },
].map((product, index) => ({
  ...product,
  href: `#product-${product.id}`,
  image: index === 6 ? undefined : { src: demoImage('product', product.id), alt: `${product.name}, product photo` },
}));

export const demoCategories = [
  { label: 'New in', href: '#new' },
  { label: 'Footwear', href: '#footwear' },
  { label: 'Clothing', href: '#clothing' },
  { label: 'Packs', href: '#packs' },
  { label: 'Gear', href: '#gear' },
  { label: 'Sale', href: '#sale' },
];

export const demoCartLines = [
  {
    id: 'l1',
    name: 'Ridgeline trail running shoe',
    href: '#product-p1',
    variant: 'Moss green · EU 42',
    image: { src: demoImage('product', 'p1'), alt: '' },
    unitPrice: eur(12900),
    quantity: 1,
    lineTotal: eur(12900),
    maxQuantity: 5,
  },
  {
    id: 'l2',
    name: 'Trail socks, 3-pack',
    href: '#product-p7',
    variant: 'Grey · M',
    unitPrice: eur(2400),
    quantity: 2,
    lineTotal: eur(4800),
    maxQuantity: 10,
  },
];

export const demoCountries = [
  { value: 'AT', label: 'Austria' },
  { value: 'BE', label: 'Belgium' },
  { value: 'FR', label: 'France' },
  { value: 'DE', label: 'Germany' },
  { value: 'IE', label: 'Ireland' },
  { value: 'NL', label: 'Netherlands' },
  { value: 'GB', label: 'United Kingdom' },
  { value: 'US', label: 'United States' },
];

export const demoOrders = Array.from({ length: 23 }, (_, index) => {
  const statuses = ['Paid', 'Shipped', 'Delivered', 'Refunded', 'Awaiting payment'] as const;
  const names = [
    'Ada Lovelace',
    'Grace Hopper',
    'Alan Turing',
    'Katherine Johnson',
    'Edsger Dijkstra',
    'Barbara Liskov',
  ];
  return {
    id: `ord_${1042 - index}`,
    number: `#${1042 - index}`,
    customer: names[index % names.length] ?? 'Guest',
    date: new Date(Date.UTC(2026, 2, 28 - index, 9 + (index % 8))).toISOString().slice(0, 10),
    status: statuses[index % statuses.length] ?? 'Paid',
    items: 1 + ((index * 7) % 5),
    total: eur(2400 + ((index * 3779) % 40000)),
  };
});
export type DemoOrder = (typeof demoOrders)[number];

export const demoFooterColumns = [
  {
    title: 'Shop',
    links: [
      { label: 'New in', href: '#new' },
      { label: 'Footwear', href: '#footwear' },
      { label: 'Sale', href: '#sale' },
    ],
  },
  {
    title: 'Help',
    links: [
      { label: 'Delivery', href: '#delivery' },
      { label: 'Returns', href: '#returns' },
      { label: 'Contact us', href: '#contact' },
    ],
  },
  {
    title: 'About',
    links: [
      { label: 'Our story', href: '#story' },
      { label: 'Privacy', href: '#privacy' },
      { label: 'Terms of sale', href: '#terms' },
    ],
  },
];

/** The back-office navigation with `current` marked. */
export const demoBackofficeSections = (current: string): SideNavSection[] =>
  (
    [
      {
        id: 'main',
        items: [
          { id: 'dashboard', label: 'Dashboard', href: '#dashboard', icon: 'chart' },
          { id: 'orders', label: 'Orders', href: '#orders', icon: 'receipt', badge: 12 },
          {
            id: 'catalog',
            label: 'Catalog',
            href: '#catalog',
            icon: 'tag',
            children: [
              { id: 'products', label: 'Products', href: '#products' },
              { id: 'categories', label: 'Categories', href: '#categories' },
              { id: 'price-lists', label: 'Price lists', href: '#price-lists' },
            ],
          },
          { id: 'inventory', label: 'Inventory', href: '#inventory', icon: 'package' },
          { id: 'customers', label: 'Customers', href: '#customers', icon: 'users' },
        ],
      },
      {
        id: 'settings',
        title: 'Settings',
        items: [
          { id: 'branding', label: 'Branding', href: '#branding', icon: 'sliders' },
          { id: 'users', label: 'Users and roles', href: '#users', icon: 'lock' },
        ],
      },
    ] satisfies SideNavSection[]
  ).map((section) => ({
    ...section,
    items: section.items.map((item: SideNavSection['items'][number]) => ({
      ...item,
      current: item.id === current,
      children: item.children?.map((child) => ({ ...child, current: child.id === current })),
    })),
  }));
