import { TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { SearchIcon } from './icons';

interface SearchInputProps {
  label: string;
  placeholder?: string;
  value: string | undefined;
  /** Called (debounced) with the new text, or undefined when cleared. */
  onSearch: (value: string | undefined) => void;
  maw?: number;
}

/** A search box that updates the URL as the user types, without a request per keystroke. */
export function SearchInput({ label, placeholder, value, onSearch, maw = 360 }: SearchInputProps) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const commit = useDebouncedCallback((next: string) => onSearch(next.trim() || undefined), 350);
  return (
    <TextInput
      type="search"
      label={label}
      placeholder={placeholder}
      value={text}
      leftSection={<SearchIcon size={16} />}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onSearch(text.trim() || undefined);
      }}
      style={{ flex: '1 1 16rem' }}
      maw={maw}
    />
  );
}
