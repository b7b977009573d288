/** A row of toggle buttons (one pressed): real buttons, so they take focus and work with the keyboard. */
export function Chips<V extends string>(props: {
  label: string;
  value: V;
  onChange: (v: V) => void;
  options: { value: V; label: string; count?: number }[];
}) {
  return (
    <fieldset className="chips">
      <legend className="visually-hidden">{props.label}</legend>
      {props.options.map((o) => (
        <button key={o.value} type="button" className="chip" aria-pressed={props.value === o.value} onClick={() => props.onChange(o.value)}>
          {o.label}
          {o.count !== undefined ? <span className="chip-count">{o.count}</span> : null}
        </button>
      ))}
    </fieldset>
  );
}
