'use client';
import { Header, type NavLink, SearchBox, type SearchSuggestion } from '@meridian/design-system';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useCart } from './cart-context.tsx';

/** Wait this long after the last keystroke before asking for suggestions. */
const DEBOUNCE_MS = 150;

/**
 * Product suggestions for the search box: debounced, the previous request cancelled when the shopper types on, and
 * nothing shown for fewer than 2 characters. A failure just shows none: Enter still searches.
 */
function useSuggestions(query: string): { suggestions: SearchSuggestion[]; loading: boolean } {
  const [state, setState] = useState<{ for: string; suggestions: SearchSuggestion[] }>({ for: '', suggestions: [] });
  const [loading, setLoading] = useState(false);
  const wanted = query.replace(/\s+/g, ' ').trim();
  useEffect(() => {
    if (wanted.length < 2) return;
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      setLoading(true);
      try {
        const response = await fetch(`/api/suggest?q=${encodeURIComponent(wanted)}`, { signal: abort.signal });
        const body = (await response.json()) as { suggestions?: SearchSuggestion[] };
        setState({ for: wanted, suggestions: body.suggestions ?? [] });
      } catch {
        // aborted by the next keystroke, or offline: no suggestions
      } finally {
        if (!abort.signal.aborted) setLoading(false);
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [wanted]);
  // suggestions for an older text never show against a newer one
  const active = wanted.length >= 2;
  return { suggestions: active && state.for === wanted ? state.suggestions : [], loading: active && loading };
}

/** The store's header with the shopper's name and cart count, which arrive after the (cached) page has loaded. */
export function SiteHeader({ storeName, navigation }: { storeName: string; navigation: readonly NavLink[] }) {
  const { cart, customerName, open } = useCart();
  const pathname = usePathname();
  const router = useRouter();
  const [query, setQuery] = useState('');
  const { suggestions, loading } = useSuggestions(query);
  return (
    <Header
      storeName={storeName}
      navigation={navigation.map((link) => ({ ...link, current: pathname === link.href }))}
      search={
        // Enter without a chosen suggestion submits the form to /search (also without JavaScript)
        <SearchBox
          action="/search"
          label="Search products"
          value={query}
          onValueChange={setQuery}
          suggestions={suggestions}
          loading={loading}
          onSuggestionSelect={(suggestion) => router.push(`/p/${encodeURIComponent(suggestion.id)}`)}
        />
      }
      cartCount={cart?.count ?? 0}
      onCartClick={open}
      account={customerName ? { name: customerName, href: '/account' } : null}
      signInHref="/account/sign-in"
    />
  );
}
