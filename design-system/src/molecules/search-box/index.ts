export { SearchBox, type SearchBoxProps, type SearchSuggestion } from './search-box.tsx';
