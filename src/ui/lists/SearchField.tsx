import { useId } from 'react';

/** A list's search box; the list filters as the text changes. */
export function SearchField({
  label,
  placeholder,
  hint,
  value,
  onChange,
  className,
}: {
  label: string;
  placeholder: string;
  /** What the search looks in, under the box. */
  hint?: string;
  value: string;
  onChange: (text: string) => void;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={className === undefined ? 'field' : `field ${className}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-describedby={hint === undefined ? undefined : `${id}-hint`}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      {hint !== undefined && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
