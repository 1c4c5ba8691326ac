import { notFound } from 'next/navigation';

/** Any path no page matches: the store's own 404 (with its header and footer), not a bare one. */
export default function Missing() {
  notFound();
}
