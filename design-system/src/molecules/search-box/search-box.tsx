'use client';
import { type ComponentProps, type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { Icon } from '../../atoms/icon/icon.tsx';
import { IconButton } from '../../atoms/icon-button/icon-button.tsx';
import { Spinner } from '../../atoms/spinner/spinner.tsx';
import { cx } from '../../utils/cx.ts';
import { VisuallyHidden } from '../../utils/visually-hidden.tsx';
import '../../styles/control.css';
import './search-box.css';

export interface SearchSuggestion {
  id: string;
  label: string;
  /** A second line: the category, or "in Shoes". */
  description?: string;
}

export type SearchBoxProps = Omit<ComponentProps<'form'>, 'onSubmit' | 'onChange'> & {
  /** The field's name for screen readers (there is no visible label in a header). */
  label?: string;
  placeholder?: string;
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  /** Submitted with Enter or the search button; without it the form submits to `action` (works without JS). */
  onSearch?: (query: string) => void;
  /** Suggestions as the shopper types (the app fetches them); the list opens when there are some. */
  suggestions?: readonly SearchSuggestion[];
  onSuggestionSelect?: (suggestion: SearchSuggestion) => void;
  /** Suggestions are being fetched. */
  loading?: boolean;
  /** The query parameter's name when the form submits to `action`. */
  name?: string;
  size?: 'md' | 'lg';
};

/**
 * A search form with an optional suggestion list, following the ARIA combobox pattern: focus stays in the field,
 * ↓/↑ move through suggestions (aria-activedescendant), Enter picks one or searches, Escape closes then clears.
 */
export function SearchBox({
  label = 'Search',
  placeholder = 'Search products',
  value,
  defaultValue = '',
  onValueChange,
  onSearch,
  suggestions = [],
  onSuggestionSelect,
  loading = false,
  name = 'q',
  size = 'md',
  className,
  ...props
}: SearchBoxProps) {
  const [own, setOwn] = useState(defaultValue);
  const query = value ?? own;
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(-1);
  const id = useId();
  const listId = `${id}-list`;
  const open = !dismissed && query.length > 0 && suggestions.length > 0;
  const activeSuggestion = open ? suggestions[active] : undefined;

  const change = (next: string) => {
    if (value === undefined) setOwn(next);
    onValueChange?.(next);
    setDismissed(false);
    setActive(-1);
  };
  const choose = (suggestion: SearchSuggestion) => {
    change(suggestion.label);
    setDismissed(true);
    onSuggestionSelect?.(suggestion);
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (activeSuggestion) {
      event.preventDefault();
      choose(activeSuggestion);
      return;
    }
    setDismissed(true);
    if (onSearch) {
      event.preventDefault();
      if (query.trim()) onSearch(query.trim());
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open) {
        if (suggestions.length > 0 && query) setDismissed(false);
        return;
      }
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      // wraps through "no selection" (-1) so the shopper can get back to what they typed
      setActive((current) => {
        const next = current + step;
        if (next >= suggestions.length) return -1;
        if (next < -1) return suggestions.length - 1;
        return next;
      });
    } else if (event.key === 'Escape') {
      event.preventDefault();
      if (open) setDismissed(true);
      else change('');
    }
  };

  const state = loading ? 'loading' : open ? 'open' : 'idle';
  return (
    // role="search" on the form rather than the newer <search> element: older screen readers know only the role
    // biome-ignore lint/a11y/useSemanticElements: see above
    <form
      role="search"
      className={cx('mds-search', className)}
      data-size={size}
      data-state={state}
      onSubmit={submit}
      {...props}
    >
      <label htmlFor={`${id}-input`} className="mds-visually-hidden">
        {label}
      </label>
      <span className="mds-search__field">
        <Icon name="search" size="sm" className="mds-search__icon" />
        <input
          id={`${id}-input`}
          className="mds-control mds-search__input"
          type="search"
          name={name}
          role="combobox"
          autoComplete="off"
          enterKeyHint="search"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={activeSuggestion ? `${id}-option-${active}` : undefined}
          placeholder={placeholder}
          value={query}
          onChange={(event) => change(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          onBlur={() => setDismissed(true)}
          data-size={size}
        />
        {loading ? <Spinner size="sm" className="mds-search__spinner" /> : null}
        {query ? (
          <IconButton
            icon="close"
            label="Clear search"
            size="sm"
            className="mds-search__clear"
            onClick={() => change('')}
          />
        ) : null}
      </span>
      <IconButton
        type="submit"
        icon="search"
        label="Search"
        variant="primary"
        size={size === 'lg' ? 'lg' : 'md'}
        className="mds-search__submit"
      />
      <div id={listId} role="listbox" aria-label="Suggestions" className="mds-search__list" hidden={!open}>
        {suggestions.map((suggestion, index) => (
          <div
            key={suggestion.id}
            id={`${id}-option-${index}`}
            role="option"
            // focus stays in the field (aria-activedescendant); -1 only keeps the option out of the tab order
            tabIndex={-1}
            aria-selected={index === active}
            className="mds-search__option"
            // mousedown, not click: it runs before the field's blur closes the list
            onMouseDown={(event) => {
              event.preventDefault();
              choose(suggestion);
            }}
          >
            <span>{suggestion.label}</span>
            {suggestion.description ? (
              <span className="mds-search__option-description">{suggestion.description}</span>
            ) : null}
          </div>
        ))}
      </div>
      <VisuallyHidden aria-live="polite">
        {loading
          ? 'Searching…'
          : open
            ? `${suggestions.length} ${suggestions.length === 1 ? 'suggestion' : 'suggestions'}, use the arrow keys to choose`
            : ''}
      </VisuallyHidden>
    </form>
  );
}
